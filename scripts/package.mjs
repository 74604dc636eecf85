// `npm run package`: the VSIX a user installs, built by @vscode/vsce (which runs `vscode:prepublish`,
// the production build). .vscodeignore keeps it to the bundles, the OUI table, the icons and the
// helper's native module. Prints the VSIX's path, size and file count.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const { name, version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
/** Where the VSIX goes; `npm start` and the end-to-end tests install it from here. */
export const vsixPath = path.join(root, 'out', `${name}-${version}.vsix`);

mkdirSync(path.dirname(vsixPath), { recursive: true });
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
// No LICENSE file yet and a placeholder repository: --skip-license and --allow-missing-repository
// stop vsce from asking on stdin, which would hang CI. Without a repository vsce cannot turn the
// README's relative image link into an absolute one, so it leaves links as they are.
const run = spawnSync(
  process.execPath,
  [vsce, 'package', '--skip-license', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsixPath],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' },
);
if (run.status !== 0) {
  process.stdout.write(run.stdout ?? '');
  console.error(`[package] vsce package exited ${run.status ?? run.signal}`);
  process.exit(1);
}
const files = /\((\d+) files?/.exec(run.stdout)?.[1] ?? '?';
const kib = (statSync(vsixPath).size / 1024).toFixed(0);
console.log(`[package] ${path.relative(root, vsixPath)}: ${kib} KiB, ${files} files`);
