import { formatByteRate, formatBytes } from '../../shared/format/displayFormat';
import type { BandwidthSample } from '../../shared/model/traffic';
import { BandwidthRates } from '../os/bandwidthRates';
import type { CounterReader } from '../os/bandwidthWatcher';
import { readInterfaceCounters } from '../os/bandwidthWatcher';
import type { CliOutput, CommandRunner } from './cliOptions';
import { renderTable } from './table';
import { numberOption } from './cliOptions';

/** Options of `lanlens bandwidth`. */
export interface BandwidthCommandOptions {
  /** only this interface */
  interface?: string;
  /** ms between readings */
  intervalMs: number;
  /** readings to print */
  count: number;
  json: boolean;
}

/**
 * `lanlens bandwidth [-i NAME] [--interval MS] [--count N] [--json]`: upload and download per
 * interface from the OS counters, no privilege needed. `--json` prints one BandwidthSample per line.
 */
export async function bandwidthCommand(
  options: BandwidthCommandOptions,
  output: CliOutput,
  read: CounterReader = readInterfaceCounters,
): Promise<number> {
  const rates = new BandwidthRates();
  const pick = (sample: BandwidthSample): BandwidthSample => ({
    ...sample,
    interfaces: sample.interfaces.filter((entry) => !options.interface || entry.interface === options.interface),
  });
  // The first reading only primes the counters: a rate needs two.
  const first = pick(rates.next(await read(), Date.now()));
  if (options.interface && first.interfaces.length === 0) {
    output.err(`lanlens: no interface named "${options.interface}" (see \`lanlens interfaces\`)`);
    return 2;
  }
  for (let printed = 0; printed < options.count; printed++) {
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
    const sample = pick(rates.next(await read(), Date.now()));
    if (options.json) {
      output.out(JSON.stringify(sample));
      continue;
    }
    const rows = sample.interfaces.map((entry) => [
      entry.interface,
      formatByteRate(entry.rxBytesPerSecond),
      formatByteRate(entry.txBytesPerSecond),
      formatBytes(entry.rxTotalBytes),
      formatBytes(entry.txTotalBytes),
    ]);
    output.out(
      `${new Date(sample.time).toISOString()}\n${renderTable(['INTERFACE', '↓ DOWN', '↑ UP', 'RECEIVED', 'SENT'], rows)}`,
    );
  }
  return 0;
}

/** `lanlens bandwidth` from the parsed command line */
export const bandwidthCli: CommandRunner = (values, rest, output) => {
  if (rest.length > 0) {
    output.err(`lanlens: bandwidth takes no arguments, got ${rest.join(' ')}`);
    return Promise.resolve(2);
  }
  const intervalMs = numberOption(values.interval, 'interval', 500, 60_000, output);
  const count = numberOption(values.count, 'count', 1, 1_000_000, output);
  if (intervalMs === null || count === null) return Promise.resolve(2);
  return bandwidthCommand(
    { interface: values.interface, intervalMs: intervalMs ?? 1000, count: count ?? 5, json: values.json ?? false },
    output,
  );
};
