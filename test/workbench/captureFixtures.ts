// The capture fixtures (test/fixtures) copied into a test workspace, with what tshark, the
// reference, counts in them: the tests compare LAN Lens's statistics of the same file with these.
import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { CaptureFixture } from '../extensionHost/harnessProtocol';
import { runOk } from '../lab/exec';
import { repoRoot } from './codeServer';

const fixtures = path.join(repoRoot, 'test', 'fixtures');

/** Frames and wire bytes of a capture file, as tshark reads them. */
export async function tsharkTotals(file: string): Promise<{ packets: number; bytes: number }> {
  const { stdout } = await runOk('tshark', ['-n', '-r', file, '-T', 'fields', '-e', 'frame.len']);
  const lengths = stdout.split('\n').filter(Boolean).map(Number);
  return { packets: lengths.length, bytes: lengths.reduce((sum, length) => sum + length, 0) };
}

/** Copies the fixtures into `workspace`; undefined (the tests then skip) when tshark is not installed. */
export async function workspaceCaptures(
  workspace: string,
): Promise<{ good: CaptureFixture; corrupt: string; notCapture: string } | undefined> {
  if (!existsSync('/usr/bin/tshark')) return undefined;
  const good = path.join(workspace, 'lab-small.pcap');
  const corrupt = path.join(workspace, 'corrupt-record.pcap');
  copyFileSync(path.join(fixtures, 'lab-small.pcap'), good);
  const notCapture = path.join(workspace, 'not-a-capture.pcap');
  copyFileSync(path.join(fixtures, 'corrupt-record.pcap'), corrupt);
  copyFileSync(path.join(fixtures, 'not-a-capture.pcap'), notCapture);
  return { good: { path: good, ...(await tsharkTotals(good)) }, corrupt, notCapture };
}
