// Exports the connections of a socket watch: asks where, then streams the rows (socketsWriter.ts).
import type { SocketsState } from '../../shared/sockets/socketsState';
import type { ExportFormat, SavedFile } from '../../shared/webviewProtocol';
import { writePages } from '../export/exportStream';
import { askExportFile } from '../export/exportToFile';
import { exportFileName } from '../export/trafficExport';
import type { ExportMeta } from './socketsWriter';
import { socketsWriter } from './socketsWriter';

/** Asks where, then writes every connection row kept (closed ones too). */
export async function exportSockets(
  state: SocketsState,
  format: ExportFormat,
  label: string,
  meta?: ExportMeta,
): Promise<SavedFile> {
  const now = Date.now();
  const file = await askExportFile(
    `Export the connections of ${label}`,
    exportFileName('connections', format, now),
    format,
  );
  if (!file) return { count: 0 };
  const count = await writePages(
    file,
    socketsWriter(state, format, now, meta),
    [state.sortedRows()],
    'the connections',
  );
  return { path: file, count };
}
