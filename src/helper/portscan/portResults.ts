import { comparePortResults } from '../../shared/ports/portProgress';
import { serviceName } from './portTable';
import { formatPortRanges } from '../../shared/ports/portSpec';
import type { Verdict } from './probeTransport';
import type { HostPorts, PortProtocol, PortResult, PortState } from '../../shared/model/ports';

/** Above this many ports in one state (of one protocol), a host's list counts them instead, as nmap's "Not shown". */
export const LISTED_PER_STATE = 25;

/** What one host's scan found, before it is shaped for the client. */
export interface HostFindings {
  ip: string;
  mac?: string;
  up: boolean;
  upReason?: string;
  srttMs?: number;
  tcp?: Map<number, Verdict>;
  udp?: Map<number, Verdict>;
}

/** Shapes findings the way nmap prints them: open ports listed, big closed/filtered groups counted. */
export function hostPorts(findings: HostFindings): HostPorts {
  const ports: PortResult[] = [];
  const notShown: Partial<Record<PortState, number>> = {};
  const notShownPorts: NonNullable<HostPorts['notShownPorts']> = {};
  for (const protocol of ['tcp', 'udp'] as const) {
    const verdicts = findings[protocol];
    if (!verdicts) continue;
    const byState = new Map<PortState, number[]>();
    for (const [port, verdict] of verdicts) {
      const list = byState.get(verdict.state) ?? [];
      list.push(port);
      byState.set(verdict.state, list);
    }
    for (const [state, list] of byState) {
      list.sort((a, b) => a - b);
      if (state !== 'open' && list.length > LISTED_PER_STATE) {
        notShown[state] = (notShown[state] ?? 0) + list.length;
        (notShownPorts[protocol] ??= {})[state] = formatPortRanges(list);
        continue;
      }
      for (const port of list) ports.push(portResult(protocol, port, verdicts.get(port)!));
    }
  }
  ports.sort(comparePortResults);
  const host: HostPorts = { ip: findings.ip, up: findings.up, ports, notShown };
  if (findings.mac) host.mac = findings.mac;
  if (findings.srttMs !== undefined) host.srttMs = Math.round(findings.srttMs * 100) / 100;
  if (Object.keys(notShownPorts).length > 0) host.notShownPorts = notShownPorts;
  if (findings.upReason) host.upReason = findings.upReason;
  return host;
}

function portResult(protocol: PortProtocol, port: number, verdict: Verdict): PortResult {
  const result: PortResult = { port, protocol, state: verdict.state, reason: verdict.reason };
  if (verdict.rttMs !== undefined) result.rttMs = verdict.rttMs;
  // Only the port number speaks here (nmap names closed ports too); service detection replaces it
  // with what the service says.
  const name = serviceName(protocol, port);
  if (name) result.service = { name, method: 'port-table', confidence: 0.2 };
  return result;
}
