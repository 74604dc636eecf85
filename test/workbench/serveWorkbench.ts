// `npm start`: LAN Lens in a real VS Code (code-server) on 127.0.0.1, installed from its VSIX into
// a private profile in .cache/vscode/profile, behind a password it prints. As root it first builds
// the demo lab (test/lab/demoLab.ts) and confines LAN Lens to it, then serves VS Code as the user
// who ran sudo (or the unprivileged account lanlens-demo), never as root, with LAN Lens's capture
// grant for that user; without root there is no lab, and LAN Lens is confined to loopback. The
// machine's real network is never scanned. Ctrl+C stops code-server (with its extension host and
// helper), removes the lab and revokes a grant it made.
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { createDemoLab } from '../lab/demoLab';
import type { DemoLab } from '../lab/demoLab';
import { labSkipReason } from '../lab/lab';
import { lanLensVsix } from './artifacts';
import type { MachineImage } from './codeServer';
import { createProfile, installExtension, repoRoot, startCodeServer, workbenchSkipReason } from './codeServer';
import type { CaptureGrant, DemoUser } from './demoUser';
import { demoUser, giveTree, grantCapture, userImage, userImageSkipReason } from './demoUser';
import { labSettings } from './workbenchSettings';

const cache = realpathSync(path.join(repoRoot, '.cache', 'vscode'));
const capd = path.join(repoRoot, 'node_modules', 'cap', 'build', 'Release', 'lanlens-capd');

/** Who serves VS Code: as root, an unprivileged user with a capture grant; else this user. */
interface Served {
  image?: MachineImage;
  user?: DemoUser;
  grant?: CaptureGrant;
  cleanup(): void;
}

function serveAs(root: boolean): Served {
  if (!root) return { cleanup: () => {} };
  const skip = userImageSkipReason();
  if (skip) throw new Error(`start: cannot serve VS Code as an unprivileged user: ${skip}`);
  const user = demoUser();
  const image = userImage(cache, user);
  const grant = grantCapture(user, capd);
  return {
    image,
    user,
    grant,
    cleanup: () => {
      grant.revoke();
      image.dispose();
    },
  };
}

async function main(): Promise<number> {
  const skip = workbenchSkipReason();
  if (skip) {
    console.error(`start: ${skip}`);
    return 1;
  }
  const labSkip = labSkipReason();
  const served = serveAs(process.getuid?.() === 0);
  // On a signal the lab's handlers re-raise it and the process dies without 'exit': clean up then too.
  process.on('exit', () => served.cleanup());
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => served.cleanup());
  let demo: DemoLab | undefined;
  if (!labSkip) demo = await createDemoLab();
  const settings = demo
    ? { ...labSettings({ cidr: demo.cidr, bridge: demo.bridge, dnsIp: demo.dnsIp }), ...demo.settings }
    : labSettings({ cidr: '127.0.0.0/24', bridge: 'lo' });
  const password = randomBytes(18).toString('base64url');
  const profile = createProfile(path.join(cache, 'profile'), settings, password);
  const vsix = path.join(profile.root, path.basename(lanLensVsix));
  copyFileSync(lanLensVsix, vsix);
  if (served.user) {
    mkdirSync(path.join(profile.root, 'home'), { recursive: true });
    giveTree(profile.root, served.user);
  }
  await installExtension(profile, vsix, served.image);
  const port = Number(process.env.PORT ?? 8080);
  const options = { image: served.image };
  const workbench = await startCodeServer(profile, { port, ...options }).catch(() => startCodeServer(profile, options));

  console.log('');
  if (demo) {
    console.log(demo.describe());
    console.log(`LAN Lens is set to scan only ${demo.cidr} through ${demo.bridge}, with names from the lab's DNS.`);
  } else {
    console.log(`No demo lab: ${labSkip}. Run "sudo npm start" for one.`);
    console.log('LAN Lens is set to scan only 127.0.0.0/24 on lo, so nothing leaves this machine.');
  }
  if (served.user) {
    const grant =
      served.grant?.state === 'failed'
        ? `; it cannot capture (${served.grant.detail})`
        : served.grant?.state === 'granted'
          ? '; it may capture until Ctrl+C (LAN Lens capture grant, revoked then)'
          : '; it may capture (LAN Lens capture grant)';
    console.log(`VS Code runs as ${served.user.name}, not root${grant}.`);
  }
  console.log(`\nLAN Lens in VS Code: ${workbench.url}`);
  console.log(`Password: ${password}`);
  console.log('Open it, click the LAN Lens icon in the activity bar, then "Scan LAN". Ctrl+C stops everything.\n');
  return new Promise((resolve) => workbench.process.on('exit', (code) => resolve(code ?? 0)));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
