// The soak (`npm run soak`, issue 18): a live capture held for 30 minutes (`--minutes N`) on a
// namespace lab while bench/soakChurn.py sends, every second, frames of new flows from new hosts,
// MACs, DNS names and NDP devices, so every table of the helper passes its cap within two minutes
// and keeps evicting. The helper is the real one (dist/helper.js), started and spoken to by the
// extension's own HelperClient with the launch plan the extension uses and the history open in a
// scratch database (`--no-history` leaves it closed), and its ticks are folded by the extension's
// CaptureSession (mergeDelta, as the extension host does) and forwarded, as the live dashboard
// forwards them, to the traffic dashboard's own page in Chromium (bench/soakWebview.ts, a child
// process). Every 10 s it prints the helper's resident memory (/proc/PID/status VmRSS and VmHWM),
// the heap of this process (the extension host's part: the HelperClient and the capture store) and
// the dashboard page's JS heap, each after a collection; at the end a verdict: peak RSS at most
// 200 MiB and flat after the warm-up (least-squares growth over the rest of the run at most
// 10 MiB), both heaps flat (at most 5 MiB), every cap passed, no tick lost. Needs root (namespaces).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { residentBytes } from './limitedRun';
import { SoakWebview } from './soakWebviewClient';
import { startBackground } from '../test/lab/background';
import { repoRoot } from '../test/lab/cli';
import { runOk } from '../test/lab/exec';
import { createLab, labSkipReason } from '../test/lab/lab';
import { helperCaptureBackend } from '../src/extension/capture/captureBackend';
import { parseCaptureSettings } from '../src/extension/capture/captureSettings';
import { CaptureSession } from '../src/extension/capture/captureSession';
import { HelperClient } from '../src/extension/helperClient/helperClient';
import { parseHistorySettings } from '../src/extension/history/historySettings';
import { planHelperLaunch } from '../src/extension/helperClient/helperLaunch';
import type { HelperLaunchPlan } from '../src/extension/helperClient/helperLaunch';
import { HELPER_MALLOC_ENV, HELPER_SERVE_V8_FLAGS } from '../src/shared/helperMemory';
import { HistoryOpenRequest } from '../src/shared/historyProtocol';
import type { CaptureCounters } from '../src/shared/model/traffic';
import { LIVE_LIMITS } from '../src/helper/capture/liveAggregator';
import type { DashboardState } from '../src/shared/webviewProtocol';

const SUBNET = '10.213.95';
/** a unicast MAC nobody on the bridge has: nothing answers the churn, and it goes nowhere else */
const SINK_MAC = '02:13:95:00:00:99';
const SAMPLE_SECONDS = 10;
const RSS_LIMIT_MIB = 200;
/** what the helper's RSS may grow after the warm-up, over the rest of the run (least-squares fit) */
const FLAT_MIB = 10;
/** what the extension host's and the webview's heaps may grow after the warm-up, likewise */
const HEAP_FLAT_MIB = 5;

interface Sample {
  seconds: number;
  rssMiB: number;
  hwmMiB: number;
  packets: number;
  kernelDrops: number;
  evicted: CaptureCounters['evicted'];
  /** heap used by this process (the extension host's part: HelperClient and capture store), after a GC */
  storeHeapMiB: number;
  /** the dashboard page's JS heap in Chromium, after a GC */
  webviewHeapMiB: number;
  ticks: number;
}

const MIB = 1024 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function status(pid: number): { rssMiB: number; hwmMiB: number } {
  return { rssMiB: residentBytes(pid, 'VmRSS') / MIB, hwmMiB: residentBytes(pid, 'VmHWM') / MIB };
}

/** CPU time a process used so far (user + system), in seconds: what its memory settings cost. */
function cpuSeconds(pid: number): number {
  // After the command name (in parentheses, which may hold spaces): utime and stime are fields 14 and 15.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
/** USER_HZ, which Linux fixes at 100 for /proc on every architecture it runs these on */
const CLOCK_TICKS = 100;

/** Least-squares slope of `y` over `x`. */
function slope(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (x[i] - mx) * (y[i] - my);
    den += (x[i] - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

const gc = (globalThis as { gc?: () => void }).gc;
function storeHeapMiB(): number {
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

const tuned = (plan: HelperLaunchPlan) => plan;
/** `--untuned`: the helper without the memory settings of helperMemory.ts, to see what they do */
function untuned(plan: HelperLaunchPlan): HelperLaunchPlan {
  const args = plan.launch.args.filter((arg) => !HELPER_SERVE_V8_FLAGS.includes(arg));
  const env = Object.fromEntries(Object.entries(plan.launch.env ?? {}).filter(([key]) => !(key in HELPER_MALLOC_ENV)));
  return { ...plan, launch: { ...plan.launch, args, env } };
}

/** The helper's command line and the malloc settings in its environment, as the kernel has them. */
function describeHelper(pid: number): string {
  const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const env = readFileSync(`/proc/${pid}/environ`, 'utf8')
    .split('\0')
    .filter((entry) => entry.startsWith('MALLOC_'));
  return `${[...env, ...args].join(' ')}`;
}

function clock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '30' },
      untuned: { type: 'boolean', default: false },
      'no-history': { type: 'boolean', default: false },
    },
  });
  const minutes = Number(values.minutes);
  if (!Number.isFinite(minutes) || minutes < 1 || minutes > 24 * 60) {
    console.error(`soak: --minutes takes a number of minutes from 1 to 1440, not "${values.minutes}"`);
    return 2;
  }
  const skip = labSkipReason();
  if (skip) {
    console.error(`soak: cannot build the lab: ${skip}`);
    return 1;
  }
  if (!gc) console.log('(run with --expose-gc for heap figures after a collection; these are before one)');
  const seconds = Math.round(minutes * 60);
  // The caps are passed within about two minutes; the warm-up also lets the allocators settle.
  const warmupSeconds = Math.min(300, Math.round(seconds / 3));
  const lab = await createLab({
    suite: 'soak',
    bridgeIp: `${SUBNET}.1`,
    hosts: [{ ip: `${SUBNET}.2`, mac: '02:13:95:00:00:02' }],
  });
  // A new source MAC every frame would fill the bridge's forwarding table: this port learns none.
  await runOk('ip', ['link', 'set', 'dev', 'llv-soak-1', 'type', 'bridge_slave', 'learning', 'off']);
  const keep = (level: string) => (message: string) => {
    if (level === 'warn' || level === 'error') console.log(`helper ${level}: ${message}`);
  };
  const client = new HelperClient({
    plan: () => (values.untuned ? untuned : tuned)(planHelperLaunch(repoRoot, '', process.execPath)),
    log: { trace: keep('trace'), debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') },
    logLevel: () => 'info',
    events: {
      captureProblem: (problem) => console.log(`capture unavailable: ${problem.message}`),
      failed: (error) => console.log(`helper failed: ${error.message}`),
    },
  });
  let helperEnded: string | undefined;
  client.onDidEndSession((reason) => (helperEnded = reason));
  // The capture settings at their defaults (recording on, up to 1 GiB), as a new user has them.
  const defaults = parseCaptureSettings(() => undefined).settings;
  const session = new CaptureSession(helperCaptureBackend(client), () => defaults);
  // What the live dashboard answers the page with (its bandwidth chart and interface list left empty).
  const dashboardState = (): DashboardState => ({
    mode: 'live',
    traffic: session.state.phase === 'idle' ? undefined : session.snapshot,
    bandwidth: [],
    interfaces: [],
    captureStatus: { available: true },
    recording: session.state.canSave,
    devices: [],
    packetCount: 0,
  });
  let ticks = 0;
  // Counted, not kept: the churn never repeats a device, and a set of them would grow this process's heap.
  let devices = 0;
  session.onDidSeeDevices((seen) => {
    devices += seen.length;
  });
  let webview: SoakWebview | undefined;
  // As the live dashboard: each delta goes to the page as a tick, anything else as a reset.
  session.onDidUpdate(({ delta }) => {
    if (!delta) {
      webview?.reset(dashboardState());
      return;
    }
    ticks++;
    webview?.tick({ traffic: delta });
  });
  const samples: Sample[] = [];
  let churn: ReturnType<typeof startBackground> | undefined;
  const scratch = mkdtempSync(path.join(tmpdir(), 'lanlens-soak-'));
  let lastWebview = { resyncs: 0, ticks: 0, pageErrors: [] as string[] };
  try {
    webview = await SoakWebview.open(dashboardState);
    // The extension opens the history at its start, and live captures record into it: so here, in a
    // scratch file, unless --no-history (to tell the history's share of the memory from the capture's).
    if (!values['no-history']) {
      const history = await client.request(HistoryOpenRequest.type, {
        path: path.join(scratch, 'history.sqlite'),
        settings: parseHistorySettings(() => undefined).settings,
      });
      if (history.state !== 'open') throw new Error(`the history did not open: ${JSON.stringify(history)}`);
    }
    await session.start({ interface: lab.bridge, filter: '' });
    const pid = client.pid;
    if (!pid) throw new Error('the helper did not say its process id');
    console.log(`helper: ${describeHelper(pid)}`);
    const host = lab.hosts[0];
    churn = startBackground('ip', [
      'netns',
      'exec',
      host.namespace,
      'python3',
      path.join(repoRoot, 'bench', 'soakChurn.py'),
      'eth0',
      String(seconds),
      host.ip,
      lab.bridgeIp,
      SINK_MAC,
    ]);
    await churn.waitFor(/"second"/, 10_000);
    const started = Date.now();
    const cpuAtStart = cpuSeconds(pid);
    console.log(
      `soak: ${minutes} min of live capture on ${lab.bridge} (helper pid ${pid}: dist/helper.js on ${process.execPath}), churn 1,600 new flows, 1,000 new hosts, 200 new names and 400 new devices a second; helper caps: ${LIVE_LIMITS.flows} flows, ${LIVE_LIMITS.conversations} conversations, ${LIVE_LIMITS.hosts} hosts and devices, ${LIVE_LIMITS.dnsNames} names`,
    );
    console.log(
      `${'time'.padStart(6)}  ${'RSS MiB'.padStart(7)}  ${'HWM MiB'.padStart(7)}  ${'packets'.padStart(9)}  ${'pkt/s'.padStart(6)}  ${'k.drops'.padStart(7)}  ${'evicted flows/hosts/conv/names'.padStart(30)}  ${'ext. heap'.padStart(9)}  ${'webview'.padStart(9)}  ${'ticks'.padStart(5)}`,
    );
    let previousPackets = 0;
    for (let next = SAMPLE_SECONDS; next <= seconds; next += SAMPLE_SECONDS) {
      await sleep(Math.max(0, started + next * 1000 - Date.now()));
      if (helperEnded) throw new Error(`the helper ended during the soak: ${helperEnded}`);
      const counters = session.snapshot?.counters;
      if (!counters) throw new Error('the capture store holds no capture');
      const page = await webview.heap();
      lastWebview = page;
      const sample: Sample = {
        seconds: next,
        ...status(pid),
        packets: counters.packets,
        kernelDrops: counters.kernelDrops,
        evicted: counters.evicted,
        storeHeapMiB: storeHeapMiB(),
        webviewHeapMiB: page.usedMiB,
        ticks,
      };
      samples.push(sample);
      const e = sample.evicted;
      console.log(
        `${clock(next).padStart(6)}  ${sample.rssMiB.toFixed(1).padStart(7)}  ${sample.hwmMiB.toFixed(1).padStart(7)}  ${String(sample.packets).padStart(9)}  ${String(Math.round((sample.packets - previousPackets) / SAMPLE_SECONDS)).padStart(6)}  ${String(sample.kernelDrops).padStart(7)}  ${`${e.flows}/${e.hosts}/${e.conversations}/${e.dnsNames}`.padStart(30)}  ${`${sample.storeHeapMiB.toFixed(1)} MiB`.padStart(9)}  ${`${sample.webviewHeapMiB.toFixed(1)} MiB`.padStart(9)}  ${String(ticks).padStart(5)}`,
      );
      previousPackets = sample.packets;
    }
    const generated = await churn.exited;
    const last = JSON.parse(generated.stdout.trim().split('\n').at(-1) ?? '{}') as { sent?: number; done?: boolean };
    const cpu = cpuSeconds(pid) - cpuAtStart;
    console.log(
      `helper CPU during the soak: ${cpu.toFixed(0)} s in ${minutes} min (${((100 * cpu) / (minutes * 60)).toFixed(1)}% of one core)`,
    );
    await sleep(1500);
    await session.stop();
    const atStop = status(pid);
    console.log(
      `helper after the stop (its final snapshot sent): RSS ${atStop.rssMiB.toFixed(1)} MiB, VmHWM ${atStop.hwmMiB.toFixed(1)} MiB`,
    );
    const final = session.snapshot!.counters;
    return verdict(samples, warmupSeconds, {
      sent: last.sent ?? NaN,
      final,
      devices,
      resyncs: lastWebview.resyncs,
      webviewTicks: lastWebview.ticks,
      pageErrors: lastWebview.pageErrors,
      ticks,
      minutes,
    });
  } finally {
    churn?.child.kill('SIGKILL');
    await webview?.close();
    await client.dispose();
    session.dispose();
    lab.destroy();
    rmSync(scratch, { recursive: true, force: true });
  }
}

interface RunTotals {
  sent: number;
  final: CaptureCounters;
  devices: number;
  /** times the dashboard page asked for the whole state again (a tick it missed) */
  resyncs: number;
  /** ticks the page was sent */
  webviewTicks: number;
  /** uncaught errors in the page (the first few) */
  pageErrors: string[];
  ticks: number;
  minutes: number;
}

/** A series' growth after the warm-up: least-squares slope in MiB/min, and that slope over the span. */
function trend(after: Sample[], value: (sample: Sample) => number): { slope: number; growth: number; span: number } {
  const minutes = after.map((sample) => sample.seconds / 60);
  const perMinute = slope(minutes, after.map(value));
  const span = after.length > 1 ? minutes.at(-1)! - minutes[0] : 0;
  return { slope: perMinute, growth: perMinute * span, span };
}

/** One line per series: first and last value after the warm-up, slope, and flat or not. */
function trendLine(label: string, after: Sample[], value: (sample: Sample) => number, limit: number): boolean {
  const { slope: perMinute, growth, span } = trend(after, value);
  const flat = after.length >= 3 && growth <= limit;
  console.log(
    `${label}: ${after[0] ? value(after[0]).toFixed(1) : '?'} → ${after.at(-1) ? value(after.at(-1)!).toFixed(1) : '?'} MiB after the warm-up, slope ${perMinute.toFixed(3)} MiB/min (${growth.toFixed(1)} MiB over ${span.toFixed(1)} min): ${flat ? 'flat' : 'NOT FLAT'} (at most ${limit} MiB)`,
  );
  return flat;
}

function verdict(samples: Sample[], warmupSeconds: number, totals: RunTotals): number {
  const after = samples.filter((sample) => sample.seconds > warmupSeconds);
  const maxRss = Math.max(...samples.map((sample) => sample.rssMiB));
  const peak = Math.max(...samples.map((sample) => sample.hwmMiB));
  const { final } = totals;
  const e = final.evicted;
  const caps = {
    flows: e.flows > 0,
    hosts: e.hosts > 0,
    conversations: e.conversations > 0,
    dnsNames: e.dnsNames > 0,
    devices: totals.devices > LIVE_LIMITS.hosts,
  };
  const capsPassed = Object.values(caps).every(Boolean);
  const missing = totals.sent - final.packets;
  console.log(
    `\nchurn sent ${totals.sent} frames; captured ${final.packets} (${missing} missing, ${final.kernelDrops} dropped by the kernel); ${totals.ticks} ticks folded, ${totals.webviewTicks} sent to the dashboard page, ${totals.resyncs} resyncs after a lost tick; page errors: ${totals.pageErrors.length === 0 ? 'none' : totals.pageErrors.join(' | ')}`,
  );
  console.log(
    `evicted by the helper: ${e.flows} flows, ${e.hosts} hosts, ${e.conversations} conversations, ${e.dnsNames} names; ${totals.devices} device rows reached the extension (helper cap ${LIVE_LIMITS.hosts})`,
  );
  console.log(
    `helper RSS: max ${maxRss.toFixed(1)} MiB (VmHWM ${peak.toFixed(1)} MiB), limit ${RSS_LIMIT_MIB} MiB: ${peak <= RSS_LIMIT_MIB ? 'met' : 'MISSED'}`,
  );
  const flat = trendLine(`helper RSS (after the ${clock(warmupSeconds)} warm-up)`, after, (s) => s.rssMiB, FLAT_MIB);
  const hostFlat = trendLine(
    'extension host heap (HelperClient and capture store)',
    after,
    (s) => s.storeHeapMiB,
    HEAP_FLAT_MIB,
  );
  const webviewFlat = trendLine(
    'webview heap (traffic dashboard in Chromium)',
    after,
    (s) => s.webviewHeapMiB,
    HEAP_FLAT_MIB,
  );
  const underLimit = peak <= RSS_LIMIT_MIB;
  const noLoss = totals.resyncs === 0 && final.kernelDrops === 0 && totals.pageErrors.length === 0;
  console.log(
    `verdict: RSS ≤ ${RSS_LIMIT_MIB} MiB ${underLimit ? 'met' : 'MISSED'}; RSS flat ${flat ? 'met' : 'MISSED'}; extension host heap flat ${hostFlat ? 'met' : 'MISSED'}; webview heap flat ${webviewFlat ? 'met' : 'MISSED'}; every cap passed ${capsPassed ? 'yes' : `NO (${JSON.stringify(caps)})`}; no tick or packet lost ${noLoss ? 'yes' : 'NO'}`,
  );
  const out = path.join(repoRoot, 'test-results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, 'soak.json'),
    JSON.stringify(
      {
        minutes: totals.minutes,
        warmupSeconds,
        samples,
        maxRssMiB: maxRss,
        peakRssMiB: peak,
        rssSlopeMiBPerMin: trend(after, (s) => s.rssMiB).slope,
        extensionHostHeapSlopeMiBPerMin: trend(after, (s) => s.storeHeapMiB).slope,
        webviewHeapSlopeMiBPerMin: trend(after, (s) => s.webviewHeapMiB).slope,
        caps,
        totals,
      },
      null,
      2,
    ) + '\n',
  );
  return underLimit && flat && hostFlat && webviewFlat && capsPassed && noLoss ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
