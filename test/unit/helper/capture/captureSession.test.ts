// The capture session without privilege: a pcap built in memory is the source (the same interface a
// live capture implements), the real aggregator counts, and the bounded recording is saved and read back.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { PacketAggregator } from '../../../../src/helper/aggregate/packetAggregator';
import { bufferSource } from '../../../../src/helper/capture/byteSource';
import { CaptureRecorder } from '../../../../src/helper/capture/captureRecorder';
import { CaptureSession } from '../../../../src/helper/capture/captureSession';
import { FileCaptureSource } from '../../../../src/helper/capture/fileCaptureSource';
import { chunksOf } from '../../../../src/helper/capture/chunkSource';
import { openPacketReader, openPcapFile } from '../../../../src/helper/capture/pcapFile';
import { LinkType } from '../../../../src/helper/decode/linkType';
import type { TrafficDelta, TrafficSource } from '../../../../src/shared/model/traffic';
import { TRAFFIC_VIEW_LIMITS } from '../../../../src/shared/traffic/trafficLimits';
import { ipFrame } from '../../../fixtures/testFrames';
import { pcapHeader, pcapRecord } from '../../../fixtures/captureBytes';

const SOURCE: TrafficSource = { kind: 'file', path: 'memory.pcap', format: 'pcap', linkTypes: [LinkType.Ethernet] };
const T0 = 1_700_000_000;

/** A pcap of `count` UDP frames, 1 ms apart, from 10.0.0.x to 10.0.1.1, 100 payload bytes each. */
function udpCapture(count: number): Buffer {
  const records = Array.from({ length: count }, (_, i) =>
    pcapRecord(
      true,
      T0 + Math.floor(i / 1000),
      (i % 1000) * 1000,
      ipFrame({
        src: `10.0.0.${1 + (i % 5)}`,
        dst: '10.0.1.1',
        protocol: 'udp',
        sport: 4000 + (i % 5),
        dport: 53,
        payload: 100,
      }),
    ),
  );
  return Buffer.concat([pcapHeader(true, false, LinkType.Ethernet), ...records]);
}

function source(count: number): FileCaptureSource {
  return new FileCaptureSource(openPacketReader(chunksOf(bufferSource(udpCapture(count), 4096))));
}

const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-session-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('CaptureSession', () => {
  it('folds every frame into the aggregator and ends with a last tick', async () => {
    const ticks: TrafficDelta[] = [];
    const session = new CaptureSession({
      captureId: 's1',
      source: source(50_000),
      sourceInfo: SOURCE,
      aggregator: new PacketAggregator(),
      tickMs: 1000,
      onTick: (delta) => ticks.push(delta),
    });
    session.start();
    await session.ended;
    const snapshot = session.snapshot();
    assert.equal(snapshot.counters.packets, 50_000);
    assert.equal(snapshot.counters.bytes, 50_000 * (14 + 20 + 8 + 100));
    assert.equal(snapshot.conversations.length, 5);
    assert.equal(ticks.at(-1)?.running, false);
    assert.equal(ticks.at(-1)?.counters.packets, 50_000);
    assert.equal(session.running, false);
  });

  it('cuts its snapshot to what a receiver keeps when asked (the newest rows), its counters whole', async () => {
    const session = new CaptureSession({
      captureId: 's-cut',
      source: source(5000),
      sourceInfo: SOURCE,
      aggregator: new PacketAggregator(),
      tickMs: 0,
    });
    session.start();
    await session.ended;
    const whole = session.snapshot();
    const cut = session.snapshot({ ...TRAFFIC_VIEW_LIMITS, flows: 2, conversations: 3, hosts: 4 });
    assert.equal(whole.flows.length, 5);
    assert.equal(cut.flows.length, 2);
    assert.equal(cut.conversations.length, 3);
    assert.equal(cut.hosts.length, 4);
    assert.deepEqual(cut.counters, whole.counters);
    // The newest: the flows whose last packet came last (frame i belongs to flow i % 5).
    const newest = [...whole.flows].sort((a, b) => b.lastSeen - a.lastSeen).slice(0, 2);
    assert.deepEqual(new Set(cut.flows.map((flow) => flow.id)), new Set(newest.map((flow) => flow.id)));
  });

  it('stops after exactly maxPackets, even within one batch', async () => {
    const session = new CaptureSession({
      captureId: 's2',
      source: source(30_000),
      sourceInfo: SOURCE,
      aggregator: new PacketAggregator(),
      tickMs: 0,
      maxPackets: 12_345,
    });
    session.start();
    await session.ended;
    assert.equal(session.snapshot().counters.packets, 12_345);
  });

  it('skips a frame whose folding throws, reports it, and goes on', async () => {
    /** the real aggregator, with a bug planted on the third frame */
    class FaultyAggregator extends PacketAggregator {
      private seen = 0;
      override add(...args: Parameters<PacketAggregator['add']>): void {
        if (++this.seen === 3) throw new Error('planted');
        super.add(...args);
      }
    }
    const faults: string[] = [];
    const session = new CaptureSession({
      captureId: 's4',
      source: source(100),
      sourceInfo: SOURCE,
      aggregator: new FaultyAggregator(),
      tickMs: 0,
      onFault: (error, count) => faults.push(`${String(error)} #${count}`),
    });
    session.start();
    await session.ended;
    assert.equal(session.snapshot().counters.packets, 99);
    assert.equal(session.faults, 1);
    assert.deepEqual(faults, ['Error: planted #1']);
  });

  it('records into a bounded pcap and saves a copy that reads back', async () => {
    const frameBytes = 16 + 14 + 20 + 8 + 100;
    const recorder = new CaptureRecorder(LinkType.Ethernet, 262144, 24 + 1000 * frameBytes);
    const session = new CaptureSession({
      captureId: 's3',
      source: source(1500),
      sourceInfo: SOURCE,
      aggregator: new PacketAggregator(),
      recorder,
      tickMs: 0,
    });
    session.start();
    await session.ended;
    const state = recorder.recording;
    assert.deepEqual(state, { packets: 1000, bytes: 24 + 1000 * frameBytes, full: true });
    assert.deepEqual(session.snapshot().counters.recording, state);
    assert.equal(session.snapshot().counters.packets, 1500, 'a full recording does not stop the capture');
    const saved = path.join(dir, 'saved.pcap');
    assert.deepEqual(await recorder.saveAs(saved), state);
    assert.equal(statSync(saved).size, state.bytes);
    const reader = openPcapFile(saved);
    let packets = 0;
    for (let record = reader.next(); record; record = reader.next()) {
      assert.equal(record.seconds, T0 + Math.floor(packets / 1000));
      assert.equal(record.nanoseconds, (packets % 1000) * 1_000_000);
      packets++;
    }
    reader.close();
    assert.equal(packets, 1000);
    const directory = path.dirname(recorder.path);
    recorder.dispose();
    assert.throws(() => statSync(directory), /ENOENT/, 'dispose deletes the recording');
  });
});
