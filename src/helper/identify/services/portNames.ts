import { serviceName } from '../../portscan/portTable';

/**
 * The conventional (IANA) name of a port, or 'unknown': what a port is called when nothing
 * answered a probe, as nmap falls back to its service table. The port scan's table supplies it,
 * so a port reads the same with and without service detection.
 */
export function portName(port: number, protocol: 'tcp' | 'udp'): string {
  return serviceName(protocol, port) ?? 'unknown';
}
