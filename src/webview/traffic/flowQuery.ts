// Filtering and sorting of the conversations table. Pure; runs over every flow once per second,
// so it avoids per-row allocation beyond the result array.
import type { FlowSummary } from '../../shared/model/traffic';

/** Columns the flows table can sort by. */
export type FlowSortKey =
  'a' | 'b' | 'protocol' | 'packets' | 'bytes' | 'bytesAtoB' | 'bytesBtoA' | 'duration' | 'lastSeen' | 'state';

export interface SortOrder<K extends string> {
  key: K;
  descending: boolean;
}

/** What the filter boxes hold; empty strings match everything. */
export interface FlowFilter {
  /** substring of either endpoint's address or of a name known for it, or of the server name */
  host: string;
  /** a port number either side uses; several separated by commas or spaces */
  port: string;
  /** substring of the transport or application protocol ('tcp', 'dns', 'tls'…) */
  protocol: string;
}

export const emptyFlowFilter: FlowFilter = { host: '', port: '', protocol: '' };

/** the protocol column: application protocol when one was named, else the transport */
export function flowProtocol(flow: FlowSummary): string {
  return flow.app ? `${flow.transport}/${flow.app}` : flow.transport;
}

/** Parses a port filter; undefined for text that names no port (the filter then matches nothing). */
export function parsePorts(text: string): Set<number> | undefined {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (!parts.length) return new Set();
  const ports = new Set<number>();
  for (const part of parts) {
    if (!/^\d{1,5}$/.test(part) || Number(part) > 65535) return undefined;
    ports.add(Number(part));
  }
  return ports;
}

/**
 * The flows that pass the filter, sorted. `searchText(addr)` gives the lower-case text a host
 * filter matches (address plus names).
 */
export function queryFlows(
  flows: Iterable<FlowSummary>,
  filter: FlowFilter,
  order: SortOrder<FlowSortKey>,
  searchText: (addr: string) => string,
): FlowSummary[] {
  const host = filter.host.trim().toLowerCase();
  const protocol = filter.protocol.trim().toLowerCase();
  const ports = parsePorts(filter.port);
  const out: FlowSummary[] = [];
  if (!ports) return out;
  for (const flow of flows) {
    if (ports.size && !ports.has(flow.aPort) && !ports.has(flow.bPort)) continue;
    if (protocol && !flowProtocol(flow).toLowerCase().includes(protocol)) continue;
    if (
      host &&
      !searchText(flow.aAddr).includes(host) &&
      !searchText(flow.bAddr).includes(host) &&
      !(flow.serverName?.toLowerCase().includes(host) ?? false)
    ) {
      continue;
    }
    out.push(flow);
  }
  const compare = comparators[order.key];
  const sign = order.descending ? -1 : 1;
  return out.sort((x, y) => sign * compare(x, y) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

type Comparator = (x: FlowSummary, y: FlowSummary) => number;

/** How each sortable column orders flows, ascending (a column missing here is a compile error). */
const comparators: { [K in FlowSortKey]: Comparator } = {
  a: (x, y) => compareAddr(x.aAddr, y.aAddr) || x.aPort - y.aPort,
  b: (x, y) => compareAddr(x.bAddr, y.bAddr) || x.bPort - y.bPort,
  protocol: (x, y) => compareText(flowProtocol(x), flowProtocol(y)),
  packets: (x, y) => x.packetsAtoB + x.packetsBtoA - (y.packetsAtoB + y.packetsBtoA),
  bytes: (x, y) => x.bytesAtoB + x.bytesBtoA - (y.bytesAtoB + y.bytesBtoA),
  bytesAtoB: (x, y) => x.bytesAtoB - y.bytesAtoB,
  bytesBtoA: (x, y) => x.bytesBtoA - y.bytesBtoA,
  duration: (x, y) => x.lastSeen - x.firstSeen - (y.lastSeen - y.firstSeen),
  lastSeen: (x, y) => x.lastSeen - y.lastSeen,
  state: (x, y) => compareText(x.tcpState ?? '', y.tcpState ?? ''),
};

/** Whether a column id (or a persisted value) is one the flows table sorts by. */
export function isFlowSortKey(key: unknown): key is FlowSortKey {
  return typeof key === 'string' && Object.hasOwn(comparators, key);
}

function compareText(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** IPv4 before IPv6; IPv4 numerically; IPv6 by text (a total order is what matters). */
export function compareAddr(x: string, y: string): number {
  const a = ipv4Number(x);
  const b = ipv4Number(y);
  if (a !== undefined && b !== undefined) return a - b;
  if (a !== undefined) return -1;
  if (b !== undefined) return 1;
  return compareText(x, y);
}

function ipv4Number(addr: string): number | undefined {
  const parts = addr.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    const octet = Number(part);
    if (!/^\d{1,3}$/.test(part) || octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}
