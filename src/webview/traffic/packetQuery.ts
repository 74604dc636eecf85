// The packet list's filter box: every whitespace-separated term must occur (case-insensitive) in
// the packet's addresses, ports, protocol or Info. Pure; the haystack of each packet is built once.
import type { PacketSummary } from '../../shared/model/traffic';

const haystacks = new WeakMap<PacketSummary, string>();

/** the lower-case text a packet filter searches */
export function packetSearchText(packet: PacketSummary): string {
  let text = haystacks.get(packet);
  if (text === undefined) {
    text = [packet.src, packet.dst, packet.srcPort ?? '', packet.dstPort ?? '', packet.protocol, packet.info]
      .join(' ')
      .toLowerCase();
    haystacks.set(packet, text);
  }
  return text;
}

/** Splits the filter box into terms; an empty list matches everything. */
export function packetTerms(filter: string): string[] {
  return filter.toLowerCase().split(/\s+/).filter(Boolean);
}

export function packetMatches(packet: PacketSummary, terms: string[]): boolean {
  if (!terms.length) return true;
  const text = packetSearchText(packet);
  return terms.every((term) => text.includes(term));
}
