import { describe, it } from 'node:test';
import type { ByteSource } from '../../../../src/helper/capture/byteSource';
import { openPacketReader } from '../../../../src/helper/capture/pcapFile';
import { decodePacket } from '../../../../src/helper/decode/decodePacket';
import { LinkType } from '../../../../src/helper/decode/linkType';
import { DecodedPacket } from '../../../../src/helper/decode/packet';
import { pcapHeader, pcapRecord } from '../../../fixtures/captureBytes';
import { hex } from '../../../fixtures/handMadeFrames';

const PACKETS = 1_000_000;
const BLOCK = 1000;

/** The mix issue 4's benchmark asks for: TCP bulk (full 1514-byte frames) and small UDP packets. */
function syntheticRecords(): { records: Buffer; frames: Array<[number, number]> } {
  const tcp = Buffer.alloc(1514);
  hex(`020000000002 020000000001 0800 45 00 05dc 0001 4000 40 06 0000 0a000001 0a000002
    c350 1451 00000001 00000001 80 10 0200 0000 0000 0101080a 00000001 00000002`).copy(tcp);
  const udp = hex(`020000000002 020000000001 0800 45 00 0056 0002 0000 40 11 0000 0a000003 0a000004
    d431 1389 0042 0000 ${'00'.repeat(58)}`);
  const parts: Buffer[] = [];
  const frames: Array<[number, number]> = [];
  let offset = 0;
  for (let i = 0; i < BLOCK; i++) {
    const frame = i % 5 === 0 ? tcp : udp;
    frame.writeUInt16BE(40000 + (i % 50), 34); // a few dozen flows
    const record = pcapRecord(true, 1700000000 + (i >> 8), i, frame);
    parts.push(record);
    frames.push([offset + 16, frame.length]);
    offset += record.length;
  }
  return { records: Buffer.concat(parts), frames };
}

/** A pcap file of `repeats` copies of `records`, generated as it is read, so it needs no memory. */
function repeatingSource(records: Buffer, repeats: number): ByteSource {
  const header = pcapHeader(true, false, LinkType.Ethernet);
  let position = -header.length;
  const total = records.length * repeats;
  return {
    read(target, offset, length) {
      if (position < 0) {
        header.copy(target, offset);
        position = 0;
        return header.length;
      }
      const count = Math.min(length, total - position, records.length - (position % records.length));
      records.copy(target, offset, position % records.length, (position % records.length) + count);
      position += count;
      return count;
    },
    close: () => undefined,
  };
}

describe('decode throughput (printed, not asserted)', () => {
  const { records, frames } = syntheticRecords();
  const packet = new DecodedPacket();

  it(`decodes ${PACKETS.toLocaleString('en')} frames in place`, (t) => {
    let payloadBytes = 0;
    const started = process.hrtime.bigint();
    for (let round = 0; round < PACKETS / BLOCK; round++) {
      for (const [offset, length] of frames) {
        decodePacket(packet, LinkType.Ethernet, records, offset, length);
        payloadBytes += packet.payloadLength;
      }
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    t.diagnostic(
      `decode only: ${Math.round(PACKETS / seconds).toLocaleString('en')} packets/s (${payloadBytes} payload bytes seen)`,
    );
  });

  it(`reads and decodes a ${PACKETS.toLocaleString('en')}-packet pcap stream`, (t) => {
    const reader = openPacketReader(repeatingSource(records, PACKETS / BLOCK));
    let count = 0;
    let bytes = 0;
    const started = process.hrtime.bigint();
    for (let record = reader.next(); record; record = reader.next()) {
      decodePacket(packet, record.linkType, record.data, record.offset, record.capturedLength);
      count++;
      bytes += record.capturedLength;
    }
    reader.close();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    t.diagnostic(
      `read + decode: ${count} packets, ${(bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(2)} s: ` +
        `${Math.round(count / seconds).toLocaleString('en')} packets/s, ${(bytes / 1e6 / seconds).toFixed(0)} MB/s`,
    );
  });
});
