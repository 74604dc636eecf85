// `npm start`: LAN Lens in a real VS Code (code-server) on 127.0.0.1, installed from its VSIX into
// a private profile in .cache/vscode/profile. As root it first builds the demo lab (namespaced
// hosts on 10.213.250.0/24) and confines LAN Lens to it; without root there is no lab, and LAN
// Lens is confined to loopback instead. Either way the machine's real network is never scanned.
// Ctrl+C stops code-server (with its extension host and helper) and removes the lab.
import path from 'node:path';
import { demoLabSpec } from '../lab/demoLab';
import type { Lab } from '../lab/lab';
import { createLab, labSkipReason } from '../lab/lab';
import { lanLensVsix } from './artifacts';
import { createProfile, installExtension, repoRoot, startCodeServer, workbenchSkipReason } from './codeServer';
import { labSettings } from './workbenchSettings';

async function main(): Promise<number> {
  const skip = workbenchSkipReason();
  if (skip) {
    console.error(`start: ${skip}`);
    return 1;
  }
  const labSkip = labSkipReason();
  let lab: Lab | undefined;
  if (!labSkip) lab = await createLab(demoLabSpec());
  const settings = lab
    ? labSettings({ cidr: lab.cidr, bridge: lab.bridge, dnsIp: lab.dnsIp })
    : labSettings({ cidr: '127.0.0.0/24', bridge: 'lo' });
  const profile = createProfile(path.join(repoRoot, '.cache', 'vscode', 'profile'), settings);
  await installExtension(profile, lanLensVsix);
  const port = Number(process.env.PORT ?? 8080);
  const workbench = await startCodeServer(profile, { port }).catch(() => startCodeServer(profile));

  console.log('');
  if (lab) {
    console.log(
      `DEMO LAB: ${lab.hosts.length} simulated hosts in network namespaces on ${lab.cidr} (bridge ${lab.bridge}, ` +
        `this machine is ${lab.bridgeIp}); nothing there is a real device, and it is all removed on exit.`,
    );
    console.log(`LAN Lens is set to scan only ${lab.cidr} through ${lab.bridge}, with names from the lab's DNS.`);
  } else {
    console.log(`No demo lab: ${labSkip}. Run "sudo npm start" for one.`);
    console.log('LAN Lens is set to scan only 127.0.0.0/24 on lo, so nothing leaves this machine.');
  }
  console.log(`\nLAN Lens in VS Code: ${workbench.url}`);
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
