// What IPFIX export costs a live capture, in memory: a flow table of 10,000 and of 100,000 flows
// (one UDP exchange each, both directions), and the export's pass once per tick beside the tick's
// own work (the delta to the extension, which every capture pays), as a capture with and without
// --ipfix does it. Nothing due (the steady state: one look at each flow); every flow due at once
// (the worst case: a tick reports 10,000 flows at most, two records each, encoded and sent to a UDP
// socket on loopback); and the capture's end, which reports every flow. Each figure is the median
// of RUNS runs, in ms, and per 10,000 flows. Prints only.
import dgram from 'node:dgram';
import { PacketAggregator } from '../src/helper/aggregate/packetAggregator';
import { decodePacket } from '../src/helper/decode/decodePacket';
import { LinkType } from '../src/helper/decode/linkType';
import { DecodedPacket } from '../src/helper/decode/packet';
import { FlowExporter } from '../src/helper/ipfix/flowExporter';
import { ipFrame } from '../test/fixtures/testFrames';
import { median } from './median';

const RUNS = 7;
const T0 = 1_800_000_000_000;
const TIMEOUTS = { activeTimeoutMs: 300_000, idleTimeoutMs: 60_000 };

/** A table of `flows` flows, each one datagram and its answer, all seen at T0. */
function filledTable(flows: number): PacketAggregator {
  const aggregator = new PacketAggregator({ limits: { flows } });
  const packet = new DecodedPacket();
  for (let i = 0; i < flows; i++) {
    const client = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const port = 1024 + (i % 60000);
    for (const [src, dst, sport, dport] of [
      [client, '10.255.0.1', port, 53],
      ['10.255.0.1', client, 53, port],
    ] as const) {
      const frame = ipFrame({ src, dst, protocol: 'udp', sport, dport, payload: 40 });
      decodePacket(packet, LinkType.Ethernet, frame, 0, frame.length);
      aggregator.add(packet, T0, frame.length);
    }
  }
  return aggregator;
}

/** Milliseconds `work` takes, the median of RUNS runs after a warm-up; `prepare` runs untimed before each. */
function timed(work: () => void, prepare: () => void = () => undefined): number {
  const runs: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    prepare();
    const started = performance.now();
    work();
    if (i > 0) runs.push(performance.now() - started);
  }
  return median(runs);
}

async function measure(flows: number, send: (message: Buffer) => void): Promise<void> {
  // The tick's own work: the delta of a table whose every flow changed since the last tick.
  const delta = filledTable(flows);
  const tick = timed(
    () => delta.takeDelta('bench', true),
    () => delta.flows.rows.forEach((slot) => delta.flows.rows.markDirty(slot)),
  );
  // Nothing due: every flow was seen a moment ago.
  const steady = filledTable(flows);
  const clock = { now: T0 + 1000 };
  const idle = new FlowExporter(steady.flows, TIMEOUTS, send, () => clock.now);
  const scan = timed(() => idle.tick());
  // Every flow due: a fresh table per run, its flows an idle timeout old. A tick reports 10,000 of
  // them at most; the capture's end reports them all at once.
  const due = () => {
    const table = filledTable(flows);
    let messages = 0;
    const exporter = new FlowExporter(
      table.flows,
      TIMEOUTS,
      (message) => (messages++, send(message)),
      () => T0 + TIMEOUTS.idleTimeoutMs,
    );
    return { exporter, messages: () => messages };
  };
  let ending = due();
  const tickAll = timed(
    () => ending.exporter.tick(),
    () => (ending = due()),
  );
  const tickMessages = ending.messages();
  const finishAll = timed(
    () => ending.exporter.finish(),
    () => (ending = due()),
  );
  const finishMessages = ending.messages();
  await new Promise((resolve) => setImmediate(resolve));
  const per10k = (ms: number) => ((ms * 10_000) / flows).toFixed(2);
  const reported = Math.min(flows, 10_000);
  console.log(
    [
      `${flows.toLocaleString('en')} flows: the tick's own delta ${tick.toFixed(1)} ms (${per10k(tick)} ms per 10k flows)`,
      `  export pass, nothing due: ${scan.toFixed(2)} ms (${per10k(scan)} ms per 10k flows)`,
      `  export pass, every flow due: ${tickAll.toFixed(1)} ms reporting ${reported.toLocaleString('en')} flows (the most a tick reports) in ${tickMessages.toLocaleString('en')} messages to a loopback socket`,
      `  capture end, every flow reported: ${finishAll.toFixed(1)} ms (${per10k(finishAll)} ms per 10k flows, ${finishMessages.toLocaleString('en')} messages)`,
    ].join('\n'),
  );
}

async function main(): Promise<void> {
  const sink = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', resolve));
  sink.on('message', () => undefined);
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.connect(sink.address().port, '127.0.0.1', resolve));
  const send = (message: Buffer) => socket.send(message);
  console.log(`IPFIX export per tick, median of ${RUNS} runs (Node ${process.version}):`);
  for (const flows of [10_000, 100_000]) await measure(flows, send);
  socket.close();
  sink.close();
}

void main();
