// The dashboard's tables as files: flows, hosts and packets, in CSV (one header line, one row per
// entry, times in ISO 8601) or JSON (the model's own objects, lossless, with what they came from).
// Pure functions: the export commands feed them and write the result.
import type { FlowSummary, HostTraffic, PacketSummary, TrafficSource } from '../../shared/model/traffic';
import type { ExportFormat, ExportTable } from '../../shared/webviewProtocol';
import type { CsvValue } from './csv';
import { toCsv } from './csv';

/** Names for addresses, from the Devices list (scans) and captured DNS answers; hostile. */
export type NameLookup = (addr: string) => string | undefined;

/** What an export holds: one table's rows and where they came from. */
export type ExportData =
  | { table: 'flows'; rows: readonly FlowSummary[] }
  | { table: 'hosts'; rows: readonly HostTraffic[] }
  | { table: 'packets'; rows: readonly PacketSummary[] };

const iso = (ms: number): string | undefined =>
  Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : undefined;

const FLOW_HEADERS = [
  'transport',
  'application',
  'address A',
  'port A',
  'name A',
  'address B',
  'port B',
  'name B',
  'server name',
  'packets A→B',
  'bytes A→B',
  'packets B→A',
  'bytes B→A',
  'first seen',
  'last seen',
  'duration (s)',
  'TCP state',
];

function flowRow(flow: FlowSummary, name: NameLookup): CsvValue[] {
  return [
    flow.transport,
    flow.app,
    flow.aAddr,
    flow.aPort || undefined,
    name(flow.aAddr),
    flow.bAddr,
    flow.bPort || undefined,
    name(flow.bAddr),
    flow.serverName,
    flow.packetsAtoB,
    flow.bytesAtoB,
    flow.packetsBtoA,
    flow.bytesBtoA,
    iso(flow.firstSeen),
    iso(flow.lastSeen),
    Math.max(0, (flow.lastSeen - flow.firstSeen) / 1000),
    flow.tcpState,
  ];
}

const HOST_HEADERS = [
  'address',
  'name',
  'MAC',
  'packets in',
  'bytes in',
  'packets out',
  'bytes out',
  'first seen',
  'last seen',
];

function hostRow(host: HostTraffic, name: NameLookup): CsvValue[] {
  return [
    host.addr,
    name(host.addr) ?? host.name,
    host.mac,
    host.packetsIn,
    host.bytesIn,
    host.packetsOut,
    host.bytesOut,
    iso(host.firstSeen),
    iso(host.lastSeen),
  ];
}

const PACKET_HEADERS = [
  'number',
  'time',
  'source',
  'source port',
  'destination',
  'destination port',
  'protocol',
  'length',
  'captured length',
  'info',
];

function packetRow(packet: PacketSummary): CsvValue[] {
  return [
    packet.index,
    iso(packet.time),
    packet.src,
    packet.srcPort,
    packet.dst,
    packet.dstPort,
    packet.protocol,
    packet.length,
    packet.capturedLength,
    packet.info,
  ];
}

/** The table as CSV (RFC 4180, formula-safe). */
export function exportCsv(data: ExportData, name: NameLookup = () => undefined): string {
  switch (data.table) {
    case 'flows':
      return toCsv(
        FLOW_HEADERS,
        data.rows.map((flow) => flowRow(flow, name)),
      );
    case 'hosts':
      return toCsv(
        HOST_HEADERS,
        data.rows.map((host) => hostRow(host, name)),
      );
    case 'packets':
      return toCsv(PACKET_HEADERS, data.rows.map(packetRow));
  }
}

/** The table as JSON: `{ table, source, exportedAt, rows }`, rows exactly as the model holds them. */
export function exportJson(data: ExportData, source: TrafficSource | undefined, exportedAt: number): string {
  return `${JSON.stringify({ table: data.table, source, exportedAt: iso(exportedAt), rows: data.rows }, null, 2)}\n`;
}

/** A file name to offer in the save dialog, e.g. `lan-lens-flows-2024-05-01T10-20-30.csv`. */
export function exportFileName(table: ExportTable, format: ExportFormat, at: number): string {
  const stamp = new Date(at).toISOString().slice(0, 19).replace(/:/g, '-');
  return `lan-lens-${table}-${stamp}.${format}`;
}
