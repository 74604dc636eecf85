import { renderTable } from './table';
import { addressedInterfaces } from '../os/interfaces';
import { runScan } from '../scan/runScan';
import { formatDuration, formatLatency } from '../../shared/format/displayFormat';
import type { Device } from '../../shared/model/device';
import type { ScanRequest, ScanResult } from '../../shared/model/scan';
import { SCAN_LIMITS } from '../../shared/model/scan';
import { numberOption } from './cliOptions';
import type { CliOutput, CliValues, CommandRunner } from './cliOptions';
import { rememberScan } from './history/cliHistory';
import { runScanCommand } from './scanRun';

function flags(device: Device): string {
  return [device.isGateway ? 'gateway' : '', device.isSelf ? 'this machine' : ''].filter(Boolean).join(', ');
}

function renderHuman(result: ScanResult): string {
  const rows = result.devices.map((device) => [
    device.ip,
    device.mac ?? '-',
    device.vendor ?? '-',
    device.hostname ?? '-',
    device.rttMs === undefined ? '-' : formatLatency(device.rttMs),
    flags(device),
  ]);
  const table = renderTable(['IP', 'MAC', 'VENDOR', 'HOSTNAME', 'RTT', ''], rows);
  const summary = `${result.devices.length} hosts up on ${result.cidr} (${result.interface}) by ${result.method} in ${formatDuration(result.durationMs)}${result.partial ? ' — partial' : ''}${result.cancelled ? ' — cancelled' : ''}`;
  return `${table}\n${summary}`;
}

/** `lanlens scan [CIDR] [--interface NAME] …`; returns the exit code (2 for bad input). */
export function scanCommand(
  request: Omit<ScanRequest, 'scanId'>,
  json: boolean,
  output: CliOutput,
  verbose: boolean,
  remember?: (result: ScanResult) => void,
): Promise<number> {
  return runScanCommand(
    output,
    verbose,
    async (context) => runScan({ ...request, scanId: 'cli' }, { ...(await addressedInterfaces()), ...context }),
    (result) => (json ? JSON.stringify(result, null, 2) : renderHuman(result)),
    remember,
  );
}

/** `lanlens scan` from the parsed command line */
export const scanCli: CommandRunner = (values, rest, output) => {
  if (rest.length > 1) {
    output.err(`lanlens: scan takes one subnet, got ${rest.length}: ${rest.join(' ')}`);
    return Promise.resolve(2);
  }
  const options = parseScanOptions(values, output);
  if (!options) return Promise.resolve(2);
  const json = values.json ?? false;
  return scanCommand(
    { ...options, cidr: rest[0] },
    json,
    output,
    values.verbose ?? false,
    rememberScan(values, output),
  );
};

/** A scan request without its subnet and id. */
export type ScanOptions = Omit<ScanRequest, 'scanId' | 'cidr'>;

/** The scan options of `lanlens scan` (and `topology`); undefined (after saying why) when malformed. */
export function parseScanOptions(values: CliValues, output: CliOutput): ScanOptions | undefined {
  const { timeoutMs: timeoutLimits, retries: retryLimits } = SCAN_LIMITS;
  const timeoutMs = numberOption(values.timeout, 'timeout', timeoutLimits.min, timeoutLimits.max, output);
  const retries = numberOption(values.retries, 'retries', retryLimits.min, retryLimits.max, output);
  if (timeoutMs === null || retries === null) return undefined;
  const method = values.method ?? 'auto';
  if (method !== 'auto' && method !== 'arp' && method !== 'connect') {
    output.err(`lanlens: --method must be auto, arp or connect, not "${method}"`);
    return undefined;
  }
  return {
    interface: values.interface,
    timeoutMs,
    retries,
    method,
    resolveNames: !values['no-resolve'],
    dnsServers: values['dns-server'],
    confirmed: values.yes ?? false,
  };
}
