// Reading a capture a chunk at a time: the same records however the file is cut into chunks, the
// same errors at the same offsets, seeking, and readCaptureFile's parts, index and cancellation.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { PacketAggregator } from '../../../../src/helper/aggregate/packetAggregator';
import { bufferSource } from '../../../../src/helper/capture/byteSource';
import type { ByteSource } from '../../../../src/helper/capture/byteSource';
import { chunksOf } from '../../../../src/helper/capture/chunkSource';
import { openPacketReader } from '../../../../src/helper/capture/pcapFile';
import { PcapFormatError } from '../../../../src/helper/capture/pcapFormatError';
import type { PacketReader } from '../../../../src/helper/capture/pcapRecord';
import { PacketIndex } from '../../../../src/helper/captureFile/packetIndex';
import { readCaptureFile } from '../../../../src/helper/captureFile/readCaptureFile';
import { LinkType } from '../../../../src/helper/decode/linkType';
import { handMadeFrames } from '../../../fixtures/handMadeFrames';
import { PcapngBuilder, pcapHeader, pcapRecord } from '../../../fixtures/captureBytes';

const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-chunked-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ethernet = handMadeFrames.filter((frame) => frame.linkType === LinkType.Ethernet);

/** `bytes` as a file: seekable, its reads failing with EIO from offset `failFrom` on; counts its closes. */
function memoryFile(bytes: Buffer, failFrom = Infinity): ByteSource & { closed: number } {
  let position = 0;
  const file = {
    closed: 0,
    read(target: Buffer, offset: number, length: number) {
      if (position + length > failFrom) throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
      const count = Math.max(0, Math.min(length, bytes.length - position));
      if (count > 0) bytes.copy(target, offset, position, position + count);
      position += count;
      return count;
    },
    seek(to: number) {
      position = to;
    },
    close() {
      file.closed++;
    },
  };
  return file;
}

/** What a reader yielded, as lines that compare whole (the reader reuses its record and window). */
function readAll(reader: PacketReader): { lines: string[]; error?: unknown } {
  const lines: string[] = [];
  try {
    for (let record = reader.next(); record; record = reader.next()) {
      const bytes = record.data.toString('hex', record.offset, record.offset + record.capturedLength);
      lines.push(
        `${record.fileOffset} ${record.linkType}/${record.interfaceId} ${record.seconds}.${record.nanoseconds} ${bytes}`,
      );
    }
    return { lines };
  } catch (error) {
    return { lines, error };
  } finally {
    reader.close();
  }
}

/** Reads `bytes` in one chunk, then in chunks of every size given, which must change nothing. */
function sameInChunks(bytes: Buffer, sizes = [1, 5, 16, 100, 4096]): { lines: string[]; error?: unknown } {
  const expected = readAll(openPacketReader(chunksOf(bufferSource(bytes), bytes.length + 1)));
  for (const chunkSize of sizes) {
    const file = memoryFile(bytes);
    assert.deepEqual(readAll(openPacketReader(chunksOf(file, chunkSize))), expected, `chunks of ${chunkSize} bytes`);
    assert.equal(file.closed, 1);
  }
  return expected;
}

const classic = Buffer.concat([
  pcapHeader(true, false, LinkType.Ethernet),
  ...ethernet.map((frame, i) => pcapRecord(true, 1700000000 + i, i, frame.bytes)),
  pcapRecord(true, 1700000100, 0, Buffer.alloc(9000, 0xab)), // longer than a chunk's room before it
  pcapRecord(true, 1700000101, 0, ethernet[0].bytes),
]);

function pcapng(): Buffer {
  const le = new PcapngBuilder(true);
  const be = new PcapngBuilder(false);
  return Buffer.concat([
    le.sectionHeader(),
    le.interfaceDescription(LinkType.Ethernet, 65535),
    le.block(0x00000004, Buffer.alloc(3000)), // skipped, across many chunks
    le.enhancedPacket(0, 1700000000654321n, ethernet[0].bytes),
    le.interfaceDescription(LinkType.Raw, 0, [le.option(9, Buffer.from([9]))]),
    le.enhancedPacket(1, 1700000000123456789n, Buffer.alloc(5000, 0x45)),
    be.sectionHeader(), // a new section: byte order and interfaces start again
    be.interfaceDescription(LinkType.Ethernet, 0),
    be.block(0x00000005, Buffer.alloc(20)),
    be.enhancedPacket(0, 1700000001000000n, ethernet[1].bytes),
  ]);
}

describe('reading in chunks', () => {
  it('classic pcap: every record whole and in order, whatever chunks the file is read in', () => {
    const read = sameInChunks(classic);
    assert.equal(read.lines.length, ethernet.length + 2);
    assert.equal(read.error, undefined);
  });

  it('pcapng: sections, interfaces and skipped blocks across chunks', () => {
    const read = sameInChunks(pcapng());
    assert.deepEqual(
      read.lines.map((line) => line.split(' ')[1]),
      ['1/0', '101/1', '1/0'],
    );
  });

  it('a file that ends mid-record: the records before it, then the same error at the same offset', () => {
    for (const bytes of [classic.subarray(0, classic.length - 7), pcapng().subarray(0, 3300)]) {
      const read = sameInChunks(bytes);
      assert.ok(read.error instanceof PcapFormatError, String(read.error));
      assert.ok(read.lines.length > 0);
    }
  });

  it('a read that fails: the records before it, then its error', () => {
    const failFrom = 600;
    const read = readAll(openPacketReader(chunksOf(memoryFile(classic, failFrom), 64)));
    assert.equal((read.error as NodeJS.ErrnoException).code, 'EIO');
    const last = Number(read.lines.at(-1)!.split(' ')[0]);
    assert.ok(read.lines.length > 2 && last < failFrom, read.lines.join('\n'));
  });

  it('seeking reads on from the new place', () => {
    const starts = readAll(openPacketReader(chunksOf(bufferSource(classic)))).lines.map((line) =>
      Number(line.split(' ')[0]),
    );
    const reader = openPacketReader(chunksOf(memoryFile(classic), 8)) as PacketReader & { seek(to: number): void };
    reader.seek(starts[3]);
    assert.deepEqual(
      readAll(reader).lines.map((line) => Number(line.split(' ')[0])),
      starts.slice(3),
    );
  });
});

/** A classic pcap file on disk of `count` Ethernet records; returns its path and bytes. */
function writeCapture(name: string, count: number): string {
  const records = Array.from({ length: count }, (_, i) => {
    const frame = ethernet[i % ethernet.length].bytes;
    return pcapRecord(true, 1700000000 + i, 0, frame);
  });
  const file = path.join(dir, name);
  writeFileSync(file, Buffer.concat([pcapHeader(true, false, LinkType.Ethernet), ...records]));
  return file;
}

function openOn(file: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false;
    }
  }).length;
}

const aggregator = () => new PacketAggregator({ interfaceName: 'x.pcap', deltas: false });

describe('reading a capture file in chunks', () => {
  const file = writeCapture('chunks.pcap', 3000);

  it('tiny chunks, parts and a packet index: the same as one chunk for the whole file', async () => {
    const index = new PacketIndex();
    const whole = await readCaptureFile(file, { aggregator: aggregator(), index });
    assert.equal(whole.packets, 3000);
    const from = index.start(1000);
    const until = index.start(2000);
    for (const chunkSize of [7, 100, 5000]) {
      const parts = new PacketIndex();
      const options = { chunkSize, index: parts, batch: 50 };
      const first = await readCaptureFile(file, { ...options, aggregator: aggregator(), until: from });
      const middle = await readCaptureFile(file, { ...options, aggregator: aggregator(), from, until });
      const last = await readCaptureFile(file, { ...options, aggregator: aggregator(), from: until });
      assert.deepEqual(
        [first, middle, last].map((read) => [read.packets, read.stoppedAt, read.error]),
        [
          [1000, from, undefined],
          [1000, until, undefined],
          [1000, whole.stoppedAt, undefined],
        ],
        `chunks of ${chunkSize} bytes`,
      );
      assert.deepEqual(
        Array.from({ length: 3000 }, (_, i) => parts.start(i)),
        Array.from({ length: 3000 }, (_, i) => index.start(i)),
      );
    }
    assert.equal(openOn(file), 0);
  });

  it('cancelled midway: says so, and leaves no file open', async () => {
    const controller = new AbortController();
    let batches = 0;
    const read = await readCaptureFile(file, {
      aggregator: aggregator(),
      signal: controller.signal,
      chunkSize: 64,
      batch: 10,
      stop: () => (++batches === 5 && controller.abort(), false),
    });
    assert.equal(read.cancelled, true);
    assert.ok(read.packets > 0 && read.packets < 3000, `${read.packets} packets`);
    assert.equal(openOn(file), 0);
  });

  it('a file that ends mid-record: what came before it, and the error at the record', async () => {
    const bytes = Buffer.concat([pcapHeader(true, false, 1), pcapRecord(true, 1, 0, ethernet[0].bytes)]);
    const cut = path.join(dir, 'cut.pcap');
    writeFileSync(cut, Buffer.concat([bytes, bytes.subarray(24, bytes.length - 3)]));
    const read = await readCaptureFile(cut, { aggregator: aggregator(), chunkSize: 5 });
    assert.equal(read.packets, 1);
    assert.equal(read.error?.offset, bytes.length);
    assert.match(read.error?.message ?? '', /truncated packet record/);
  });
});
