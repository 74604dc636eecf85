// What the alert engine costs a live capture, in memory: the per-packet path with and without the
// engine's wrapper (ARP frames noted, nothing else), over a mix of TCP data on 2,000 flows and one
// ARP frame in a thousand; and the engine's work once a tick on a delta of 10,000 flows and 10,000
// hosts (what a busy second brings), all new to the engine (the worst case) and the same hosts a
// second later. Then what that means at 300,000 packets/s: the share of one
// core. Each figure is the CPU time of the median of RUNS runs. Prints only.
import { PacketAggregator } from '../src/helper/aggregate/packetAggregator';
import type { TrafficAggregator } from '../src/helper/aggregate/trafficAggregator';
import { AlertEngine } from '../src/helper/alerts/alertEngine';
import { AlertingAggregator } from '../src/helper/alerts/alertingAggregator';
import { decodePacket } from '../src/helper/decode/decodePacket';
import { LinkType } from '../src/helper/decode/linkType';
import { DecodedPacket } from '../src/helper/decode/packet';
import { arpFrame, ipFrame, tcp } from '../test/fixtures/testFrames';
import { cpuMs } from './cpuTime';
import { median } from './median';

const RUNS = 7;
const PACKETS = 600_000;
const RATE = 300_000;
const T0 = 1_800_000_000_000;

/** The frame mix: TCP data both ways on 2,000 flows, an ARP reply every 1,000th frame. */
function frames(): Buffer[] {
  const mix: Buffer[] = [];
  for (let i = 0; i < 4_000; i++) {
    if (i % 1000 === 999)
      mix.push(
        arpFrame(
          2,
          `02:00:00:00:${(i >> 8) & 255}:${i & 255}`.replace(/:(\d)(?=:|$)/g, ':0$1'),
          `10.1.${(i >> 8) & 255}.${i & 255}`,
          '10.1.0.1',
        ),
      );
    else {
      const flow = i % 2000;
      const client = `10.2.${flow >> 8}.${flow & 255}`;
      mix.push(
        ipFrame(
          i % 2
            ? tcp(client, '10.3.0.1', 40000 + flow, 443, 0x18, 1200)
            : tcp('10.3.0.1', client, 443, 40000 + flow, 0x10, 0),
        ),
      );
    }
  }
  return mix;
}

/** CPU ms to fold PACKETS frames into `aggregator`. */
function fold(aggregator: TrafficAggregator, mix: Buffer[]): number {
  const packet = new DecodedPacket();
  return cpuMs(() => {
    for (let i = 0; i < PACKETS; i++) {
      const frame = mix[i % mix.length];
      decodePacket(packet, LinkType.Ethernet, frame, 0, frame.length);
      aggregator.add(packet, T0 + i / 300, frame.length);
    }
  });
}

const mix = frames();
const engine = new AlertEngine();
const plain: number[] = [];
const watched: number[] = [];
for (let run = 0; run <= RUNS; run++) {
  const bare = fold(new PacketAggregator({ interfaceName: 'bench' }), mix);
  const wrapped = fold(
    new AlertingAggregator(
      new PacketAggregator({ interfaceName: 'bench' }),
      'bench',
      (tick) => engine.capture(tick),
      () => undefined,
    ),
    mix,
  );
  if (run > 0) {
    plain.push(bare);
    watched.push(wrapped);
  }
}
const perPacketNs = (ms: number) => (ms * 1e6) / PACKETS;
const added = Math.max(0, perPacketNs(median(watched)) - perPacketNs(median(plain)));

// A busy tick: 10,000 flows (some of them failed attempts) and 10,000 hosts changed.
const busy = new PacketAggregator({ interfaceName: 'bench' });
const packet = new DecodedPacket();
for (let i = 0; i < 10_000; i++) {
  const host = `10.4.${(i >> 8) & 255}.${i & 255}`;
  const syn = ipFrame(tcp(host, '10.5.0.1', 30000 + (i % 20000), 80 + (i % 50), 0x02));
  const answer = ipFrame(tcp('10.5.0.1', host, 80 + (i % 50), 30000 + (i % 20000), i % 3 ? 0x12 : 0x14));
  for (const frame of [syn, answer]) {
    decodePacket(packet, LinkType.Ethernet, frame, 0, frame.length);
    busy.add(packet, T0, frame.length);
  }
}
const delta = busy.takeDelta('bench', true);
/** CPU ms of a tick of `delta` in an engine that has never seen its hosts (the worst case), and in one that saw them a second ago. */
function tickTimes(run: number): { first: number; again: number } {
  const fresh = new AlertEngine();
  const time = T0 + run * 10_000;
  const first = cpuMs(() => fresh.capture({ time, interface: 'bench', delta, arp: [] }));
  const again = cpuMs(() => fresh.capture({ time: time + 1000, interface: 'bench', delta, arp: [] }));
  return { first, again };
}
const ticks = Array.from({ length: RUNS + 1 }, (_, run) => tickTimes(run)).slice(1);
const tickMs = median(ticks.map((tick) => tick.first));
const steadyMs = median(ticks.map((tick) => tick.again));
const share = ((added * RATE) / 1e9 + tickMs / 1000) * 100;
console.log(
  `alert engine: ${perPacketNs(median(plain)).toFixed(0)} ns/packet without, ${perPacketNs(median(watched)).toFixed(0)} ns with (+${added.toFixed(1)} ns)`,
);
console.log(
  `alert engine: a tick of ${delta.flows.length} flows and ${delta.hosts.length} hosts: ${tickMs.toFixed(1)} ms when all are new, ${steadyMs.toFixed(1)} ms a second later`,
);
console.log(
  `alert engine: at ${RATE.toLocaleString('en')} packets/s, ${share.toFixed(2)}% of one core (target: within 5%)`,
);
