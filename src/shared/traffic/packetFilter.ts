import type { PacketSummary } from '../model/traffic';

/** The terms of a packet-list filter: whitespace-separated, matched case-insensitively. */
export function filterTerms(filter: string | undefined): string[] {
  return (filter ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter((term) => term.length > 0);
}

/** Whether every term occurs in the packet's source, destination, ports, protocol or Info column. */
export function packetMatches(summary: PacketSummary, terms: readonly string[]): boolean {
  if (terms.length === 0) return true;
  const text = [summary.src, summary.dst, summary.srcPort ?? '', summary.dstPort ?? '', summary.protocol, summary.info]
    .join('\n')
    .toLowerCase();
  return terms.every((term) => text.includes(term));
}
