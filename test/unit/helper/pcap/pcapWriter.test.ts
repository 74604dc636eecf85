import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { bufferSource } from '../../../../src/helper/capture/byteSource';
import { openPacketReader, openPcapFile } from '../../../../src/helper/capture/pcapFile';
import type { PacketReader } from '../../../../src/helper/capture/pcapRecord';
import { createPcapFile, PcapWriter } from '../../../../src/helper/capture/pcapWriter';
import { LinkType } from '../../../../src/helper/decode/linkType';
import { handMadeFrames } from '../../../fixtures/handMadeFrames';
import { missingTool } from '../../../lab/tsharkOracle';
import { pcapHeader, pcapRecord } from '../../../fixtures/captureBytes';

const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-pcap-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const ethernet = handMadeFrames.filter((frame) => frame.linkType === LinkType.Ethernet);

function records(reader: PacketReader): string[] {
  const out: string[] = [];
  for (let record = reader.next(); record; record = reader.next()) {
    const bytes = record.data.toString('hex', record.offset, record.offset + record.capturedLength);
    out.push(`${record.linkType} ${record.seconds}.${record.nanoseconds} ${record.originalLength} ${bytes}`);
  }
  reader.close();
  return out;
}

function writeFile(name: string, nanoseconds = false, snapLength?: number): string {
  const file = path.join(dir, name);
  const writer = createPcapFile(file, { linkType: LinkType.Ethernet, nanoseconds, snapLength });
  ethernet.forEach((frame, i) => writer.write(1700000000 + i, 123456789, frame.bytes, 0, frame.bytes.length));
  writer.close();
  return file;
}

describe('pcap writer', () => {
  it('writes the bytes the pcap format specifies (header and records, little-endian)', () => {
    const chunks: Buffer[] = [];
    const writer = new PcapWriter(
      { write: (bytes, length) => chunks.push(Buffer.from(bytes.subarray(0, length))), close: () => undefined },
      { linkType: LinkType.Ethernet, snapLength: 65535 },
    );
    const frame = ethernet[0].bytes;
    writer.write(1700000000, 123456789, frame, 0, frame.length, 1514);
    writer.close();
    const expected = Buffer.concat([
      pcapHeader(true, false, LinkType.Ethernet, 65535),
      pcapRecord(true, 1700000000, 123456, frame, 1514),
    ]);
    assert.equal(Buffer.concat(chunks).toString('hex'), expected.toString('hex'));
  });

  it('round-trips through the reader, in micro- and nanoseconds; the snap length cuts packets', () => {
    const micro = records(openPcapFile(writeFile('micro.pcap')));
    assert.equal(micro.length, ethernet.length);
    assert.match(micro[0], /^1 1700000000\.123456000 /);
    assert.match(records(openPcapFile(writeFile('nano.pcap', true)))[0], /^1 1700000000\.123456789 /);
    const cut = records(openPcapFile(writeFile('cut.pcap', false, 40)));
    assert.ok(cut.every((line) => line.split(' ')[3].length <= 80));
    assert.equal(cut[0].split(' ')[2], String(ethernet[0].bytes.length));
  });

  it('packets from a reader (at an offset in its window) are written without change', () => {
    const source = readFileSync(writeFile('source.pcap'));
    const reader = openPacketReader(bufferSource(source));
    const file = path.join(dir, 'copy.pcap');
    const writer = createPcapFile(file, { linkType: LinkType.Ethernet });
    for (let r = reader.next(); r; r = reader.next()) {
      writer.write(r.seconds, r.nanoseconds, r.data, r.offset, r.capturedLength, r.originalLength);
    }
    writer.close();
    assert.equal(readFileSync(file).toString('hex'), source.toString('hex'));
  });
});

describe('pcap files and Wireshark tools', { skip: missingTool('tshark') ?? missingTool('editcap') }, () => {
  const tool = (name: string, args: string[]) => {
    const run = spawnSync(name, args, { encoding: 'utf8' });
    assert.equal(run.status, 0, `${name} ${args.join(' ')}: ${run.stderr}`);
    return run.stdout;
  };

  it('tshark reads what we write: lengths and timestamps', () => {
    const file = writeFile('tshark.pcap', true);
    const lines = tool('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.cap_len', '-e', 'frame.time_epoch'])
      .trim()
      .split('\n');
    assert.deepEqual(
      lines,
      ethernet.map((frame, i) => `${frame.bytes.length}\t${1700000000 + i}.123456789`),
    );
  });

  it('reads what editcap and mergecap write: pcapng with several interfaces and link types, nanosecond pcap', () => {
    const original = writeFile('original.pcap', true);
    const pcapng = path.join(dir, 'converted.pcapng');
    const nanoPcap = path.join(dir, 'converted-nsec.pcap');
    tool('editcap', ['-F', 'pcapng', original, pcapng]);
    tool('editcap', ['-F', 'nsecpcap', original, nanoPcap]);
    const expected = records(openPcapFile(original));
    assert.deepEqual(records(openPcapFile(pcapng)), expected);
    assert.deepEqual(records(openPcapFile(nanoPcap)), expected);

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
      records(openPcapFile(merged)),
      sortedByTime(inputs.flatMap((file) => records(openPcapFile(file)))),
    );
  });
});
