// Issue 18, huge captures: the packet index keeps only where each record starts (about 4 bytes a
// packet), and a page reads lengths, time and link type again from the record itself. Read back at
// random, every packet must give what the first pass read, on pcap and pcapng, across sections.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { PacketAggregator } from '../../../../src/helper/aggregate/packetAggregator';
import { openPcapFile } from '../../../../src/helper/capture/pcapFile';
import { recordTime } from '../../../../src/helper/capture/pcapRecord';
import type { PcapRecord } from '../../../../src/helper/capture/pcapRecord';
import { PacketIndex } from '../../../../src/helper/captureFile/packetIndex';
import { PacketRecords } from '../../../../src/helper/captureFile/packetRecords';
import { readCaptureFile } from '../../../../src/helper/captureFile/readCaptureFile';
import { LinkType } from '../../../../src/helper/decode/linkType';
import { PcapngBuilder, pcapHeader, pcapRecord } from '../../../fixtures/captureBytes';
import { handMadeFrames } from '../../../fixtures/handMadeFrames';

const repoRoot = path.resolve(__dirname, '../../../..');
const LAB_SMALL = path.join(repoRoot, 'test/fixtures/lab-small.pcap');
const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-index-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** What the old index held for a packet (and its bytes), as the first pass read it. */
interface Indexed {
  dataOffset: number;
  capturedLength: number;
  wireLength: number;
  time: number;
  linkType: number;
  hex: string;
}

function indexed(record: PcapRecord): Indexed {
  return {
    dataOffset: record.dataFileOffset,
    capturedLength: record.capturedLength,
    wireLength: record.originalLength,
    time: recordTime(record),
    linkType: record.linkType,
    hex: record.data.toString('hex', record.offset, record.offset + record.capturedLength),
  };
}

/** Every packet of `file` as a reader going through it once sees it. */
function firstPass(file: string): Indexed[] {
  const reader = openPcapFile(file);
  const out: Indexed[] = [];
  try {
    for (let record = reader.next(); record; record = reader.next()) {
      out.push(indexed(record));
    }
  } finally {
    reader.close();
  }
  return out;
}

/** A deterministic shuffle of 1…count, so the reads jump back and forth (and some follow each other). */
function shuffled(count: number): number[] {
  const frames = Array.from({ length: count }, (_, i) => i + 1);
  let seed = 12345;
  for (let i = frames.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [frames[i], frames[j]] = [frames[j], frames[i]];
  }
  return frames;
}

/** Indexes `file` as the helper does, then reads every packet again in a shuffled order and in order. */
async function assertReadBack(file: string, minimum: number): Promise<PacketIndex> {
  const expected = firstPass(file);
  assert.ok(expected.length >= minimum, `${path.basename(file)} has ${expected.length} packets`);
  const index = new PacketIndex();
  await readCaptureFile(file, { aggregator: new PacketAggregator({ interfaceName: 'x' }), index });
  assert.equal(index.count, expected.length);
  const records = new PacketRecords(file, index);
  try {
    for (const frame of [...shuffled(index.count), ...expected.map((_, i) => i + 1)]) {
      assert.deepEqual(indexed(records.read(frame)), expected[frame - 1], `${path.basename(file)} frame ${frame}`);
    }
  } finally {
    records.close();
  }
  return index;
}

const ethernet = handMadeFrames.filter((frame) => frame.linkType === LinkType.Ethernet);
const raw = handMadeFrames.filter((frame) => frame.linkType === LinkType.Raw);

/** Writes bytes under the test folder; returns the path. */
function write(name: string, bytes: Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

describe('PacketIndex (where each packet starts, 4 bytes a packet)', () => {
  it('gives back every start across checkpoints and chunks, and where a distance does not fit 32 bits', () => {
    const index = new PacketIndex();
    const starts: number[] = [];
    let at = 24;
    for (let i = 0; i < 200_000; i++) {
      starts.push(at);
      index.add(at);
      // Mostly small records; now and then one far away: past 4 GiB from its checkpoint, and past 2^32 itself.
      at += i === 70_000 ? 2 ** 32 + 5 : i === 150_100 ? 2 ** 33 : 16 + ((i * 7919) % 1500);
    }
    for (let i = 0; i < starts.length; i++) if (index.start(i) !== starts[i]) assert.fail(`start ${i}`);
    assert.equal(index.start(70_001), starts[70_001]);
    assert.ok(starts[70_001] > 2 ** 32);
  });

  it('parts indexed apart and appended equal the whole, however they are cut, and packets may follow them', () => {
    const starts = Array.from({ length: 140_000 }, (_, i) => 24 + i * 100 + (i > 100_000 ? 2 ** 32 : 0));
    const whole = new PacketIndex();
    for (const start of starts) whole.add(start);
    for (const [cut, rest] of [
      [1, 140_000],
      [255, 256],
      [256, 70_000],
      [65_536, 131_072],
      [100_001, 139_999],
    ]) {
      // This thread's packets, a part another thread read, then this thread's again (a worker stopped early).
      const part = new PacketIndex();
      starts.slice(cut, rest).forEach((start) => part.add(start));
      const joined = new PacketIndex();
      starts.slice(0, cut).forEach((start) => joined.add(start));
      joined.append(part.trimmed());
      starts.slice(rest).forEach((start) => joined.add(start));
      assert.equal(joined.count, starts.length);
      for (let i = 0; i < starts.length; i++) if (joined.start(i) !== starts[i]) assert.fail(`cut ${cut}: start ${i}`);
      assert.deepEqual(joined.trimmed(), whole.trimmed(), `cut at ${cut}`);
    }
  });

  it('is about 2.25 bytes a packet, 4.25 in a chunk of jumbo frames, and no array is grown by copying', () => {
    const index = new PacketIndex();
    let at = 24;
    for (let i = 0; i < 3 * 65_536; i++) {
      index.add(at);
      // The middle chunk: 9,000-byte frames, 32 of which span more than 16 bits.
      at += i >= 65_536 && i < 2 * 65_536 ? 9016 : 1530;
    }
    const { deltas, checkpoints } = index.trimmed();
    assert.deepEqual(
      deltas.map((array) => array.BYTES_PER_ELEMENT),
      [2, 4, 2],
    );
    const bytes = [...deltas, ...checkpoints].reduce((sum, array) => sum + array.byteLength, 0);
    assert.equal(bytes / index.count, (2 + 4 + 2) / 3 + 0.25);
    assert.equal(Math.max(...deltas.map((array) => array.length)), 65_536);
    assert.equal(index.start(65_536 + 1000), 24 + 65_536 * 1530 + 1000 * 9016);
    assert.equal(index.start(3 * 65_536 - 1), 24 + 2 * 65_536 * 1530 + 65_536 * 9016 - 1530);
  });
});

describe('packets read again through the index equal the first pass', () => {
  it('a real capture (lab-small.pcap)', async () => {
    await assertReadBack(LAB_SMALL, 10);
  });

  for (const littleEndian of [true, false]) {
    it(`a generated ${littleEndian ? 'little' : 'big'}-endian nanosecond pcap`, async () => {
      const file = write(
        `generated-${littleEndian}.pcap`,
        Buffer.concat([
          pcapHeader(littleEndian, true, LinkType.Ethernet),
          ...ethernet.map((frame, i) =>
            pcapRecord(littleEndian, 1_700_000_000 + i, 999_999_999 - i, frame.bytes, frame.bytes.length + i),
          ),
        ]),
      );
      await assertReadBack(file, ethernet.length);
    });
  }

  it('the real capture in pcapng', async () => {
    const b = new PcapngBuilder(true);
    const packets = firstPass(LAB_SMALL);
    const file = write(
      'lab-small.pcapng',
      Buffer.concat([
        b.sectionHeader(),
        b.interfaceDescription(LinkType.Ethernet, 0, [b.option(9, Buffer.from([9]))]),
        ...packets.map((packet) =>
          b.enhancedPacket(0, BigInt(Math.round(packet.time * 1e6)), Buffer.from(packet.hex, 'hex')),
        ),
      ]),
    );
    await assertReadBack(file, packets.length);
  });

  it('pcapng with sections in both byte orders, interfaces declared midway, an empty section and other blocks', async () => {
    const little = new PcapngBuilder(true);
    const big = new PcapngBuilder(false);
    const tsOffset = Buffer.from('000000000000000a', 'hex'); // +10 s, big-endian
    const file = write(
      'sections.pcapng',
      Buffer.concat([
        little.sectionHeader(),
        little.interfaceDescription(LinkType.Ethernet, 0),
        ...ethernet
          .slice(0, 5)
          .map((frame, i) => little.enhancedPacket(0, 1_700_000_000_000_000n + BigInt(i), frame.bytes)),
        little.block(0x0bad, Buffer.alloc(20, 1)), // a block the reader skips
        little.interfaceDescription(LinkType.Raw, 64, [little.option(9, Buffer.from([3]))]), // ms, 64-byte snap
        ...raw.map((frame, i) => little.enhancedPacket(1, 1_700_000_000_000n + BigInt(i), frame.bytes)),
        big.sectionHeader(), // a section without packets
        big.interfaceDescription(LinkType.Raw, 0),
        big.sectionHeader(),
        big.interfaceDescription(LinkType.Raw, 0, [big.option(9, Buffer.from([9])), big.option(14, tsOffset)]),
        big.interfaceDescription(LinkType.Ethernet, 0),
        ...ethernet
          .slice(5)
          .map((frame, i) =>
            i % 3 === 0
              ? big.simplePacket(frame.bytes)
              : i % 3 === 1
                ? big.obsoletePacket(1, 1_700_000_000_000_000_000n + BigInt(i), frame.bytes)
                : big.enhancedPacket(1, 1_700_000_000_000_000_000n + BigInt(i), frame.bytes),
          ),
        ...raw.map((frame, i) => big.enhancedPacket(0, 1_700_000_000_000_000_000n + BigInt(i), frame.bytes)),
        little.sectionHeader(),
        little.interfaceDescription(LinkType.Ethernet, 0),
        ...ethernet
          .slice(0, 3)
          .map((frame, i) => little.enhancedPacket(0, 1_800_000_000_000_000n + BigInt(i), frame.bytes)),
      ]),
    );
    const index = await assertReadBack(file, ethernet.length + 2 * raw.length + 3);
    assert.deepEqual(
      index.sections.map((section) => [section.firstPacket, section.section.littleEndian]),
      [
        [0, true],
        [5 + raw.length, false],
        [ethernet.length + 2 * raw.length, true],
      ],
    );
  });

  it('a file changed since it was indexed is refused with the packet named, not misread', async () => {
    const file = write('changing.pcap', readFileSync(LAB_SMALL));
    const index = new PacketIndex();
    await readCaptureFile(file, { aggregator: new PacketAggregator({ interfaceName: 'x' }), index });
    writeFileSync(file, readFileSync(LAB_SMALL).subarray(0, 100));
    const records = new PacketRecords(file, index);
    try {
      assert.throws(() => records.read(index.count), /changed since it was opened: packet \d+/);
    } finally {
      records.close();
    }
  });
});
