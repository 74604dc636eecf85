import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bufferSource } from '../../../../src/helper/capture/byteSource';
import { chunksOf } from '../../../../src/helper/capture/chunkSource';
import { openPacketReader } from '../../../../src/helper/capture/pcapFile';
import type { PacketReader } from '../../../../src/helper/capture/pcapRecord';
import { LinkType } from '../../../../src/helper/decode/linkType';
import { handMadeFrames } from '../../../fixtures/handMadeFrames';
import { PcapngBuilder, pcapHeader, pcapRecord } from '../../../fixtures/captureBytes';

/** What a reader yielded, copied out (the reader reuses its record and window). */
interface Read {
  linkType: number;
  interfaceId: number;
  seconds: number;
  nanoseconds: number;
  originalLength: number;
  hex: string;
}

function readAll(reader: PacketReader): Read[] {
  const out: Read[] = [];
  for (let record = reader.next(); record; record = reader.next()) {
    out.push({
      linkType: record.linkType,
      interfaceId: record.interfaceId,
      seconds: record.seconds,
      nanoseconds: record.nanoseconds,
      originalLength: record.originalLength,
      hex: record.data.toString('hex', record.offset, record.offset + record.capturedLength),
    });
  }
  reader.close();
  return out;
}

/** Reads `file` whole, then again in 7-byte pieces through a 64-byte window, which must not change anything. */
function readBothWays(file: Buffer): Read[] {
  const whole = readAll(openPacketReader(chunksOf(bufferSource(file))));
  const pieces = readAll(openPacketReader(chunksOf(bufferSource(file, 7), 64)));
  assert.deepEqual(pieces, whole);
  return whole;
}

const ethernet = handMadeFrames.filter((frame) => frame.linkType === LinkType.Ethernet).slice(0, 4);

describe('classic pcap reading', () => {
  for (const littleEndian of [true, false]) {
    for (const nanoseconds of [false, true]) {
      it(`${littleEndian ? 'little' : 'big'}-endian, ${nanoseconds ? 'nano' : 'micro'}second magic`, () => {
        const fraction = nanoseconds ? 123456789 : 123456;
        const file = Buffer.concat([
          pcapHeader(littleEndian, nanoseconds, LinkType.Ethernet),
          ...ethernet.map((frame, i) =>
            pcapRecord(littleEndian, 1700000000 + i, fraction, frame.bytes, frame.bytes.length + i),
          ),
        ]);
        const reader = openPacketReader(chunksOf(bufferSource(file)));
        assert.equal(reader.format, 'pcap');
        reader.close();
        assert.deepEqual(
          readBothWays(file),
          ethernet.map((frame, i) => ({
            linkType: 1,
            interfaceId: 0,
            seconds: 1700000000 + i,
            nanoseconds: nanoseconds ? 123456789 : 123456000,
            originalLength: frame.bytes.length + i,
            hex: frame.bytes.toString('hex'),
          })),
        );
      });
    }
  }

  it('an empty capture (header only) has no packets', () => {
    assert.deepEqual(readBothWays(pcapHeader(true, false, LinkType.LinuxSll)), []);
  });

  it('keeps only the link type bits of the header field (FCS flags live above them)', () => {
    const file = Buffer.concat([
      pcapHeader(true, false, 0x14000000 | LinkType.Ethernet),
      pcapRecord(true, 1, 2, ethernet[0].bytes),
    ]);
    assert.equal(readBothWays(file)[0].linkType, 1);
  });

  it('a packet larger than the window grows it', () => {
    const big = Buffer.alloc(9000, 0xab);
    const file = Buffer.concat([pcapHeader(true, false, 1), pcapRecord(true, 1, 2, big), pcapRecord(true, 3, 4, big)]);
    const read = readBothWays(file);
    assert.equal(read.length, 2);
    assert.equal(read[1].hex, big.toString('hex'));
  });
});

describe('pcapng reading', () => {
  const nanoTime = 1700000000123456789n;
  for (const littleEndian of [true, false]) {
    it(`${littleEndian ? 'little' : 'big'}-endian: interfaces with their own link types and clocks; EPB, OPB, SPB; unknown blocks skipped`, () => {
      const b = new PcapngBuilder(littleEndian);
      const raw = handMadeFrames.find((frame) => frame.linkType === LinkType.Raw)!;
      const sll = handMadeFrames.find((frame) => frame.linkType === LinkType.LinuxSll)!;
      const file = Buffer.concat([
        b.sectionHeader(),
        b.interfaceDescription(LinkType.Ethernet, 65535), // default clock: microseconds
        b.block(0x00000004, Buffer.from('00000000', 'hex')), // name resolution block: skipped
        b.interfaceDescription(LinkType.Raw, 0, [b.option(2, Buffer.from('lo\0')), b.option(9, Buffer.from([9]))]), // if_name, ns
        b.interfaceDescription(LinkType.LinuxSll, 0, [
          b.option(9, Buffer.from([0x86])), // 2^-6 s
          b.option(14, littleEndian ? Buffer.from('0a00000000000000', 'hex') : Buffer.from('000000000000000a', 'hex')), // +10 s
        ]),
        b.enhancedPacket(0, 1700000000654321n, ethernet[0].bytes),
        b.block(0x00000005, Buffer.alloc(20)), // interface statistics: skipped
        b.enhancedPacket(1, nanoTime, raw.bytes, 1500),
        b.block(0x40000bad, Buffer.from('custom')), // a type no one defined: skipped
        b.enhancedPacket(2, 1700000000n * 64n + 32n, sll.bytes),
        b.obsoletePacket(0, 5000001n, ethernet[1].bytes),
      ]);
      const reader = openPacketReader(chunksOf(bufferSource(file)));
      assert.equal(reader.format, 'pcapng');
      reader.close();
      assert.deepEqual(readBothWays(file), [
        {
          linkType: 1,
          interfaceId: 0,
          seconds: 1700000000,
          nanoseconds: 654321000,
          originalLength: ethernet[0].bytes.length,
          hex: ethernet[0].bytes.toString('hex'),
        },
        {
          linkType: 101,
          interfaceId: 1,
          seconds: 1700000000,
          nanoseconds: 123456789,
          originalLength: 1500,
          hex: raw.bytes.toString('hex'),
        },
        {
          linkType: 113,
          interfaceId: 2,
          seconds: 1700000010,
          nanoseconds: 500000000,
          originalLength: sll.bytes.length,
          hex: sll.bytes.toString('hex'),
        },
        {
          linkType: 1,
          interfaceId: 0,
          seconds: 5,
          nanoseconds: 1000,
          originalLength: ethernet[1].bytes.length,
          hex: ethernet[1].bytes.toString('hex'),
        },
      ]);
    });
  }

  it('a simple packet block takes interface 0 and its snap length; it has no timestamp', () => {
    const b = new PcapngBuilder(true);
    const frame = ethernet[0].bytes;
    const file = Buffer.concat([
      b.sectionHeader(),
      b.interfaceDescription(LinkType.Ethernet, 40),
      b.simplePacket(frame, 1514),
    ]);
    assert.deepEqual(readBothWays(file), [
      {
        linkType: 1,
        interfaceId: 0,
        seconds: 0,
        nanoseconds: 0,
        originalLength: 1514,
        hex: frame.subarray(0, 40).toString('hex'),
      },
    ]);
  });

  it('a timestamp no Date can hold is left out, as a simple packet block has none; the packets go on', () => {
    const b = new PcapngBuilder(true);
    const seconds = (units: number) => b.option(9, Buffer.from([units]));
    const file = Buffer.concat([
      b.sectionHeader(),
      // if_tsresol 0: whole seconds, so the 64-bit counter reaches 1.8e19 s
      b.interfaceDescription(LinkType.Ethernet, 0, [seconds(0)]),
      b.enhancedPacket(0, 0xffffffff_00000000n, ethernet[0].bytes),
      b.enhancedPacket(0, 1_700_000_000n, ethernet[1].bytes),
      // 8.64e12 s is where Date ends; a second less still fits
      b.enhancedPacket(0, 8_640_000_000_000n, ethernet[2].bytes),
      b.enhancedPacket(0, 8_639_999_999_999n, ethernet[3].bytes),
    ]);
    assert.deepEqual(
      readBothWays(file).map((read) => read.seconds),
      [0, 1_700_000_000, 0, 8_639_999_999_999],
    );
  });

  it('a new section (in the other byte order) starts its interfaces afresh', () => {
    const little = new PcapngBuilder(true);
    const big = new PcapngBuilder(false);
    const file = Buffer.concat([
      little.sectionHeader(),
      little.interfaceDescription(LinkType.Ethernet, 0),
      little.enhancedPacket(0, 1n, ethernet[0].bytes),
      big.sectionHeader(),
      big.interfaceDescription(LinkType.Raw, 0),
      big.enhancedPacket(0, 2n, handMadeFrames.find((frame) => frame.linkType === LinkType.Raw)!.bytes),
    ]);
    assert.deepEqual(
      readBothWays(file).map((read) => [read.linkType, read.nanoseconds]),
      [
        [1, 1000],
        [101, 2000],
      ],
    );
  });
});
