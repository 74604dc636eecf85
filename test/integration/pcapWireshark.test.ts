// Our pcap writer and reader against Wireshark's tools: tshark reads what we write, and we read what
// editcap and mergecap write (pcapng with several interfaces and link types, nanosecond pcap). Needs
// tshark, editcap and mergecap. Moved from test/unit/helper/pcap/pcapWriter.test.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openPcapFile } from '../../src/helper/capture/pcapFile';
import { createPcapFile } from '../../src/helper/capture/pcapWriter';
import { LinkType } from '../../src/helper/decode/linkType';
import { handMadeFrames } from '../fixtures/handMadeFrames';
import { ethernetFrames, recordLines, writeEthernetPcap } from '../fixtures/pcapFiles';
import { missingTool } from '../lab/tsharkOracle';

const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-pcap-tools-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('pcap files and Wireshark tools', { skip: missingTool('tshark') ?? missingTool('editcap') }, () => {
  const tool = (name: string, args: string[]) => {
    const run = spawnSync(name, args, { encoding: 'utf8' });
    assert.equal(run.status, 0, `${name} ${args.join(' ')}: ${run.stderr}`);
    return run.stdout;
  };

  it('tshark reads what we write: lengths and timestamps', () => {
    const file = writeEthernetPcap(dir, 'tshark.pcap', true);
    const lines = tool('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.cap_len', '-e', 'frame.time_epoch'])
      .trim()
      .split('\n');
    assert.deepEqual(
      lines,
      ethernetFrames.map((frame, i) => `${frame.bytes.length}\t${1700000000 + i}.123456789`),
    );
  });

  it('reads what editcap and mergecap write: pcapng with several interfaces and link types, nanosecond pcap', () => {
    const original = writeEthernetPcap(dir, 'original.pcap', true);
    const pcapng = path.join(dir, 'converted.pcapng');
    const nanoPcap = path.join(dir, 'converted-nsec.pcap');
    tool('editcap', ['-F', 'pcapng', original, pcapng]);
    tool('editcap', ['-F', 'nsecpcap', original, nanoPcap]);
    const expected = recordLines(openPcapFile(original));
    assert.deepEqual(recordLines(openPcapFile(pcapng)), expected);
    assert.deepEqual(recordLines(openPcapFile(nanoPcap)), expected);

    // Frames of three link types, merged by time into one pcapng with one interface per input.
    const inputs = [LinkType.LinuxSll, LinkType.Raw, LinkType.Null].map((linkType) => {
      const file = path.join(dir, `link-${linkType}.pcap`);
      const writer = createPcapFile(file, { linkType, nanoseconds: true });
      handMadeFrames
        .filter((frame) => frame.linkType === linkType)
        .forEach((frame, i) => writer.write(1700000000 + i, linkType, frame.bytes, 0, frame.bytes.length));
      writer.close();
      return file;
    });
    const merged = path.join(dir, 'merged.pcapng');
    tool('mergecap', ['-F', 'pcapng', '-w', merged, ...inputs]);
    const sortedByTime = (lines: string[]) => [...lines].sort((a, b) => a.split(' ')[1].localeCompare(b.split(' ')[1]));
    assert.deepEqual(
      recordLines(openPcapFile(merged)),
      sortedByTime(inputs.flatMap((file) => recordLines(openPcapFile(file)))),
    );
  });
});
