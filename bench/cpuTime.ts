// CPU time, for benchmarks on a shared machine: what work costs, not how long it waited for a core.

/**
 * CPU ms the process spent on `work`: what it costs, not how long it waited for a core (the
 * machine running other work stretches wall time, not this), garbage collection threads included.
 */
export function cpuMs(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** CPU ms the process has used so far: a clock for timing steps of a larger piece of work. */
export function cpuClock(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}
