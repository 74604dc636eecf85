// Writing an export to disk a page at a time: a whole recording's packets (millions, in a large
// capture), and a file's whole flows and hosts tables, are asked of the helper page by page and never
// held in the extension host at once.
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import type { CaptureRows } from '../../shared/captureFileProtocol';
import type { TrafficSnapshot } from '../../shared/model/traffic';
import type { DeviceName, ExportFormat, ExportTable, PacketPage } from '../../shared/webviewProtocol';
import { exportNames } from './exportNames';
import { saveFailure } from './saveFailure';
import type { ExportData, ExportWriter } from './trafficExport';
import { exportWriter } from './trafficExport';

/** What can be exported: the traffic shown by one dashboard. */
export interface ExportSource {
  /** for messages: "capture on eth0", "trace.pcapng" */
  label: string;
  snapshot(): TrafficSnapshot | undefined;
  devices(): DeviceName[];
  /** every packet of a file or recording, page by page; absent: the snapshot's recent packets */
  packetRange?: (from: number, count: number) => Promise<PacketPage>;
  /** a whole flows or hosts table, page by page, where the snapshot holds only the rows a view keeps (a file) */
  rowRange?: (table: 'flows' | 'hosts', from: number, count: number) => Promise<CaptureRows<'flows' | 'hosts'>>;
}

/** Packets per `capture/packets` request while exporting a whole file or recording. */
export const EXPORT_PAGE = 5000;

/** Writes one table of `source` to `file`; resolves with the rows written. */
export async function writeExport(
  file: string,
  source: ExportSource,
  table: ExportTable,
  format: ExportFormat,
  { snapshot, exportedAt }: { snapshot: TrafficSnapshot; exportedAt: number },
): Promise<number> {
  const writer = exportWriter<ExportData>(table, format, {
    name: exportNames(source.devices(), snapshot),
    source: snapshot.source,
    exportedAt,
  });
  return writePages(file, writer, rowPages(source, table, snapshot), `the ${table}`);
}

/**
 * Writes an export to `file` page by page (head, rows, tail); resolves with the rows written. A
 * write that fails (a read-only folder, a full disk) is said in words naming `what` was saved; a
 * page that could not be had fails with its own error.
 */
export async function writePages<T>(
  file: string,
  writer: ExportWriter<T>,
  pages: AsyncIterable<readonly T[]> | Iterable<readonly T[]>,
  what: string,
): Promise<number> {
  const out = createWriteStream(file);
  const put = (text: string) =>
    write(out, text).catch((error: unknown) => {
      throw saveFailure(what, file, error);
    });
  let count = 0;
  try {
    await put(writer.head);
    for await (const rows of pages) {
      await put(writer.rows(rows, count === 0));
      count += rows.length;
    }
    await put(writer.tail);
  } finally {
    await new Promise<void>((resolve) => out.end(() => resolve()));
  }
  if (out.errored) throw saveFailure(what, file, out.errored);
  return count;
}

/** The table's rows a page at a time: a whole recording's packets are never all in memory. */
async function* rowPages(
  source: ExportSource,
  table: ExportTable,
  snapshot: TrafficSnapshot,
): AsyncGenerator<ExportData['rows'], void> {
  const { packetRange, rowRange } = source;
  if (table === 'packets' && packetRange) {
    yield* pages(async (from) => {
      const page = await packetRange(from, EXPORT_PAGE);
      return { rows: page.packets, total: page.total };
    });
  } else if (table !== 'packets' && rowRange) {
    yield* pages((from) => rowRange(table, from, EXPORT_PAGE));
  } else {
    yield table === 'flows' ? snapshot.flows : table === 'hosts' ? snapshot.hosts : snapshot.recent;
  }
}

/** Pages of EXPORT_PAGE rows asked one after the other, until one comes short or all are written. */
async function* pages(
  ask: (from: number) => Promise<{ rows: ExportData['rows']; total: number }>,
): AsyncGenerator<ExportData['rows'], void> {
  for (let from = 1, written = 0; ; from += EXPORT_PAGE) {
    const page = await ask(from);
    yield page.rows;
    written += page.rows.length;
    if (page.rows.length < EXPORT_PAGE || written >= page.total) return;
  }
}

/** Writes and waits while the stream's buffer is full, so a slow disk slows the export, not memory. */
async function write(out: WriteStream, text: string): Promise<void> {
  if (out.errored) throw out.errored;
  if (text && !out.write(text)) {
    await new Promise<void>((resolve, reject) => {
      out.once('drain', resolve);
      out.once('error', reject);
    });
  }
}
