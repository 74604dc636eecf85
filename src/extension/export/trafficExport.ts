// The dashboard's tables as files: flows, hosts and packets, in CSV (one header line, one row per
// entry, times in ISO 8601) or JSON (the model's own objects, lossless, with what they came from).
// Pure functions: the export commands feed them and write the result.
import type { FlowSummary, HostTraffic, PacketSummary, TrafficSource } from '../../shared/model/traffic';
import type { ExportFormat } from '../../shared/webviewProtocol';
import type { CsvValue } from './csv';
import { csvLine } from './csv';

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

function packetRow(packet: PacketSummary, _name?: NameLookup): CsvValue[] {
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

/**
 * An export written in pieces: its start, its rows a page at a time (`first` for the first page),
 * its end. A whole recording's packets go to disk page by page and are never held all at once.
 */
export interface ExportWriter<T> {
  head: string;
  rows(rows: readonly T[], first: boolean): string;
  tail: string;
}

/** Writes one table as CSV (RFC 4180, formula-safe) or JSON (`{ table, source, exportedAt, rows }`). */
export function exportWriter<D extends ExportData>(
  table: D['table'],
  format: ExportFormat,
  context: { name?: NameLookup; source?: TrafficSource; exportedAt: number },
): ExportWriter<D['rows'][number]> {
  const name = context.name ?? (() => undefined);
  const csv = CSV_TABLES[table] as CsvTable<D['rows'][number]>;
  return tableWriter(
    format,
    { table, source: context.source, exportedAt: iso(context.exportedAt) },
    csv.headers,
    (row) => csv.row(row, name),
  );
}

/**
 * Any table as CSV (`headers`, then `row` of each row) or JSON (`meta`'s fields, then `rows`: the
 * objects themselves, lossless): what every LAN Lens export writes.
 */
export function tableWriter<T>(
  format: ExportFormat,
  meta: Record<string, unknown>,
  headers: readonly string[],
  row: (row: T) => CsvValue[],
): ExportWriter<T> {
  if (format === 'json') {
    const head = JSON.stringify(meta);
    return {
      head: `${head.slice(0, -1)}${head === '{}' ? '' : ','}"rows":[`,
      rows: (rows, first) =>
        rows.length ? `${first ? '\n' : ',\n'}${rows.map((item) => JSON.stringify(item)).join(',\n')}` : '',
      tail: '\n]}\n',
    };
  }
  const line = (item: T) => csvLine(row(item));
  return {
    head: csvLine(headers),
    rows: (rows) => rows.map(line).join(''),
    tail: '',
  };
}

interface CsvTable<T> {
  headers: readonly string[];
  row(row: T, name: NameLookup): CsvValue[];
}

const CSV_TABLES: { [K in ExportData['table']]: CsvTable<Extract<ExportData, { table: K }>['rows'][number]> } = {
  flows: { headers: FLOW_HEADERS, row: flowRow },
  hosts: { headers: HOST_HEADERS, row: hostRow },
  packets: { headers: PACKET_HEADERS, row: packetRow },
};

/** A whole table at once, through the same writer. */
function exportAll(data: ExportData, format: ExportFormat, context: Parameters<typeof exportWriter>[2]): string {
  const writer = exportWriter(data.table, format, context);
  return writer.head + writer.rows(data.rows, true) + writer.tail;
}

/** The table as CSV (RFC 4180, formula-safe). */
export function exportCsv(data: ExportData, name: NameLookup = () => undefined): string {
  return exportAll(data, 'csv', { name, exportedAt: 0 });
}

/** The table as JSON: `{ table, source, exportedAt, rows }`, rows exactly as the model holds them. */
export function exportJson(data: ExportData, source: TrafficSource | undefined, exportedAt: number): string {
  return exportAll(data, 'json', { source, exportedAt });
}

/**
 * A file name to offer in the save dialog, e.g. `lan-lens-flows-2024-05-01T10-20-30.csv`; `what`
 * (a table, or a capture's interface, which Windows names `\Device\NPF_{…}`) keeps only what is
 * safe in a file name.
 */
export function exportFileName(what: string, format: ExportFormat | 'pcap' | 'svg' | 'png', at: number): string {
  const stamp = new Date(at).toISOString().slice(0, 19).replace(/:/g, '-');
  return `lan-lens-${what.replace(/[^A-Za-z0-9_.-]/g, '_')}-${stamp}.${format}`;
}
