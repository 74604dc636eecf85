// A machine image with no Node.js but code-server's own, as a user's desktop without Node: a
// private mount namespace (`unshare -m`) per command, in which every other Node binary (the
// system's Node 20 in /usr/bin and any copy `find` turns up), npm, npx and corepack, Node's global
// modules and headers are hidden behind an empty file or an empty tmpfs, and whose PATH holds no
// node. The machine's own files are never changed; the namespace ends with its last process.
import { closeSync, existsSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run, runSync } from '../lab/exec';
import type { MachineImage } from './codeServer';
import { workbenchNode } from './codeServer';

/** How to run commands inside the image, and what it hides. */
export interface NoNodeImage extends MachineImage {
  /** files hidden behind an empty file, folders behind an empty tmpfs */
  hidden: { files: string[]; folders: string[] };
}

/** What the image looks like from inside. */
export interface ImageProbe {
  /** `command -v node` inside (empty: none on PATH) */
  nodeOnPath: string;
  /** every Node-like binary still readable on the root file system (real paths) */
  nodeFiles: string[];
}

// Where Node keeps more than its binary: global modules (npm, npx, corepack live there), headers.
const NODE_FOLDERS = [
  '/usr/lib/node_modules',
  '/usr/local/lib/node_modules',
  '/usr/include/node',
  '/usr/local/include/node',
  '/usr/share/nodejs',
  '/root/.nvm',
];

// The names a Node binary goes by (node, nodejs, node20, nodejs22…), as `find` arguments.
const NODE_NAME_ARGS = [
  '(',
  '-name',
  'node',
  '-o',
  '-name',
  'nodejs',
  '-o',
  '-name',
  'node[0-9]*',
  '-o',
  '-name',
  'nodejs[0-9]*',
  ')',
];

// Mounts the empty file over each file and an empty tmpfs over each folder, then runs the command.
const HIDE = `set -e
empty=$1; shift
count=$1; shift
while [ "$count" -gt 0 ]; do mount --bind "$empty" "$1"; shift; count=$((count - 1)); done
count=$1; shift
while [ "$count" -gt 0 ]; do mount -t tmpfs -o size=16k,mode=0755 lanlens-no-node "$1"; shift; count=$((count - 1)); done
exec "$@"`;

// Inside the image: node on PATH, then every file by a Node name that is an ELF binary or executable.
const PROBE = `command -v node || true
echo ---
find / -xdev -type f \\( -name node -o -name nodejs -o -name 'node[0-9]*' -o -name 'nodejs[0-9]*' \\) -size +0c \\
  -exec sh -c 'for f; do if [ -x "$f" ] || [ "$(head -c 4 "$f" | tail -c 3)" = ELF ]; then realpath "$f"; fi; done' sh {} + \\
  2>/dev/null || true`;

/** Why the image cannot be made here, or undefined. */
export function noNodeImageSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'a private mount namespace needs root (CI runs as root)';
  if (runSync('unshare', ['-m', 'true']).code !== 0) return 'unshare -m fails here (util-linux, CAP_SYS_ADMIN)';
  if (runSync('nsenter', ['--version']).code !== 0) return 'nsenter is missing (util-linux)';
  return undefined;
}

/** Whether `file` is a program: executable, or an ELF binary. */
function isProgram(file: string): boolean {
  if ((statSync(file).mode & 0o111) !== 0) return true;
  const head = Buffer.alloc(4);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, head, 0, 4, 0) === 4 && head.toString('latin1', 1) === 'ELF';
  } finally {
    closeSync(fd);
  }
}

/** Every Node binary on the machine but code-server's, by the search the probe repeats inside. */
function nodeBinaries(): string[] {
  const found = runSync('find', ['/', '-xdev', '-type', 'f', ...NODE_NAME_ARGS, '-size', '+0c']);
  return found.stdout.split('\n').filter((file) => file && file !== workbenchNode && isProgram(file));
}

/** Makes the image's plan; `dir` holds the empty file the hidden files are replaced by. */
export function noNodeImage(dir: string): NoNodeImage {
  const empty = path.join(dir, 'empty');
  writeFileSync(empty, '', { mode: 0o644 });
  const hidden = { files: nodeBinaries(), folders: NODE_FOLDERS.filter((folder) => existsSync(folder)) };
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(npm_|NODE|NVM_)/i.test(name)) env[name] = value;
  }
  // Every PATH folder with a node in it goes, the project's Node 24 included; /usr/bin and /bin stay
  // (their node is hidden) for ip, tshark and the rest.
  env.PATH = (process.env.PATH ?? '')
    .split(':')
    .filter((folder) => folder === '/usr/bin' || folder === '/bin' || !existsSync(path.join(folder, 'node')))
    .join(':');
  const wrap = (command: string, args: string[]): [string, string[]] => [
    'unshare',
    [
      '-m',
      '--propagation',
      'private',
      'sh',
      '-c',
      HIDE,
      'hide',
      empty,
      String(hidden.files.length),
      ...hidden.files,
      String(hidden.folders.length),
      ...hidden.folders,
      command,
      ...args,
    ],
  ];
  return { wrap, env, hidden };
}

/** Looks at the image from inside the mount namespace of process `pid` (code-server, run in it). */
export async function probeImage(image: NoNodeImage, pid: number): Promise<ImageProbe> {
  const args = ['--target', String(pid), '--mount', '--', 'sh', '-c', PROBE];
  const result = await run('nsenter', args, { env: image.env, timeoutMs: 120_000 });
  if (result.code !== 0) throw new Error(`the image probe exited ${result.code}: ${result.stderr}`);
  const [onPath, files] = result.stdout.split('---\n');
  return { nodeOnPath: onPath.trim(), nodeFiles: files.split('\n').filter(Boolean) };
}
