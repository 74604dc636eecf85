import { formatIpv4 } from '../../shared/cidr';
import type { Verdict } from './probeTransport';

/** One target of a port scan as the stages fill it in: discovery marks it up, the probes add verdicts. */
export interface HostRun {
  /** the address as an unsigned 32-bit integer */
  ip: number;
  /** the address as text */
  text: string;
  mac?: string;
  up: boolean;
  /** what showed it up, in nmap's words ('arp-response', 'localhost', …) */
  upReason?: string;
  /** the ARP round trip, a first guess at its probe timeout, in ms */
  seedRttMs?: number;
  tcp: Map<number, Verdict>;
  udp: Map<number, Verdict>;
  /** smoothed round trip of its probes, in ms */
  srttMs?: number;
}

/** A target not yet known to be up. */
export function hostRun(ip: number): HostRun {
  return { ip, text: formatIpv4(ip), up: false, tcp: new Map(), udp: new Map() };
}
