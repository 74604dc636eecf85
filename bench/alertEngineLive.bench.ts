// The alert engine on a live capture at 300,000 packets/s: 60-byte UDP frames from 250 source
// addresses of a lab namespace (8,000 flows) captured on the host-side veth by `lanlens capture`
// (no engine) and by `lanlens watch` (the same capture with the alert engine), one after the other,
// ROUNDS times, with the same filter, snap length and kernel buffer. Each prints what it captured,
// what the kernel dropped and the CPU time it used while the generator ran. Target: the engine
// within 5% of one core (watch's CPU less capture's, over the seconds of traffic) and watch
// dropping nothing at 300,000 packets/s.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startBackground } from '../test/lab/background';
import { cliPath, repoRoot } from '../test/lab/cli';
import type { Lab } from '../test/lab/lab';
import type { TrafficSnapshot } from '../src/shared/model/traffic';
import { buildUdpFlood, cpuSeconds, createFloodLab, flood } from './liveFlood';
import { median } from './median';

const SUBNET = '10.213.97';
const RATE = 300_000;
const SECONDS = 5;
const ROUNDS = 3;
const SOURCE_HOSTS = 250;
const FILTER = 'udp port 9';
/** what `lanlens watch` keeps of each frame, and its kernel buffer (src/helper/cli/watchCommand.ts) */
const SNAPLEN = 256;
const BUFFER_BYTES = 16 * 1024 * 1024;

type Tool = 'capture' | 'watch (alert engine)';

interface Sample {
  tool: Tool;
  sent: number;
  /** packets per second the generator really reached */
  achieved: number;
  captured: number;
  dropped: number;
  /** CPU seconds the capturing process used from the flood's start until its packets were in */
  cpuSeconds: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function start(tool: Tool, port: string) {
  const common = ['-i', port, '-f', FILTER];
  if (tool === 'capture') {
    const args = [...common, '--snaplen', String(SNAPLEN), '--buffer-size', String(BUFFER_BYTES), '--json'];
    return startBackground(process.execPath, [cliPath, 'capture', ...args]);
  }
  return startBackground(process.execPath, [cliPath, 'watch', ...common, '--no-history', '--json']);
}

async function measure(tool: Tool, lab: Lab, port: string, generator: string): Promise<Sample> {
  const capture = start(tool, port);
  await capture.waitFor(tool === 'capture' ? /capturing on/ : /watching/);
  await sleep(300);
  const cpuBefore = cpuSeconds(capture.child.pid);
  const sent = await flood(lab, generator, RATE * SECONDS, RATE, SOURCE_HOSTS);
  // libpcap hands over blocks that wait up to 100 ms, and the last tick's alerts follow it.
  await sleep(1500);
  const cpu = cpuSeconds(capture.child.pid) - cpuBefore;
  const result = await capture.stop('SIGINT');
  if (result.code !== 0) throw new Error(`lanlens ${tool} exited ${result.code}: ${result.stderr}`);
  let captured: number;
  let dropped: number;
  if (tool === 'capture') {
    const snapshot = JSON.parse(result.stdout) as TrafficSnapshot;
    captured = snapshot.counters.packets;
    dropped = snapshot.counters.kernelDrops;
  } else {
    const line = /watched (\d+) packets on \S+; dropped: (\d+) by the kernel/.exec(result.stderr);
    if (!line) throw new Error(`lanlens watch did not say what it watched: ${result.stderr}`);
    captured = Number(line[1]);
    dropped = Number(line[2]);
    if (result.stdout.trim() !== '') throw new Error(`the flood raised alerts:\n${result.stdout}`);
  }
  return { tool, sent: sent.sent, achieved: sent.rate, captured, dropped, cpuSeconds: cpu };
}

async function main(): Promise<number> {
  const built = await createFloodLab('aelive', SUBNET);
  if (!built) return 1;
  const { lab, port } = built;
  const generator = buildUdpFlood();
  try {
    console.log(
      `\nalert engine live: ${SECONDS} s of 60-byte UDP frames at ${RATE.toLocaleString('en-US')} packets/s from ${SOURCE_HOSTS} addresses on ${port}, filter "${FILTER}", snaplen ${SNAPLEN}, kernel buffer ${BUFFER_BYTES / 1024 / 1024} MiB, ${ROUNDS} rounds`,
    );
    console.log(
      `${'tool'.padEnd(21)}  ${'reached pkt/s'.padStart(13)}  ${'sent'.padStart(9)}  ${'captured'.padStart(9)}  ${'dropped'.padStart(8)}  ${'CPU s'.padStart(6)}`,
    );
    const samples: Sample[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const tool of ['capture', 'watch (alert engine)'] as const) {
        const sample = await measure(tool, lab, port, generator);
        samples.push(sample);
        console.log(
          `${tool.padEnd(21)}  ${Math.round(sample.achieved).toLocaleString('en-US').padStart(13)}  ${String(sample.sent).padStart(9)}  ${String(sample.captured).padStart(9)}  ${String(sample.dropped).padStart(8)}  ${sample.cpuSeconds.toFixed(2).padStart(6)}`,
        );
      }
    }
    const of = (tool: Tool) => samples.filter((sample) => sample.tool === tool);
    const cpuCapture = median(of('capture').map((sample) => sample.cpuSeconds));
    const cpuWatch = median(of('watch (alert engine)').map((sample) => sample.cpuSeconds));
    const share = ((cpuWatch - cpuCapture) / SECONDS) * 100;
    const reached = samples.every((sample) => sample.achieved >= RATE * 0.95);
    const watchClean = of('watch (alert engine)').every((s) => s.dropped === 0 && s.captured === s.sent);
    const captureClean = of('capture').every((s) => s.dropped === 0 && s.captured === s.sent);
    console.log(
      `alert engine live: CPU ${cpuWatch.toFixed(2)} s with, ${cpuCapture.toFixed(2)} s without (medians): ${share.toFixed(1)}% of one core at ${RATE.toLocaleString('en-US')} packets/s (target: within 5%)`,
    );
    const drops = `watch ${watchClean ? 'dropped nothing' : 'DROPPED packets'}, capture ${captureClean ? 'dropped nothing' : 'dropped packets'}`;
    console.log(
      reached
        ? `alert engine live: zero drops at ${RATE.toLocaleString('en-US')} packets/s: ${watchClean ? 'met' : 'MISSED'} (${drops})`
        : `alert engine live: zero drops at ${RATE.toLocaleString('en-US')} packets/s: NOT MEASURED — the generator reached ${Math.round(Math.min(...samples.map((s) => s.achieved))).toLocaleString('en-US')} packets/s at worst on this machine (${drops})`,
    );
    const out = path.join(repoRoot, 'test-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      path.join(out, 'bench-alertEngineLive.json'),
      JSON.stringify({ rate: RATE, seconds: SECONDS, sourceHosts: SOURCE_HOSTS, samples, share, reached }, null, 2) +
        '\n',
    );
    return watchClean || !reached ? 0 : 1;
  } finally {
    lab.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
