import { renderTable } from './table';
import { addressedInterfaces, ownInterfaces } from '../os/interfaces';
import { rankedCount, topPorts } from '../portscan/portTable';
import { runPortScan } from '../portscan/runPortScan';
import { formatCount, formatDuration, formatLatency } from '../../shared/format/displayFormat';
import { formatPortRanges } from '../../shared/ports/portSpec';
import type { CliOutput, CommandRunner } from './cliOptions';
import type { HostPorts, PortScanRequest, PortScanResult, PortSpec } from '../../shared/model/ports';
import { numberOption } from './cliOptions';
import { rememberPortScan } from './history/cliHistory';
import { runScanCommand } from './scanRun';

/** The port set the CLI's -p / --top-ports asked for; a string is an error message. */
export function cliPortSpec(ports: string | undefined, top: string | undefined): PortSpec | string {
  if (ports !== undefined && top !== undefined) return '-p and --top-ports cannot be combined: choose one.';
  if (ports !== undefined) return ports.trim() === '-' ? { set: 'all' } : { set: 'custom', ranges: ports };
  if (top === undefined) return { set: 'top1000' };
  const most = rankedCount('tcp');
  if (!/^\d+$/.test(top) || Number(top) < 1 || Number(top) > most) {
    return `--top-ports must be a whole number from 1 to ${most} (the ports the frequency list ranks), not "${top}".`;
  }
  const count = Number(top);
  if (count === 100) return { set: 'top100' };
  if (count === 1000) return { set: 'top1000' };
  return { set: 'custom', ranges: formatPortRanges(topPorts('tcp', count).sort((a, b) => a - b)) };
}

const STATE_ORDER = ['closed', 'filtered', 'open|filtered'] as const;

function renderHost(host: HostPorts, withVersion: boolean): string {
  const lines: string[] = [];
  const mac = host.mac ? ` (${host.mac})` : '';
  const latency = host.srttMs === undefined ? '' : `, ${formatLatency(host.srttMs)} round trip`;
  lines.push(`${host.ip}${mac}: up${host.upReason ? ` (${host.upReason})` : ''}${latency}`);
  for (const protocol of ['tcp', 'udp'] as const) {
    for (const state of STATE_ORDER) {
      const ranges = host.notShownPorts?.[protocol]?.[state];
      if (!ranges) continue;
      const count = ranges.split(',').reduce((sum, part) => {
        const [a, b] = part.split('-').map(Number);
        return sum + (b === undefined ? 1 : b - a! + 1);
      }, 0);
      lines.push(`Not shown: ${count} ${state} ${protocol} ports`);
    }
  }
  if (host.os) {
    const os = host.os;
    lines.push(
      `OS guess: ${os.family}, ${os.kind} (confidence ${Math.round(os.confidence * 100)}%: ${os.evidence.join('; ')})`,
    );
  }
  if (host.ports.length === 0) return lines.join('\n');
  const headers = ['PORT', 'STATE', 'SERVICE', 'REASON', 'LATENCY', ...(withVersion ? ['VERSION'] : [])];
  const rows = host.ports.map((port) => {
    const service = port.service;
    const version = [service?.product, service?.version, service?.extraInfo ? `(${service.extraInfo})` : '']
      .filter(Boolean)
      .join(' ');
    return [
      `${port.port}/${port.protocol}`,
      port.state,
      service?.name ?? 'unknown',
      port.reason,
      port.rttMs === undefined ? '-' : formatLatency(port.rttMs),
      ...(withVersion ? [version] : []),
    ];
  });
  lines.push(renderTable(headers, rows));
  return lines.join('\n');
}

/** An nmap-like report: one block per host that is up, then a summary line. */
export function renderPortScan(result: PortScanResult, withVersion: boolean): string {
  const up = result.hosts.filter((host) => host.up);
  const blocks = up.map((host) => renderHost(host, withVersion));
  const down = result.hosts.length - up.length;
  const summary =
    `${result.hosts.length} address${result.hosts.length === 1 ? '' : 'es'} scanned, ${up.length} up` +
    `${down ? `, ${down} down (no answer)` : ''}; ${result.method} scan in ${formatDuration(result.durationMs)}, ${formatCount(result.probesSent)} probes` +
    `${result.cancelled ? ' — cancelled' : ''}`;
  return [...blocks, summary].join('\n\n');
}

/** `lanlens ports TARGET… [-p SPEC | --top-ports N] …`; returns the exit code (2 for bad input). */
export function portsCommand(
  request: Omit<PortScanRequest, 'scanId'>,
  json: boolean,
  output: CliOutput,
  verbose: boolean,
  remember?: (result: PortScanResult) => void,
): Promise<number> {
  return runScanCommand(
    output,
    verbose,
    async (context) => {
      // The default gateway is only a clue for the OS guess; finding it costs a tenth of a second.
      const snapshot = request.osDetection ? await addressedInterfaces() : ownInterfaces();
      // --yes also agrees to identify services on more open ports than are probed without asking.
      const confirmIdentify = () => Promise.resolve(request.confirmed ?? false);
      return runPortScan(
        { ...request, scanId: 'cli' },
        { interfaces: snapshot.interfaces, ...context, confirmIdentify },
      );
    },
    (result) => (json ? JSON.stringify(result) : renderPortScan(result, request.serviceDetection ?? false)),
    remember,
  );
}

/** `lanlens ports` from the parsed command line */
export const portsCli: CommandRunner = (values, rest, output) => {
  const fail = (message: string) => (output.err(`lanlens: ${message}`), Promise.resolve(2));
  if (rest.length === 0) return fail('ports needs at least one target, e.g. 192.168.1.10');
  if (values.syn && values.connect) return fail('--syn and --connect exclude each other');
  const tcp = cliPortSpec(values.ports, values['top-ports']);
  if (typeof tcp === 'string') return fail(tcp);
  const maxRate = numberOption(values['max-rate'], 'max-rate', 1, 10_000_000, output);
  if (maxRate === null) return Promise.resolve(2);
  return portsCommand(
    {
      targets: rest,
      tcp,
      udp: values.udp ?? false,
      method: values.syn ? 'syn' : values.connect ? 'connect' : 'auto',
      serviceDetection: values.services ?? false,
      osDetection: values.os ?? false,
      maxRate,
      confirmed: values.yes ?? false,
    },
    values.json ?? false,
    output,
    values.verbose ?? false,
    rememberPortScan(values, output, { targets: rest }),
  );
};
