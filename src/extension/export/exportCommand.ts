import * as vscode from 'vscode';
import type { ExportFormat, ExportTable } from '../../shared/webviewProtocol';
import { UserFacingError } from '../userFacingError';
import type { ExportSource } from './exportStream';
import { exportToFile } from './exportToFile';

interface Pick<T> extends vscode.QuickPickItem {
  value: T;
}

const TABLES: Pick<ExportTable>[] = [
  { label: 'Flows', description: 'conversations by 5-tuple, with packets and bytes each way', value: 'flows' },
  { label: 'Hosts', description: 'every address with packets and bytes in and out', value: 'hosts' },
  { label: 'Packets', description: 'one line per packet, as the packet list shows it', value: 'packets' },
];

const FORMATS: Pick<ExportFormat>[] = [
  { label: 'CSV', description: 'for spreadsheets (RFC 4180, formula-safe)', value: 'csv' },
  { label: 'JSON', description: 'every field, lossless', value: 'json' },
];

/**
 * "LAN Lens: Export Traffic…": the traffic of the focused capture file, else the live capture;
 * a table and a format from quick picks, then a save dialog. `table` and `format` skip their picks.
 */
export async function exportTrafficCommand(
  source: ExportSource | undefined,
  table?: ExportTable,
  format?: ExportFormat,
): Promise<void> {
  if (!source?.snapshot()) {
    throw new UserFacingError(
      'LAN Lens: there is no traffic to export. Start a capture in "LAN Lens: Show Traffic" or open a .pcap or .pcapng file first.',
    );
  }
  const title = `Export traffic of ${source.label}`;
  table ??= (await vscode.window.showQuickPick(TABLES, { title, placeHolder: 'Which table?' }))?.value;
  if (!table) return;
  format ??= (await vscode.window.showQuickPick(FORMATS, { title, placeHolder: 'Which format?' }))?.value;
  if (!format) return;
  const saved = await exportToFile(source, table, format);
  if (saved.path)
    void vscode.window.showInformationMessage(`LAN Lens: exported ${saved.count} ${table} to ${saved.path}.`);
}
