// Pure pieces of "Scan Ports…": the request from the user's choices, the progress line, the
// summary. No vscode, so they are unit-tested.
import { formatCount, formatCountOf, formatDuration } from '../../shared/format/displayFormat';
import type { HostPorts, PortScanRequest, PortScanResult, PortSpec } from '../../shared/model/ports';
import { parsePortSpec } from '../../shared/ports/portSpec';
import { shownPorts } from '../views/portTreeModel';
import type { PortSettings } from './portSettings';

/** What the user chose in the pickers (or a caller passed). */
export interface PortScanChoice {
  targets: string[];
  tcp: PortSpec;
  udp: boolean;
  serviceDetection: boolean;
  osDetection: boolean;
}

/** The request sent to the helper. */
export function portScanRequest(
  scanId: string,
  choice: PortScanChoice,
  settings: Pick<PortSettings, 'method' | 'maxRate'>,
  confirmed: boolean,
): PortScanRequest {
  return {
    scanId,
    targets: choice.targets,
    tcp:
      choice.tcp.set === 'custom' ? { set: 'custom', ranges: parsePortSpec(choice.tcp.ranges ?? '').text } : choice.tcp,
    udp: choice.udp || undefined,
    method: settings.method,
    serviceDetection: choice.serviceDetection,
    osDetection: choice.osDetection,
    maxRate: settings.maxRate,
    confirmed: confirmed || undefined,
  };
}

/** `10.0.0.5`, `3 hosts`, `10.0.0.0/24`: the targets in a few words for titles. */
export function targetsText(targets: readonly string[]): string {
  if (targets.length === 1) return targets[0]!;
  if (targets.length <= 3) return targets.join(', ');
  return `${targets.length} targets`;
}

/** Open ports per host so far, updated from progress batches. */
export class OpenPortTally {
  private readonly byHost = new Map<string, number>();

  add(hosts: readonly HostPorts[]): void {
    for (const host of hosts) this.byHost.set(host.ip, shownPorts(host).length);
  }

  get ports(): number {
    let total = 0;
    for (const count of this.byHost.values()) total += count;
    return total;
  }

  get hosts(): number {
    let total = 0;
    for (const count of this.byHost.values()) if (count > 0) total++;
    return total;
  }
}

/** `5 open ports on 2 hosts · 1,200 of 4,000 probes`. */
export function progressText(tally: OpenPortTally, done: number, total: number): string {
  const probes = total > 0 ? ` · ${formatCount(done)} of ${formatCount(total)} probes` : '';
  return `${formatCountOf(tally.ports, 'open port')} on ${formatCountOf(tally.hosts, 'host')}${probes}`;
}

/** The status-bar line after a scan: `LAN Lens: 7 open ports on 3 of 4 hosts (SYN scan) in 1.2 s`. */
export function portScanSummary(result: PortScanResult): string {
  const up = result.hosts.filter((host) => host.up).length;
  const open = result.hosts.reduce((sum, host) => sum + shownPorts(host).length, 0);
  const withOpen = result.hosts.filter((host) => shownPorts(host).length > 0).length;
  const method = result.method === 'syn' ? 'SYN scan' : 'connect scan';
  const where = `${formatCountOf(open, 'open port')} on ${withOpen} of ${formatCountOf(up, 'host')} up`;
  const duration = formatDuration(result.durationMs);
  if (result.cancelled) return `LAN Lens: port scan cancelled after ${duration}; ${where} so far`;
  return `LAN Lens: ${where} (${method}) in ${duration}`;
}
