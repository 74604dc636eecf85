// How many processors other work leaves this process now, for the number of threads a capture file
// is read with. The load average is the wrong measure: it lags by a minute, and it counts this
// process itself, so a helper that has just read one file thinks the machine busy for the next.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** The machine's processor time so far (/proc/stat's first line, in its ticks) and this process's own. */
export interface CpuSample {
  /** wall clock, ms */
  at: number;
  /** ticks all processors spent idle (idle + iowait) */
  idleTicks: number;
  /** ticks in all states */
  totalTicks: number;
  /** this process's processor time (all its threads), µs */
  ownMicros: number;
}

/** Samples newer than this are too close to now to say anything (/proc/stat counts in 10 ms ticks). */
const MIN_SPAN_MS = 200;
/** How often the sampler looks, so that a recent stretch of at least MIN_SPAN_MS is always at hand. */
const SAMPLE_MS = 1000;

/** The two latest samples of the running sampler; none before the first use. */
const samples: CpuSample[] = [];
let sampler: NodeJS.Timeout | undefined;

/** /proc/stat's first line and this process's time now; undefined where there is no /proc/stat. */
export function sampleCpu(stat = readProcStat): CpuSample | undefined {
  const text = stat();
  const line = text && /^cpu\s+([\d\s]+)/.exec(text)?.[1];
  if (!line) return undefined;
  // user nice system idle iowait irq softirq steal (guest time is counted in user already)
  const ticks = line.trim().split(/\s+/).slice(0, 8).map(Number);
  if (ticks.length < 5 || ticks.some((tick) => !Number.isFinite(tick))) return undefined;
  const { user, system } = process.cpuUsage();
  return {
    at: performance.now(),
    idleTicks: ticks[3]! + ticks[4]!,
    totalTicks: ticks.reduce((sum, tick) => sum + tick, 0),
    ownMicros: user + system,
  };
}

/**
 * Processors left idle by everything but this process between two samples: the machine's busy
 * share minus this process's own use. Undefined when the samples are too close to tell.
 */
export function idleBetween(before: CpuSample, after: CpuSample, processors: number): number | undefined {
  const wallMs = after.at - before.at;
  const totalTicks = after.totalTicks - before.totalTicks;
  if (wallMs < MIN_SPAN_MS || totalTicks <= 0) return undefined;
  const busy = (1 - (after.idleTicks - before.idleTicks) / totalTicks) * processors;
  const own = (after.ownMicros - before.ownMicros) / 1000 / wallMs;
  const others = Math.max(0, busy - own);
  return Math.max(0, processors - others);
}

/**
 * Processors other work leaves idle, over the last one to two seconds; undefined the first time
 * it is asked in a process (it starts sampling then; the caller falls back on the load average)
 * and where /proc/stat is missing.
 */
export function idleProcessors(processors = availableParallelism()): number | undefined {
  const now = sampleCpu();
  if (!now) return undefined;
  startSampling(now);
  const before = samples.find((sample) => now.at - sample.at >= MIN_SPAN_MS);
  return before && idleBetween(before, now, processors);
}

/** Keeps the two latest samples, one a second, for as long as the process runs (it keeps none alive). */
function startSampling(first: CpuSample): void {
  if (sampler) return;
  samples.push(first);
  sampler = setInterval(() => {
    const sample = sampleCpu();
    if (!sample) return;
    samples.push(sample);
    if (samples.length > 2) samples.shift();
  }, SAMPLE_MS).unref();
}

function readProcStat(): string | undefined {
  try {
    return readFileSync('/proc/stat', 'latin1');
  } catch {
    return undefined;
  }
}
