// Port-scan progress arrives as deltas (`ports/didProgress` lists only the ports a host gained or
// that changed state since the last notification); the extension folds them into what it holds.
import type { HostPorts, PortResult } from '../model/ports';

const portKey = (port: Pick<PortResult, 'protocol' | 'port'>) => `${port.protocol}/${port.port}`;

/** The order ports are listed in, as nmap lists them: TCP before UDP, then by number. */
export function comparePortResults(a: Pick<PortResult, 'protocol' | 'port'>, b: Pick<PortResult, 'protocol' | 'port'>) {
  return a.protocol === b.protocol ? a.port - b.port : a.protocol === 'tcp' ? -1 : 1;
}

/**
 * `known` with `delta` folded in: its ports added or replaced; the counts not shown, the MAC and
 * the round trip taken from the delta, which has them whole. Ports of a state the delta now only
 * counts (a big scan's closed ports, once there are too many to list) leave the list.
 */
export function mergePortProgress(known: HostPorts | undefined, delta: HostPorts): HostPorts {
  if (!known) return delta;
  const counted = (port: PortResult) => delta.notShownPorts?.[port.protocol]?.[port.state] !== undefined;
  const ports = new Map<string, PortResult>();
  for (const port of known.ports) if (!counted(port)) ports.set(portKey(port), port);
  for (const port of delta.ports) ports.set(portKey(port), port);
  return { ...known, ...delta, ports: [...ports.values()].sort(comparePortResults) };
}
