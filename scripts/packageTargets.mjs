// The platforms LAN Lens's VSIX is made for (`vsce package --target`), where each one's native
// binaries come from, and what a binary must pass before it ships: built for the target's OS and
// CPU and, on Linux, needing no newer glibc or libstdc++ than the floor (read from `objdump -T`).
// scripts/package.mjs packages with it; `node scripts/packageTargets.mjs check TARGET FILE…`
// checks binaries on their own (the integration test uses it).
import { spawnSync } from 'node:child_process';
import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The newest symbol versions a shipped Linux binary may need: glibc 2.28 with GCC 8's libstdc++,
 * as on RHEL 8 (the oldest in support with Ubuntu 20.04's 2.31), and VS Code's own floor since 1.86.
 */
export const LINUX_FLOOR = { GLIBC: '2.28', GLIBCXX: '3.4.25', CXXABI: '1.3.11' };

/** The capture module, LAN Lens's fork of cap, as node-gyp builds it (npm ci, scripts/buildCap.sh). */
const CAP = 'node_modules/cap/build/Release/cap.node';
/** lanlens-capd, the capture program the grant installs (Linux only; docs/privilege.md), built beside it. */
const CAPD = 'node_modules/cap/build/Release/lanlens-capd';

/**
 * Every target: its OS and CPU, the binary format its files must have, the native binaries the
 * VSIX ships (paths in the repository, and so in the VSIX), where they are built (npm ci compiles
 * them with node-gyp on a machine of the target: there is no cross-compiling), whether this
 * repository's tests run there, and where capture finds its libpcap at run time.
 */
export const TARGETS = {
  'linux-x64': {
    platform: 'linux',
    arch: 'x64',
    format: 'ELF x86-64',
    binaries: [CAP, CAPD],
    builtOn: 'linux-x64: here (Debian 12)',
    tested: true,
    libpcap: 'the system’s libpcap.so.1 or libpcap.so.0.8',
  },
  'linux-arm64': {
    platform: 'linux',
    arch: 'arm64',
    format: 'ELF AArch64',
    binaries: [CAP, CAPD],
    builtOn: 'a linux-arm64 machine or CI runner',
    tested: false,
    libpcap: 'the system’s libpcap.so.1 or libpcap.so.0.8',
  },
  'darwin-x64': {
    platform: 'darwin',
    arch: 'x64',
    format: 'Mach-O x86-64',
    binaries: [CAP],
    builtOn: 'an Intel Mac or a macOS x64 CI runner',
    tested: false,
    libpcap: 'BPF through the system’s /usr/lib/libpcap.A.dylib',
  },
  'darwin-arm64': {
    platform: 'darwin',
    arch: 'arm64',
    format: 'Mach-O arm64',
    binaries: [CAP],
    builtOn: 'an Apple silicon Mac or a macOS arm64 CI runner',
    tested: false,
    libpcap: 'BPF through the system’s /usr/lib/libpcap.A.dylib',
  },
  'win32-x64': {
    platform: 'win32',
    arch: 'x64',
    format: 'PE x64',
    binaries: [CAP],
    builtOn: 'Windows x64 with the Visual Studio build tools, or a Windows CI runner',
    tested: false,
    libpcap: 'Npcap’s wpcap.dll from its install folder, never bundled (its licence forbids it)',
  },
};

/** The target of this machine, as vsce names targets. */
export function hostTarget() {
  return `${process.platform}-${process.arch}`;
}

/** The binary format of the file's first bytes, in the words of TARGETS' `format`, or undefined. */
export function binaryFormat(header) {
  const u16 = (offset, little) => (little ? header.readUInt16LE(offset) : header.readUInt16BE(offset));
  if (header.length >= 20 && header.readUInt32BE(0) === 0x7f454c46) {
    const machine = u16(18, header[5] === 1);
    return { 62: 'ELF x86-64', 183: 'ELF AArch64', 40: 'ELF ARM', 3: 'ELF x86' }[machine] ?? `ELF machine ${machine}`;
  }
  if (header.length >= 8 && header.readUInt32LE(0) === 0xfeedfacf) {
    const cpu = header.readUInt32LE(4);
    return { 0x01000007: 'Mach-O x86-64', 0x0100000c: 'Mach-O arm64' }[cpu] ?? `Mach-O cpu ${cpu}`;
  }
  if (header.length >= 0x40 && header.toString('latin1', 0, 2) === 'MZ') {
    const pe = header.readUInt32LE(0x3c);
    if (pe + 6 <= header.length && header.toString('latin1', pe, pe + 4) === 'PE\0\0') {
      const machine = header.readUInt16LE(pe + 4);
      return { 0x8664: 'PE x64', 0xaa64: 'PE arm64', 0x14c: 'PE x86' }[machine] ?? `PE machine ${machine}`;
    }
  }
  return undefined;
}

function readHeader(file) {
  const header = Buffer.alloc(4096);
  const fd = openSync(file, 'r');
  try {
    return header.subarray(0, readSync(fd, header, 0, header.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** -1, 0 or 1 as dotted version `a` is older than, equal to or newer than `b`. */
function compareVersions(a, b) {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return Math.sign(d);
  }
  return 0;
}

/**
 * The symbols whose version is newer than `floor`, from `objdump -T` output: the versions an
 * ELF file needs (GLIBC_2.34, GLIBCXX_3.4.30…), as `dlopen (GLIBC_2.34)`.
 */
export function versionsAboveFloor(objdumpText, floor = LINUX_FLOOR) {
  const above = [];
  for (const line of objdumpText.split('\n')) {
    // Needed symbols are undefined (*UND*); the version is in parentheses (or bare) before the name.
    if (!line.includes('*UND*')) continue;
    const match = /\(?\b(GLIBC|GLIBCXX|CXXABI)_([\d.]+)\)?\s+(\S+)\s*$/.exec(line);
    if (!match) continue;
    const [, library, version, symbol] = match;
    if (compareVersions(version, floor[library]) > 0) above.push(`${symbol} (${library}_${version})`);
  }
  return above;
}

/** What is wrong with `file` as a binary of `target` (empty: nothing). */
export function checkBinary(file, target) {
  const spec = TARGETS[target];
  if (!existsSync(file)) return [`${file} is missing`];
  const format = binaryFormat(readHeader(file));
  if (format !== spec.format) return [`${file} is ${format ?? 'no known binary format'}, not ${spec.format}`];
  if (spec.platform !== 'linux') return [];
  const objdump = spawnSync('objdump', ['-T', file], { encoding: 'utf8' });
  if (objdump.error || objdump.status !== 0) {
    return [
      `cannot read ${file}'s symbol versions: objdump -T failed (${objdump.error?.message ?? objdump.stderr.trim()}); it comes with binutils (build-essential)`,
    ];
  }
  const above = versionsAboveFloor(objdump.stdout);
  if (!above.length) return [];
  const floor = Object.entries(LINUX_FLOOR)
    .map(([name, version]) => `${name}_${version}`)
    .join(', ');
  return [`${file} needs newer versions than the floor (${floor}): ${above.join(', ')}`];
}

/**
 * Why `target` cannot be packaged on this machine from `root`, or [] when it can: unknown, built
 * elsewhere, or a binary missing or wrong. Each reason says what to do.
 */
export function targetProblems(target, root) {
  const spec = TARGETS[target];
  if (!spec) return [`no target ${target}: the targets are ${Object.keys(TARGETS).join(', ')}`];
  if (target !== hostTarget()) {
    return [
      `the ${target} VSIX is built on ${spec.builtOn}, where npm ci compiles its native binaries; this machine is ${hostTarget()}`,
    ];
  }
  return spec.binaries.flatMap((binary) => {
    const problems = checkBinary(path.join(root, binary), target);
    if (problems[0]?.endsWith(' is missing'))
      return [`${binary} is missing: run \`npm ci\` (or \`bash scripts/buildCap.sh\`), which builds it`];
    return problems;
  });
}

// `node scripts/packageTargets.mjs check TARGET FILE…`: prints each problem, exits 1 if any.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const [command, target, ...files] = process.argv.slice(2);
  if (command !== 'check' || !TARGETS[target] || !files.length) {
    console.error(
      `usage: node scripts/packageTargets.mjs check TARGET FILE…   (TARGET: ${Object.keys(TARGETS).join(', ')})`,
    );
    process.exit(2);
  }
  const problems = files.flatMap((file) => checkBinary(file, target));
  for (const problem of problems) console.error(`[package] ${problem}`);
  if (!problems.length) console.log(`[package] ${files.length} binar${files.length === 1 ? 'y' : 'ies'} fit ${target}`);
  process.exit(problems.length ? 1 : 0);
}
