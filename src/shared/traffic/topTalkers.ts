import type { FlowSummary, HostTraffic, IpConversation } from '../model/traffic';

/** A host and its share of all traffic. */
export interface Talker {
  host: HostTraffic;
  /** bytes sent and received */
  bytes: number;
  /** the part of all bytes sent that it sent or received, 0…1 (a host talking to itself counts once) */
  share: number;
}

/** The `count` hosts that sent and received the most bytes, most first. */
export function topTalkers(hosts: readonly HostTraffic[], count: number): Talker[] {
  const sent = hosts.reduce((sum, host) => sum + host.bytesOut, 0);
  return (
    hosts
      .map((host) => ({ host, bytes: host.bytesIn + host.bytesOut }))
      // Ties go by address text code unit by code unit: localeCompare costs a collation per comparison.
      .sort((a, b) => b.bytes - a.bytes || (a.host.addr < b.host.addr ? -1 : a.host.addr > b.host.addr ? 1 : 0))
      .slice(0, count)
      .map(({ host, bytes }) => ({ host, bytes, share: sent > 0 ? Math.min(1, bytes / sent) : 0 }))
  );
}

/** Total bytes of a conversation or flow, both ways. */
export function totalBytes(row: Pick<IpConversation | FlowSummary, 'bytesAtoB' | 'bytesBtoA'>): number {
  return row.bytesAtoB + row.bytesBtoA;
}

/** The `count` conversations (or flows) that carried the most bytes, most first. */
export function topConversations<T extends IpConversation | FlowSummary>(rows: readonly T[], count: number): T[] {
  return [...rows].sort((a, b) => totalBytes(b) - totalBytes(a)).slice(0, count);
}
