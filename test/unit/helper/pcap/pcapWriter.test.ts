// The pcap writer: the bytes the format specifies, and round trips through our own reader. That
// Wireshark's tools read what it writes is checked in test/integration/pcapWireshark.test.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { bufferSource } from '../../../../src/helper/capture/byteSource';
import { chunksOf } from '../../../../src/helper/capture/chunkSource';
import { openPacketReader, openPcapFile } from '../../../../src/helper/capture/pcapFile';
import { createPcapFile, PcapWriter } from '../../../../src/helper/capture/pcapWriter';
import { LinkType } from '../../../../src/helper/decode/linkType';
import { pcapHeader, pcapRecord } from '../../../fixtures/captureBytes';
import { ethernetFrames, recordLines, writeEthernetPcap } from '../../../fixtures/pcapFiles';

const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-pcap-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('pcap writer', () => {
  it('writes the bytes the pcap format specifies (header and records, little-endian)', () => {
    const chunks: Buffer[] = [];
    const writer = new PcapWriter(
      { write: (bytes, length) => chunks.push(Buffer.from(bytes.subarray(0, length))), close: () => undefined },
      { linkType: LinkType.Ethernet, snapLength: 65535 },
    );
    const frame = ethernetFrames[0].bytes;
    writer.write(1700000000, 123456789, frame, 0, frame.length, 1514);
    writer.close();
    const expected = Buffer.concat([
      pcapHeader(true, false, LinkType.Ethernet, 65535),
      pcapRecord(true, 1700000000, 123456, frame, 1514),
    ]);
    assert.equal(Buffer.concat(chunks).toString('hex'), expected.toString('hex'));
  });

  it('round-trips through the reader, in micro- and nanoseconds; the snap length cuts packets', () => {
    const micro = recordLines(openPcapFile(writeEthernetPcap(dir, 'micro.pcap')));
    assert.equal(micro.length, ethernetFrames.length);
    assert.match(micro[0], /^1 1700000000\.123456000 /);
    assert.match(recordLines(openPcapFile(writeEthernetPcap(dir, 'nano.pcap', true)))[0], /^1 1700000000\.123456789 /);
    const cut = recordLines(openPcapFile(writeEthernetPcap(dir, 'cut.pcap', false, 40)));
    assert.ok(cut.every((line) => line.split(' ')[3].length <= 80));
    assert.equal(cut[0].split(' ')[2], String(ethernetFrames[0].bytes.length));
  });

  it('packets from a reader (at an offset in its window) are written without change', () => {
    const source = readFileSync(writeEthernetPcap(dir, 'source.pcap'));
    const reader = openPacketReader(chunksOf(bufferSource(source)));
    const file = path.join(dir, 'copy.pcap');
    const writer = createPcapFile(file, { linkType: LinkType.Ethernet });
    for (let r = reader.next(); r; r = reader.next()) {
      writer.write(r.seconds, r.nanoseconds, r.data, r.offset, r.capturedLength, r.originalLength);
    }
    writer.close();
    assert.equal(readFileSync(file).toString('hex'), source.toString('hex'));
  });
});
