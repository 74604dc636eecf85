import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bufferSource } from '../../../../src/helper/capture/byteSource';
import { chunksOf } from '../../../../src/helper/capture/chunkSource';
import { openPacketReader } from '../../../../src/helper/capture/pcapFile';
import { PcapFormatError } from '../../../../src/helper/capture/pcapFormatError';
import { LinkType } from '../../../../src/helper/decode/linkType';
import { handMadeFrames } from '../../../fixtures/handMadeFrames';
import { PcapngBuilder, pcapHeader, pcapRecord } from '../../../fixtures/captureBytes';

const frame = Buffer.alloc(1514, 0x5a);
const small = handMadeFrames[0].bytes;

/** Reads every packet of `file`; returns the error it ends with (undefined when it reads cleanly). */
function errorOf(file: Buffer): unknown {
  try {
    const reader = openPacketReader(chunksOf(bufferSource(file, 100), 256));
    while (reader.next());
    reader.close();
    return undefined;
  } catch (error) {
    return error;
  }
}

function assertError(file: Buffer, message: string, offset: number): void {
  const error = errorOf(file);
  assert.ok(error instanceof PcapFormatError, `expected a PcapFormatError, got ${String(error)}`);
  assert.equal(String(error), `PcapFormatError: ${message}`);
  assert.equal(error.offset, offset);
}

describe('malformed and truncated classic pcap', () => {
  const header = pcapHeader(true, false, LinkType.Ethernet);
  const first = pcapRecord(true, 1, 0, small);
  const second = pcapRecord(true, 2, 0, frame);

  it('names the packet record that is cut short, with what its header promised', () => {
    const file = Buffer.concat([header, first, second]).subarray(0, 24 + first.length + 16 + 200);
    assertError(
      file,
      `truncated packet record at offset ${24 + first.length}: header says 1514 bytes, 200 remain`,
      24 + first.length,
    );
  });

  it('names a record header that is cut short', () => {
    const file = Buffer.concat([header, first, second.subarray(0, 5)]);
    assertError(
      file,
      `truncated record header at offset ${24 + first.length}: 16 bytes needed, 5 remain`,
      24 + first.length,
    );
  });

  it('names a file header that is cut short', () => {
    assertError(header.subarray(0, 10), 'truncated pcap file header at offset 0: 24 bytes needed, 10 remain', 0);
  });

  it('refuses an implausible captured length instead of allocating it', () => {
    const bogus = pcapRecord(true, 1, 0, small);
    bogus.writeUInt32LE(0x7fffffff, 8);
    assertError(
      Buffer.concat([header, first, bogus]),
      `implausible packet record at offset ${24 + first.length}: header says 2147483647 bytes, limit 262144`,
      24 + first.length,
    );
  });

  it('says what a file that is no capture is', () => {
    assertError(
      Buffer.from('hello, world'),
      "not a pcap or pcapng file at offset 0: it does not start with either format's magic number",
      0,
    );
    assertError(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]), 'gzip-compressed file at offset 0: decompress it first', 0);
    assertError(Buffer.from([0xd4, 0xc3]), 'not a pcap or pcapng file at offset 0: 2 bytes long', 0);
  });

  it('packets before the damage are still delivered', () => {
    const reader = openPacketReader(chunksOf(bufferSource(Buffer.concat([header, first, second.subarray(0, 30)]))));
    assert.equal(reader.next()?.capturedLength, small.length);
    assert.throws(() => reader.next(), PcapFormatError);
  });
});

describe('malformed and truncated pcapng', () => {
  const b = new PcapngBuilder(true);
  const head = Buffer.concat([b.sectionHeader(), b.interfaceDescription(LinkType.Ethernet, 0)]);
  const packet = b.enhancedPacket(0, 1n, frame);

  it('names the packet block that is cut short', () => {
    const file = Buffer.concat([head, packet]).subarray(0, head.length + 300);
    assertError(
      file,
      `truncated enhanced packet block at offset ${head.length}: header says ${packet.length} bytes, 300 remain`,
      head.length,
    );
  });

  it('names a block whose trailing length disagrees', () => {
    const bad = Buffer.from(packet);
    bad.writeUInt32LE(packet.length + 4, packet.length - 4);
    assertError(
      Buffer.concat([head, bad]),
      `block length mismatch in block of type 0x00000006 at offset ${head.length}: ${packet.length} at the start, ${packet.length + 4} at the end`,
      head.length,
    );
  });

  it('names a block length that is not a multiple of 4', () => {
    const bad = Buffer.from(packet);
    bad.writeUInt32LE(1001, 4);
    assertError(
      Buffer.concat([head, bad]),
      `invalid block length in block of type 0x00000006 at offset ${head.length}: 1001 bytes`,
      head.length,
    );
  });

  it('names a packet for an interface never described', () => {
    const file = Buffer.concat([head, b.enhancedPacket(3, 1n, small)]);
    assertError(
      file,
      `packet for an undeclared interface at offset ${head.length}: interface 3, 1 declared`,
      head.length,
    );
  });

  it('names a captured length larger than its block', () => {
    const bad = Buffer.from(b.enhancedPacket(0, 1n, small));
    bad.writeUInt32LE(small.length + 100, 20);
    assertError(
      Buffer.concat([head, bad]),
      `packet larger than its block at offset ${head.length}: captured length ${small.length + 100}, room for ${small.length + 2}`,
      head.length,
    );
  });

  it('names an unknown byte-order magic and an unsupported version', () => {
    const badMagic = Buffer.from(head);
    badMagic.writeUInt32LE(0x12345678, 8);
    assertError(badMagic, 'unknown byte-order magic in section header at offset 0: 0x78563412', 0);
    const version2 = Buffer.from(head);
    version2.writeUInt16LE(2, 12);
    assertError(version2, 'unsupported pcapng version at offset 0: 2.0', 0);
  });

  it('names a skipped block that runs past the end of the file', () => {
    const unknown = b.block(0x00000bad, Buffer.alloc(64));
    assertError(
      Buffer.concat([head, unknown.subarray(0, 40)]),
      `truncated block of type 0x00000bad at offset ${head.length}: header says 76 bytes, 40 remain`,
      head.length,
    );
  });
});

describe('hostile capture files', () => {
  it('mutated and cut files end in a PcapFormatError or read cleanly, nothing else', () => {
    const b = new PcapngBuilder(true);
    const seeds = [
      Buffer.concat([
        pcapHeader(true, false, 1),
        ...handMadeFrames.slice(0, 6).map((f) => pcapRecord(true, 1, 2, f.bytes)),
      ]),
      Buffer.concat([
        pcapHeader(false, true, 1),
        ...handMadeFrames.slice(0, 6).map((f) => pcapRecord(false, 1, 2, f.bytes)),
      ]),
      Buffer.concat([
        b.sectionHeader(),
        b.interfaceDescription(1, 0, [b.option(9, Buffer.from([9]))]),
        ...handMadeFrames.slice(0, 6).map((f, i) => b.enhancedPacket(0, BigInt(i), f.bytes)),
        b.simplePacket(small),
        b.obsoletePacket(0, 1n, small),
      ]),
    ];
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    let clean = 0;
    for (let i = 0; i < 20000; i++) {
      const file = Buffer.from(seeds[i % seeds.length]);
      const flips = 1 + random(4);
      for (let j = 0; j < flips; j++) file[random(file.length)] = random(256);
      const error = errorOf(file.subarray(0, i % 3 === 0 ? random(file.length + 1) : file.length));
      if (error === undefined) clean++;
      else assert.ok(error instanceof PcapFormatError, `iteration ${i}: ${(error as Error).stack}`);
    }
    assert.ok(clean > 0);
  });
});
