// `npm run package [-- --target TARGET]`: the platform-specific VSIX a user installs, built by
// @vscode/vsce (`vsce package --target`, which runs `vscode:prepublish`, the production build).
// TARGET defaults to this machine's; scripts/packageTargets.mjs says which targets exist, where
// their native binaries are built, and checks them first (format, glibc floor): a target whose
// binaries are missing or cannot be built here fails with what to do. .vscodeignore keeps the VSIX
// to the bundles, the OUI table, the icons and the capture module's JavaScript; the target's
// binaries are added to it here, so a VSIX holds its own target's binaries only. Prints the
// VSIX's path, size and file count.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hostTarget, TARGETS, targetProblems } from './packageTargets.mjs';

const root = path.resolve(import.meta.dirname, '..');
const { name, version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.join(root, 'out');

/** The names of the files in a zip (a VSIX), from its central directory. */
function zipEntries(file) {
  const zip = readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error(`${file} is not a zip`);
  const names = [];
  for (let at = zip.readUInt32LE(end + 16), n = zip.readUInt16LE(end + 10); n > 0; n--) {
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return names;
}

function fail(lines) {
  for (const line of lines) console.error(`[package] ${line}`);
  process.exit(1);
}

const targetArg = process.argv.indexOf('--target');
const target = targetArg > 0 ? process.argv[targetArg + 1] : hostTarget();
const problems = targetProblems(target, root);
if (problems.length) fail([`cannot package ${target}:`, ...problems]);

const { binaries } = TARGETS[target];
mkdirSync(out, { recursive: true });
const ignoreFile = path.join(out, `.vscodeignore-${target}`);
const ignored = readFileSync(path.join(root, '.vscodeignore'), 'utf8');
writeFileSync(
  ignoreFile,
  `${ignored}\n# ${target}'s native binaries (scripts/packageTargets.mjs)\n${binaries.map((binary) => `!${binary}`).join('\n')}\n`,
);

// Named for its target as vsce names it; `npm start` and the e2e tests install linux-x64's.
const vsix = path.join(out, `${name}-${target}-${version}.vsix`);
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
// No LICENSE file yet and a placeholder repository: --skip-license and --allow-missing-repository
// stop vsce from asking on stdin, which would hang CI. Without a repository vsce cannot turn the
// README's relative image link into an absolute one, so it leaves links as they are.
const run = spawnSync(
  process.execPath,
  [
    vsce,
    'package',
    '--target',
    target,
    '--ignoreFile',
    ignoreFile,
    '--skip-license',
    '--allow-missing-repository',
    '--no-rewrite-relative-links',
    '--out',
    vsix,
  ],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' },
);
if (run.status !== 0) {
  process.stdout.write(run.stdout ?? '');
  fail([`vsce package exited ${run.status ?? run.signal}`]);
}

// The target's binaries, and no other native module, are in the VSIX.
const entries = new Set(zipEntries(vsix));
const shipped = binaries.map((binary) => `extension/${binary}`);
const missing = shipped.filter((entry) => !entries.has(entry));
const foreign = [...entries].filter((entry) => entry.endsWith('.node') && !shipped.includes(entry));
if (missing.length || foreign.length) {
  fail([
    `${path.relative(root, vsix)} is wrong: missing ${missing.join(', ') || 'nothing'}, foreign ${foreign.join(', ') || 'nothing'}`,
  ]);
}
const kib = (statSync(vsix).size / 1024).toFixed(0);
console.log(
  `[package] ${path.relative(root, vsix)} (${target}): ${kib} KiB, ${entries.size} files, native: ${binaries.join(', ')}`,
);
