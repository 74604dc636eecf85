// Writing an export to disk a page at a time: a whole recording's packets (millions, in a large
// capture) are asked of the helper page by page and never held in the extension host at once.
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import type { TrafficSnapshot } from '../../shared/model/traffic';
import type { DeviceName, ExportFormat, ExportTable, PacketPage } from '../../shared/webviewProtocol';
import { exportNames } from './exportNames';
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
  return writePages(file, writer, rowPages(source, table, snapshot));
}

/** Writes an export to `file` page by page (head, rows, tail); resolves with the rows written. */
export async function writePages<T>(
  file: string,
  writer: ExportWriter<T>,
  pages: AsyncIterable<readonly T[]> | Iterable<readonly T[]>,
): Promise<number> {
  const out = createWriteStream(file);
  let count = 0;
  try {
    await write(out, writer.head);
    for await (const rows of pages) {
      await write(out, writer.rows(rows, count === 0));
      count += rows.length;
    }
    await write(out, writer.tail);
  } finally {
    await new Promise<void>((resolve) => out.end(resolve));
  }
  if (out.errored) throw out.errored;
  return count;
}

/** The table's rows a page at a time: a whole recording's packets are never all in memory. */
async function* rowPages(
  source: ExportSource,
  table: ExportTable,
  snapshot: TrafficSnapshot,
): AsyncGenerator<ExportData['rows'], void> {
  if (table !== 'packets' || !source.packetRange) {
    yield table === 'flows' ? snapshot.flows : table === 'hosts' ? snapshot.hosts : snapshot.recent;
    return;
  }
  for (let from = 1, written = 0; ; from += EXPORT_PAGE) {
    const page = await source.packetRange(from, EXPORT_PAGE);
    yield page.packets;
    written += page.packets.length;
    if (page.packets.length < EXPORT_PAGE || written >= page.total) return;
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
