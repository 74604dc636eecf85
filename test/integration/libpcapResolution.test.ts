// The capture module finds libpcap at run time under the names distributions give it. In a private
// mount namespace (unshare -m), an overlay on the library folder makes it look like Fedora or Arch
// (only libpcap.so.1, a link to the same library; Debian's libpcap.so.0.8 and libpcap.so hidden),
// then like a machine with no libpcap at all: the module still loads, every capture call fails
// with ENOLIBPCAP naming the package, the helper's status says so, and a pcap file is still read.
// Needs root (mount namespaces); the machine's files are never changed.
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertCaptureReport, runCapProbe } from '../lab/capProbe';
import { cliPath, repoRoot } from '../lab/cli';
import { run, runSync } from '../lab/exec';

/** Mounts the overlay on $2 (scratch in $1), leaves libpcap as mode $3 says, then runs the rest. */
const HIDE_LIBPCAP = `set -e
scratch=$1 libdir=$2 mode=$3
shift 3
mount -t tmpfs lanlens-libpcap "$scratch"
mkdir "$scratch/upper" "$scratch/work"
mount -t overlay overlay -o "lowerdir=$libdir,upperdir=$scratch/upper,workdir=$scratch/work" "$libdir"
real=$(basename "$(readlink -f "$libdir/libpcap.so.0.8")")
rm -f "$libdir/libpcap.so.0.8" "$libdir/libpcap.so"
if [ "$mode" = so1 ]; then ln -sfn "$real" "$libdir/libpcap.so.1"; else rm -f "$libdir"/libpcap.so*; fi
exec "$@"`;

/** The folder the dynamic loader finds Debian's libpcap.so.0.8 in, or why this test cannot run. */
function libpcapFolder(): { folder?: string; skip?: string } {
  if (process.platform !== 'linux') return { skip: 'libpcap sonames are a Linux matter' };
  if (process.getuid?.() !== 0) return { skip: 'mount namespaces and capturing need root (CI runs as root)' };
  const listed = /libpcap\.so\.0\.8 \([^)]*\) => (\S+)/.exec(runSync('ldconfig', ['-p']).stdout)?.[1];
  if (!listed) return { skip: "this machine's libpcap is not Debian's libpcap.so.0.8, so there is nothing to hide" };
  return { folder: path.dirname(realpathSync(listed)) };
}

const { folder, skip } = libpcapFolder();

describe('libpcap is found under any Linux soname', { skip }, () => {
  let scratch = '';
  before(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'lanlens-libpcap-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));
  const inNamespace = (mode: 'so1' | 'none', ...command: string[]) => [
    ...['unshare', '--mount', '--propagation', 'private', '--', 'sh', '-c', HIDE_LIBPCAP, 'sh'],
    ...[scratch, folder!, mode, ...command],
  ];
  /** Runs `args` with this Node inside the namespace, from the repository's root. */
  const runHidden = (mode: 'so1' | 'none', ...args: string[]) => {
    const [command, ...rest] = inNamespace(mode, process.execPath, ...args);
    return run(command, rest, { cwd: repoRoot, timeoutMs: 30_000 });
  };

  it('with only libpcap.so.1 (as on Fedora and Arch), it loads it and captures on loopback', async () => {
    const report = await runCapProbe(inNamespace('so1', process.execPath), 'capture');
    assert.equal(report.libpcap?.file, 'libpcap.so.1');
    assertCaptureReport(report);
  });

  it('without libpcap, the module loads and every capture call names the package to install', async () => {
    const report = await runCapProbe(inNamespace('none', process.execPath), 'missing');
    assert.deepEqual(report.exports, [
      'Cap',
      'capdPath',
      'compileFilter',
      'deviceList',
      'dropCapabilities',
      'dropToUser',
      'libpcap',
    ]);
    for (const key of ['libpcapError', 'openError', 'filterError']) {
      const error = report[key] as { code?: string; message?: string };
      assert.equal(error.code, 'ENOLIBPCAP', `${key}: ${JSON.stringify(error)}`);
      assert.match(error.message ?? '', /tried libpcap\.so\.1, libpcap\.so\.0\.8, libpcap\.so/);
      assert.match(error.message ?? '', /apt-get install libpcap0\.8.*dnf install libpcap.*pacman -S libpcap/);
    }
  });

  it("without libpcap, the helper's capture status says which package to install", async () => {
    const probe = path.join(repoRoot, 'test', 'lab', 'captureStatusProbe.ts');
    const result = await runHidden('none', '--import', 'tsx', probe);
    assert.equal(result.code, 0, result.stderr);
    const status = JSON.parse(result.stdout) as {
      available: boolean;
      problem?: { code: string; message: string; fix: string };
    };
    assert.equal(status.available, false);
    assert.equal(status.problem?.code, 'missing-libpcap');
    assert.match(status.problem?.message ?? '', /libpcap is not installed.*tried libpcap\.so\.1/);
    assert.match(
      status.problem?.fix ?? '',
      /libpcap0\.8.*Debian.*dnf install libpcap.*Fedora.*pacman -S libpcap.*Arch/,
    );
  });

  it('without libpcap, capture fails with the fix and a pcap file is still read', async () => {
    const fixture = path.join(repoRoot, 'test', 'fixtures', 'lab-small.pcap');
    const stats = await runHidden('none', cliPath, 'stats', fixture, '--json');
    assert.equal(stats.code, 0, stats.stderr);
    assert.equal((JSON.parse(stats.stdout) as { counters: { packets: number } }).counters.packets, 36);
    const capture = await runHidden('none', cliPath, 'capture', '-i', 'lo', '-c', '1');
    assert.equal(capture.code, 1, capture.stdout + capture.stderr);
    assert.match(capture.stderr, /libpcap is not installed/);
    assert.match(capture.stderr, /apt-get install libpcap0\.8/);
  });
});
