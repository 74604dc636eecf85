import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import * as dnsPacket from 'dns-packet';
import { PacketAggregator } from '../../../../src/helper/aggregate/packetAggregator';
import type { AggregatorLimits } from '../../../../src/helper/aggregate/trafficAggregator';
import { PacketBytes } from '../../../../src/helper/captureFile/packetBytes';
import { PacketIndex } from '../../../../src/helper/captureFile/packetIndex';
import { readCaptureFile } from '../../../../src/helper/captureFile/readCaptureFile';
import { warmWorkers } from '../../../../src/helper/captureFile/partWorkers';
import { defaultThreads, readInParts, threadsWith } from '../../../../src/helper/captureFile/readInParts';
import { findRecordBoundary } from '../../../../src/helper/captureFile/recordBoundary';
import type { TrafficSnapshot, TrafficSource } from '../../../../src/shared/model/traffic';
import { arpFrame, ipFrame, tcp } from '../../../fixtures/testFrames';
import type { FrameSpec } from '../../../fixtures/testFrames';

const repoRoot = path.resolve(__dirname, '../../../..');
const LAB_SMALL = path.join(repoRoot, 'test/fixtures/lab-small.pcap');
const WORKER = path.join(repoRoot, 'dist/captureFileWorker.js');
const SOURCE: TrafficSource = { kind: 'file', path: 'x.pcap', format: 'pcap', linkTypes: [1] };
const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-parts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A classic little-endian microsecond pcap of Ethernet frames, 10 ms apart. */
function writePcap(name: string, frames: Buffer[]): string {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16);
  header.writeUInt32LE(1, 20);
  const records = frames.map((frame, i) => {
    const record = Buffer.alloc(16);
    record.writeUInt32LE(1_700_000_000 + Math.floor(i / 100), 0);
    record.writeUInt32LE((i % 100) * 10_000, 4);
    record.writeUInt32LE(frame.length, 8);
    record.writeUInt32LE(frame.length, 12);
    return Buffer.concat([record, frame]);
  });
  const file = path.join(dir, name);
  writeFileSync(file, Buffer.concat([header, ...records]));
  return file;
}

/** the file offset of every record */
function recordOffsets(file: string): number[] {
  const bytes = readFileSync(file);
  const offsets: number[] = [];
  for (let at = 24; at + 16 <= bytes.length; at += 16 + bytes.readUInt32LE(at + 8)) offsets.push(at);
  return offsets;
}

function aggregatorFor(bytes: PacketBytes, limits?: Partial<AggregatorLimits>): PacketAggregator {
  return new PacketAggregator({
    limits,
    interfaceName: 'x.pcap',
    readPacket: (offset, length) => bytes.read(offset, length),
  });
}

/** Statistics of a file read in one pass, and read in parts starting at `starts`, on this thread. */
async function onePassAndParts(file: string, starts: number[], limits?: Partial<AggregatorLimits>) {
  const bytes = new PacketBytes(file);
  try {
    const whole = aggregatorFor(bytes, limits);
    const wholeIndex = new PacketIndex();
    await readCaptureFile(file, { aggregator: whole, index: wholeIndex });
    const bounds = [0, ...starts, Infinity];
    const first = aggregatorFor(bytes, limits);
    const index = new PacketIndex();
    for (let i = 0; i + 1 < bounds.length; i++) {
      const part = i === 0 ? first : new PacketAggregator({ limits, interfaceName: 'x.pcap' });
      const partIndex = i === 0 ? index : new PacketIndex();
      const read = await readCaptureFile(file, {
        aggregator: part,
        index: partIndex,
        ...(i > 0 ? { from: bounds[i] } : {}),
        until: bounds[i + 1],
      });
      assert.equal(read.stoppedAt, Math.min(bounds[i + 1], readFileSync(file).length));
      // Through structured cloning, as between threads.
      if (i > 0) {
        first.absorb(structuredClone(part.segment()));
        index.append(partIndex.trimmed());
      }
    }
    return {
      whole: normalise(whole.snapshot(SOURCE, false)),
      parts: normalise(first.snapshot(SOURCE, false)),
      wholeIndex,
      index,
    };
  } finally {
    bytes.close();
  }
}

/** `file` read by readInParts with parts starting at `starts`, a worker thread each after the first */
async function readWithWorkers(file: string, starts: number[], workerScript = WORKER, workerBatch?: number) {
  const bytes = new PacketBytes(file);
  try {
    const aggregator = aggregatorFor(bytes);
    const index = new PacketIndex();
    const read = await readInParts(file, {
      aggregator,
      limits: aggregator.limits,
      interfaceName: 'x.pcap',
      index,
      threads: starts.length + 1,
      workerScript,
      minBytes: 0,
      starts,
      workerBatch,
    });
    return { read, index, snapshot: normalise(aggregator.snapshot(SOURCE, false)) };
  } finally {
    bytes.close();
  }
}

/** Names seen in both parts may be listed in another order (see DnsNameTable.absorb). */
function normalise(snapshot: TrafficSnapshot): TrafficSnapshot {
  return {
    ...snapshot,
    dnsNames: [...snapshot.dnsNames].sort((a, b) => `${a.addr}|${a.name}`.localeCompare(`${b.addr}|${b.name}`)),
  };
}

function dnsAnswer(name: string, address: string): Buffer {
  return ipFrame({
    src: '10.0.0.53',
    dst: '10.0.0.1',
    protocol: 'udp',
    sport: 53,
    dport: 40001,
    payloadBytes: dnsPacket.encode({
      type: 'response',
      id: 7,
      flags: dnsPacket.RECURSION_DESIRED,
      questions: [{ type: 'A', name }],
      answers: [{ type: 'A', name, ttl: 60, data: address }],
    }),
  });
}

/** Connections opened, reset, closed and reopened, names learnt and renamed, IPv6 and ARP, interleaved. */
function mixedFrames(): Buffer[] {
  const specs: (FrameSpec | Buffer)[] = [
    arpFrame(2, '02:00:00:00:00:02', '10.0.0.2', '10.0.0.1'),
    tcp('10.0.0.1', '10.0.0.2', 40000, 80, 0x02),
    tcp('10.0.0.2', '10.0.0.1', 80, 40000, 0x12),
    dnsAnswer('nas.lab', '10.0.0.2'),
    tcp('10.0.0.1', '10.0.0.2', 40000, 80, 0x10),
    tcp('fd00::1', 'fd00::2', 50000, 443, 0x02),
    tcp('10.0.0.1', '10.0.0.2', 40000, 80, 0x18, 300),
    tcp('fd00::2', 'fd00::1', 443, 50000, 0x12),
    tcp('10.0.0.2', '10.0.0.1', 80, 40000, 0x18, 1200),
    { src: '10.0.0.1', dst: '10.0.0.9', protocol: 'udp', sport: 5000, dport: 9, payload: 20 },
    tcp('10.0.0.2', '10.0.0.1', 80, 40000, 0x11),
    tcp('fd00::1', 'fd00::2', 50000, 443, 0x04),
    tcp('10.0.0.1', '10.0.0.2', 40000, 80, 0x10),
    dnsAnswer('files.lab', '10.0.0.2'),
    tcp('10.0.0.1', '10.0.0.2', 40000, 80, 0x11),
    { src: '10.0.0.9', dst: '10.0.0.1', protocol: 'udp', sport: 9, dport: 5000, payload: 40 },
    tcp('10.0.0.2', '10.0.0.1', 80, 40000, 0x10),
    tcp('10.0.0.1', '10.0.0.2', 40000, 80, 0x02),
    { src: '10.0.0.1', dst: '10.0.0.3', protocol: 'icmp' },
    tcp('10.0.0.2', '10.0.0.1', 80, 40000, 0x12),
    arpFrame(1, '02:00:00:00:00:03', '10.0.0.3', '10.0.0.1'),
    tcp('10.0.0.1', '10.0.0.2', 40000, 80, 0x10),
    dnsAnswer('nas.lab', '10.0.0.2'),
    tcp('10.0.0.4', '10.0.0.2', 41000, 22, 0x02),
    tcp('10.0.0.2', '10.0.0.4', 22, 41000, 0x04),
  ];
  return specs.map((spec) => (Buffer.isBuffer(spec) ? spec : ipFrame(spec)));
}

describe('reading a capture file in parts', () => {
  for (const [name, file] of [
    ['the lab recording', () => LAB_SMALL],
    ['mixed frames', () => writePcap('mixed.pcap', mixedFrames())],
  ] as const) {
    it(`${name}: two parts split at every record give one pass's statistics and index`, async () => {
      const path = file();
      const offsets = recordOffsets(path);
      assert.ok(offsets.length > 20);
      for (const start of offsets.slice(1)) {
        const { whole, parts, wholeIndex, index } = await onePassAndParts(path, [start]);
        assert.deepEqual(parts, whole, `split at offset ${start}`);
        assert.deepEqual(index.trimmed(), wholeIndex.trimmed());
      }
    });

    it(`${name}: three and four parts`, async () => {
      const path = file();
      const offsets = recordOffsets(path);
      for (let i = 1; i + 2 < offsets.length; i += 3) {
        const three = await onePassAndParts(path, [offsets[i], offsets[i + 2]]);
        assert.deepEqual(three.parts, three.whole);
        const four = await onePassAndParts(path, [offsets[1], offsets[i + 1], offsets[i + 2]]);
        assert.deepEqual(four.parts, four.whole);
      }
    });
  }

  it('a read stopped between batches ends at a record, and reading on from there gives one pass', async () => {
    const file = writePcap('stopped.pcap', mixedFrames());
    const offsets = recordOffsets(file);
    const bytes = new PacketBytes(file);
    try {
      const whole = aggregatorFor(bytes);
      await readCaptureFile(file, { aggregator: whole });
      for (const batches of [1, 2, 5]) {
        const first = aggregatorFor(bytes);
        let asked = 0;
        const stop = () => ++asked > batches;
        const read = await readCaptureFile(file, { aggregator: first, batch: 3, stop });
        assert.equal(read.packets, 3 * batches);
        assert.equal(read.cancelled, false);
        assert.equal(read.stoppedAt, offsets[3 * batches]);
        await readCaptureFile(file, { aggregator: first, from: read.stoppedAt });
        assert.deepEqual(normalise(first.snapshot(SOURCE, false)), normalise(whole.snapshot(SOURCE, false)));
      }
    } finally {
      bytes.close();
    }
  });

  it('with rows evicted the totals still add up and the evictions are counted', async () => {
    const path = writePcap('evict.pcap', mixedFrames());
    const offsets = recordOffsets(path);
    const { whole, parts } = await onePassAndParts(path, [offsets[12]], { flows: 2, hosts: 3, conversations: 2 });
    assert.deepEqual(parts.counters.packets, whole.counters.packets);
    assert.deepEqual(parts.protocols, whole.protocols);
    assert.ok(parts.counters.evicted.flows > 0);
    assert.ok(parts.flows.length <= 2 && parts.hosts.length <= 3 && parts.conversations.length <= 2);
  });
});

describe('how many threads read a file by default', () => {
  it('as many as the processors other work leaves idle, rounded, at most 4: one pass on a busy machine', () => {
    assert.equal(defaultThreads(2, 2), 2, 'an idle two-core machine: two threads, each reading in place');
    assert.equal(defaultThreads(1.5, 2), 2, 'a two-core machine with half a processor busy');
    assert.equal(defaultThreads(1.4, 2), 1);
    assert.equal(defaultThreads(2.5, 4), 3);
    assert.equal(defaultThreads(2.4, 4), 2);
    assert.equal(defaultThreads(0.4, 2), 1, 'a two-core machine with one processor busy and more');
    assert.equal(defaultThreads(0, 2), 1, 'a busy two-core machine');
    assert.equal(defaultThreads(-10, 2), 1, 'a load average far above the processors');
    assert.equal(defaultThreads(16, 16), 4, 'never more than 4');
    assert.equal(defaultThreads(3.4, 8), 3);
    assert.equal(defaultThreads(1, 1), 1, 'one processor');
    assert.equal(defaultThreads(2, 1), 1, 'never more than the processors');
  });

  it('no more threads than parts of 16 MiB the file has', () => {
    const MiB = 1 << 20;
    assert.equal(defaultThreads(4, 4, 40 * MiB), 2);
    assert.equal(defaultThreads(4, 4, 33 * MiB), 2);
    assert.equal(defaultThreads(4, 4, 31 * MiB), 1);
    assert.equal(defaultThreads(5, 4, 800 * MiB), 4);
  });

  it('no more threads than parts of 500,000 packets the file is estimated to hold: a short read gains too little', () => {
    const MiB = 1 << 20;
    assert.equal(defaultThreads(2, 2, 800 * MiB, 1_000_000), 2, 'the warm bench file');
    assert.equal(defaultThreads(2, 2, 400 * MiB, 999_999), 1);
    assert.equal(defaultThreads(2, 2, 200 * MiB, 250_000), 1);
    assert.equal(defaultThreads(2, 2, 580 * MiB, 4_000_000), 2, '4,000,000 small packets');
    assert.equal(defaultThreads(4, 4, 2900 * MiB, 20_000_000), 4);
    assert.equal(defaultThreads(4, 4, 2900 * MiB, 1_500_000), 3);
  });

  it('new workers only for parts of 1,000,000 packets: a warm one is waited for below, the file read in one pass', () => {
    const MiB = 1 << 20;
    const warmFile = [800 * MiB, 1_000_000] as const;
    assert.deepEqual(threadsWith(1, 2, 2, ...warmFile), { threads: 2, warmUp: false }, 'a warm worker');
    assert.deepEqual(threadsWith(0, 2, 2, ...warmFile), { threads: 1, warmUp: true }, 'none: one pass, warm one');
    assert.deepEqual(threadsWith(0, 2, 2, 300 * MiB, 2_000_000), { threads: 2, warmUp: false }, 'long parts');
    assert.deepEqual(threadsWith(0, 1, 2, ...warmFile), { threads: 1, warmUp: false }, 'a busy machine');
    assert.deepEqual(threadsWith(0, 2, 2, 400 * MiB, 999_999), { threads: 1, warmUp: false }, 'one pass anyway');
    assert.deepEqual(threadsWith(1, 4, 4, 2900 * MiB, 1_500_000), { threads: 2, warmUp: false }, 'the warm one');
    assert.deepEqual(threadsWith(0, 4, 4, 2900 * MiB, 3_000_000), { threads: 3, warmUp: false }, 'new ones');
    assert.deepEqual(threadsWith(3, 4, 4, 2900 * MiB, 4_000_000), { threads: 4, warmUp: false });
  });
});

describe('finding a record boundary without reading what comes before', () => {
  it('finds the next record start from any offset of a real recording', () => {
    const offsets = recordOffsets(LAB_SMALL);
    const size = readFileSync(LAB_SMALL).length;
    const layout = { littleEndian: true, nanosPerUnit: 1000, maxPacket: 262144, firstSeconds: 0 };
    layout.firstSeconds = readFileSync(LAB_SMALL).readUInt32LE(24);
    layout.littleEndian = readFileSync(LAB_SMALL).readUInt32LE(0) === 0xa1b2c3d4;
    for (let around = 25; around < offsets[offsets.length - 10]; around += 7) {
      const next = offsets.find((offset) => offset >= around)!;
      assert.equal(findRecordBoundary(LAB_SMALL, layout, around, size), next, `from ${around}`);
    }
  });
});

describe('readInParts with worker threads', { skip: !existsSync(WORKER) && 'dist/ is not built' }, () => {
  it('a packet that carries bytes that look like records misleads the split, and the file is still read right', async () => {
    // The payload holds a chain of plausible record headers: a split guessed inside it is caught
    // (the first part does not end there) and the rest is read in one pass.
    const fake = Buffer.alloc(16 * 10);
    for (let i = 0; i < 10; i++) {
      fake.writeUInt32LE(1_700_000_000, 16 * i);
      fake.writeUInt32LE(0, 16 * i + 8);
      fake.writeUInt32LE(60, 16 * i + 12);
    }
    const frames = mixedFrames();
    frames.splice(
      10,
      0,
      ipFrame({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 'udp', sport: 7, dport: 7, payloadBytes: fake }),
    );
    const file = writePcap('fake.pcap', frames);
    const offsets = recordOffsets(file);
    const layout = { littleEndian: true, nanosPerUnit: 1000, maxPacket: 262144, firstSeconds: 1_700_000_000 };
    const fakeStart = findRecordBoundary(file, layout, offsets[10] + 1, readFileSync(file).length)!;
    assert.ok(!offsets.includes(fakeStart), 'the fake chain passes for records');
    const reference = await onePassAndParts(file, []);
    for (const starts of [[fakeStart], [offsets[4], fakeStart], [offsets[4]]]) {
      const { read, snapshot, index } = await readWithWorkers(file, starts);
      assert.ok(read, 'read in parts');
      assert.equal(read.packets, frames.length);
      assert.deepEqual(snapshot, reference.whole, `parts at ${starts.join(', ')}`);
      assert.deepEqual(index.trimmed(), reference.wholeIndex.trimmed());
    }
  });

  it("wherever this thread finds a worker (not begun, midway, done), the tables are one pass's", async () => {
    const frames = Array.from({ length: 400 }, mixedFrames).flat();
    const file = writePcap('race.pcap', frames);
    const offsets = recordOffsets(file);
    const reference = await onePassAndParts(file, []);
    for (let round = 0; round < 12; round++) {
      // Warm workers reading one packet per batch are stopped midway unless they finish first.
      for (let waited = 0; warmWorkers(WORKER) < 2 && waited < 5000; waited += 10) await delay(10);
      const starts = round % 2 ? [offsets[5000], offsets[7000]] : [offsets[3000 + round * 400]];
      const { read, snapshot, index } = await readWithWorkers(file, starts, WORKER, 1);
      assert.ok(read);
      assert.equal(read.packets, frames.length);
      assert.deepEqual(snapshot, reference.whole, `round ${round}: parts ${JSON.stringify(read.parts)}`);
      assert.deepEqual(index.trimmed(), reference.wholeIndex.trimmed());
    }
  });

  it('a worker that fails has its part read again on this thread', async () => {
    const file = writePcap('broken-worker.pcap', mixedFrames());
    const offsets = recordOffsets(file);
    const broken = path.join(dir, 'brokenWorker.js');
    writeFileSync(broken, "throw new Error('this worker cannot read');\n");
    const reference = await onePassAndParts(file, []);
    const { read, snapshot } = await readWithWorkers(file, [offsets[5], offsets[15]], broken);
    assert.ok(read);
    assert.equal(read.packets, offsets.length);
    assert.equal(read.parts?.length, 2, 'the first part, then the rest in one pass');
    assert.deepEqual(snapshot, reference.whole);
  });

  it('a file damaged in a later part keeps what came before the damage, with its offset', async () => {
    const good = readFileSync(writePcap('good.pcap', mixedFrames()));
    const offsets = recordOffsets(path.join(dir, 'good.pcap'));
    const damaged = Buffer.from(good);
    damaged.writeUInt32LE(0x7fffffff, offsets[20] + 8);
    const file = path.join(dir, 'damaged.pcap');
    writeFileSync(file, damaged);
    const { read } = await readWithWorkers(file, [offsets[8]]);
    assert.ok(read);
    assert.equal(read.packets, 20);
    assert.equal(read.error?.offset, offsets[20]);
    assert.match(read.error.message, /implausible packet record at offset/);
  });
});
