import { readFile } from 'node:fs/promises';
import { normalizeMac } from '../../shared/mac';

/** One resolved entry of the kernel's IPv4 neighbour (ARP) table. */
export interface NeighborEntry {
  ip: string;
  /** lower-case colon-separated hardware address */
  mac: string;
  interface: string;
}

const ATF_COM = 0x2; // the entry is complete: the host answered ARP

/**
 * Parses the text of /proc/net/arp, keeping complete entries only: an incomplete or failed
 * entry means the kernel asked and nobody answered.
 */
export function parseProcNetArp(text: string): NeighborEntry[] {
  const entries: NeighborEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [ip, , flags, hwAddress, , device] = line.trim().split(/\s+/);
    if (!ip || !flags || !hwAddress || !device) continue;
    if ((parseInt(flags, 16) & ATF_COM) === 0) continue;
    const mac = normalizeMac(hwAddress);
    if (!mac || mac === '00:00:00:00:00:00') continue;
    entries.push({ ip, mac, interface: device });
  }
  return entries;
}

/** Reads the kernel's neighbour table; empty where /proc/net/arp does not exist (not Linux). */
export async function readNeighbors(): Promise<NeighborEntry[]> {
  try {
    return parseProcNetArp(await readFile('/proc/net/arp', 'utf8'));
  } catch {
    return [];
  }
}
