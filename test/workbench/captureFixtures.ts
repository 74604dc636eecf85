// The capture fixtures (test/fixtures) copied into a test workspace, with what tshark, the
// reference, reads in them (totals, a frame's bytes, the protocol hierarchy as the dashboard shows
// it): the tests compare what LAN Lens shows of the same file with these.
import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { CaptureFixture } from '../extensionHost/harnessProtocol';
import { formatBytes, formatCount } from '../../src/shared/format/displayFormat';
import { runOk } from '../lab/exec';
import { tsharkView } from '../lab/statsComparison';
import { repoRoot } from './codeServer';

const fixtures = path.join(repoRoot, 'test', 'fixtures');

/** Frames and wire bytes of a capture file, as tshark reads them. */
export async function tsharkTotals(file: string): Promise<{ packets: number; bytes: number }> {
  const { stdout } = await runOk('tshark', ['-n', '-r', file, '-T', 'fields', '-e', 'frame.len']);
  const lengths = stdout.split('\n').filter(Boolean).map(Number);
  return { packets: lengths.length, bytes: lengths.reduce((sum, length) => sum + length, 0) };
}

/** The hex bytes of frame `index` of `file`, as tshark dumps them. */
export async function tsharkFrameHex(file: string, index: number): Promise<string[]> {
  const { stdout } = await runOk('tshark', ['-n', '-r', file, '-Y', `frame.number == ${index}`, '-x']);
  const bytes: string[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^[0-9a-f]{4}\s{2}((?:[0-9a-f]{2} ?)+)/.exec(line);
    if (match) bytes.push(...match[1].trim().split(/\s+/));
    else if (bytes.length && !line.trim()) break; // only the frame's own bytes, not reassembled buffers
  }
  return bytes;
}

/** `path frames/bytes` lines of tshark's hierarchy as the dashboard shows them (bytes formatted). */
export function tsharkHierarchyRows(file: string): string[] {
  return tsharkView(file)
    .hierarchy.map((line) => {
      const [pathName, counts] = line.split(' ');
      const [frames, bytes] = counts.split('/').map(Number);
      return `${pathName} ${formatCount(frames)} ${formatBytes(bytes)}`;
    })
    .sort();
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
