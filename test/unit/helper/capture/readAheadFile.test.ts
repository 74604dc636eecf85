// The read-ahead: the same records as the synchronous reader however the file is cut into chunks
// and whenever the chunks arrive; errors, ends and closing while a read is in flight.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { PacketAggregator } from '../../../../src/helper/aggregate/packetAggregator';
import { bufferSource } from '../../../../src/helper/capture/byteSource';
import { chunksOf } from '../../../../src/helper/capture/chunkSource';
import { openPacketReader } from '../../../../src/helper/capture/pcapFile';
import { PcapFormatError } from '../../../../src/helper/capture/pcapFormatError';
import type { PacketReader } from '../../../../src/helper/capture/pcapRecord';
import { chunkNotReady, ReadAheadFile } from '../../../../src/helper/capture/readAheadFile';
import type { ChunkIo } from '../../../../src/helper/capture/readAheadFile';
import { PacketIndex } from '../../../../src/helper/captureFile/packetIndex';
import { readCaptureFile } from '../../../../src/helper/captureFile/readCaptureFile';
import { LinkType } from '../../../../src/helper/decode/linkType';
import { handMadeFrames } from '../../../fixtures/handMadeFrames';
import { PcapngBuilder, pcapHeader, pcapRecord } from '../../../fixtures/captureBytes';

const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-readahead-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ethernet = handMadeFrames.filter((frame) => frame.linkType === LinkType.Ethernet);

/** Serves `bytes` as a file whose reads end on a later turn of the event loop, or fail from `failFrom` on. */
function memoryIo(
  bytes: Buffer,
  failFrom = Infinity,
): ChunkIo & { closed: number; held: (() => void)[]; hold: boolean } {
  const io = {
    closed: 0,
    /** reads not answered until released, while `hold` */
    held: [] as (() => void)[],
    hold: false,
    read(target: Buffer, offset: number, length: number, position: number, done: (e: Error | null, n: number) => void) {
      const answer = () => {
        if (position + length > failFrom)
          return done(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' }), 0);
        done(null, io.readSync(target, offset, length, position));
      };
      if (io.hold) io.held.push(answer);
      else setImmediate(answer);
    },
    readSync(target: Buffer, offset: number, length: number, position: number) {
      const count = Math.max(0, Math.min(length, bytes.length - position));
      if (count > 0) bytes.copy(target, offset, position, position + count);
      return count;
    },
    close() {
      io.closed++;
    },
  };
  return io;
}

/** What a reader yielded, as lines that compare whole (the reader reuses its record and window). */
async function readAll(reader: PacketReader, file?: ReadAheadFile): Promise<{ lines: string[]; error?: unknown }> {
  const lines: string[] = [];
  try {
    for (;;) {
      let record;
      try {
        record = reader.next();
      } catch (caught) {
        if (caught !== chunkNotReady || !file) throw caught;
        await file.arrival();
        continue;
      }
      if (!record) break;
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

/** Reads `bytes` synchronously, then read ahead in chunks of every size given, which must change nothing. */
async function sameAhead(bytes: Buffer, sizes = [1, 5, 16, 100, 4096]): Promise<{ lines: string[]; error?: unknown }> {
  const expected = await readAll(openPacketReader(chunksOf(bufferSource(bytes))));
  for (const chunkSize of sizes) {
    for (const depth of [1, 3]) {
      const io = memoryIo(bytes);
      const file = new ReadAheadFile(io, { chunkSize, depth });
      const got = await readAll(openPacketReader(file), file);
      assert.deepEqual(got, expected, `chunks of ${chunkSize} bytes, ${depth} in flight`);
      await file.whenClosed();
      assert.equal(io.closed, 1);
    }
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

describe('reading ahead', () => {
  it('classic pcap: every record whole and in order, whatever chunks the file arrives in', async () => {
    const read = await sameAhead(classic);
    assert.equal(read.lines.length, ethernet.length + 2);
    assert.equal(read.error, undefined);
  });

  it('pcapng: sections, interfaces and skipped blocks across chunks', async () => {
    const read = await sameAhead(pcapng());
    assert.deepEqual(
      read.lines.map((line) => line.split(' ')[1]),
      ['1/0', '101/1', '1/0'],
    );
  });

  it('a file that ends mid-record: the records before it, then the same error at the same offset', async () => {
    for (const bytes of [classic.subarray(0, classic.length - 7), pcapng().subarray(0, 3300)]) {
      const read = await sameAhead(bytes);
      assert.ok(read.error instanceof PcapFormatError, String(read.error));
      assert.ok(read.lines.length > 0);
    }
  });

  it('a read that fails: the records before it, then its error, as a synchronous read throws it', async () => {
    const failFrom = 600;
    const file = new ReadAheadFile(memoryIo(classic, failFrom), { chunkSize: 64 });
    const read = await readAll(openPacketReader(file), file);
    assert.equal((read.error as NodeJS.ErrnoException).code, 'EIO');
    const last = Number(read.lines.at(-1)!.split(' ')[0]);
    assert.ok(read.lines.length > 2 && last < failFrom, read.lines.join('\n'));
  });

  it('seeking drops the reads in flight and reads on from the new place', async () => {
    const reader = openPacketReader(chunksOf(bufferSource(classic)));
    const starts = (await readAll(reader)).lines.map((line) => Number(line.split(' ')[0]));
    const io = memoryIo(classic);
    const file = new ReadAheadFile(io, { chunkSize: 8, depth: 3 });
    const ahead = openPacketReader(file) as PacketReader & { seek(position: number): void };
    ahead.seek(starts[3]);
    const read = await readAll(ahead, file);
    assert.deepEqual(
      read.lines.map((line) => Number(line.split(' ')[0])),
      starts.slice(3),
    );
  });

  it('closing with a read in flight closes the file only once that read has ended', async () => {
    const io = memoryIo(classic);
    const file = new ReadAheadFile(io, { chunkSize: 32, depth: 2 });
    const reader = openPacketReader(file);
    io.hold = true;
    assert.throws(
      () => {
        for (;;) reader.next();
      },
      (caught) => caught === chunkNotReady,
    );
    assert.equal(io.held.length, 2);
    let closed = false;
    void file.whenClosed().then(() => (closed = true));
    reader.close();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(io.closed, 0, 'closed under a read in flight');
    assert.equal(closed, false);
    io.held.splice(0).forEach((answer) => answer());
    await file.whenClosed();
    assert.equal(io.closed, 1);
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

describe('reading a capture file ahead', () => {
  const file = writeCapture('ahead.pcap', 3000);

  it('tiny chunks, parts and a packet index: the same as one chunk for the whole file', async () => {
    const index = new PacketIndex();
    const whole = await readCaptureFile(file, { aggregator: aggregator(), index });
    assert.equal(whole.packets, 3000);
    const from = index.start(1000);
    const until = index.start(2000);
    for (const chunkSize of [7, 100, 5000]) {
      const parts = new PacketIndex();
      const options = { readAhead: { chunkSize }, index: parts, batch: 50 };
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

  it('cancelled while a read is in flight: says so, and leaves no file open', async () => {
    const controller = new AbortController();
    let batches = 0;
    const read = await readCaptureFile(file, {
      aggregator: aggregator(),
      signal: controller.signal,
      readAhead: { chunkSize: 64, depth: 4 },
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
    const read = await readCaptureFile(cut, { aggregator: aggregator(), readAhead: { chunkSize: 5 } });
    assert.equal(read.packets, 1);
    assert.equal(read.error?.offset, bytes.length);
    assert.match(read.error?.message ?? '', /truncated packet record/);
  });
});
