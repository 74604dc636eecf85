// The connections of a socket watch as a file: CSV with the table's own columns (the values, not
// the text: bytes as numbers, durations in ms), or JSON with the rows as the model holds them and
// the processes they belong to, through the same writer as the traffic exports. No vscode, so the
// unit tests run it.
import { processLabel } from '../../shared/model/sockets';
import type { SocketRow } from '../../shared/model/sockets';
import { SOCKET_COLUMNS } from '../../shared/sockets/socketColumns';
import type { SocketColumnContext } from '../../shared/sockets/socketColumns';
import type { SocketsState } from '../../shared/sockets/socketsState';
import type { ExportFormat } from '../../shared/webviewProtocol';
import { tableWriter } from '../export/trafficExport';
import type { ExportWriter } from '../export/trafficExport';

/** Extra fields of a JSON export (the debug session, say). */
export type ExportMeta = Record<string, unknown>;

/** The writer of a connections export. */
export function socketsWriter(
  state: SocketsState,
  format: ExportFormat,
  exportedAt: number,
  meta: ExportMeta = {},
): ExportWriter<SocketRow> {
  const context: SocketColumnContext = {
    processName: (pid) => {
      const entry = state.process(pid);
      return entry ? processLabel(entry) : undefined;
    },
    now: exportedAt,
  };
  return tableWriter<SocketRow>(
    format,
    {
      table: 'connections',
      source: state.source,
      exportedAt: new Date(exportedAt).toISOString(),
      ...meta,
      processes: [...state.processes.values()],
    },
    SOCKET_COLUMNS.map((column) => column.title),
    (row) => SOCKET_COLUMNS.map((column) => column.value(row, context)),
  );
}
