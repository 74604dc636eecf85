import * as os from 'node:os';
import * as vscode from 'vscode';
import type { ExportFormat, ExportTable, SavedFile } from '../../shared/webviewProtocol';
import { UserFacingError } from '../userFacingError';
import { writeExport } from './exportStream';
import type { ExportSource } from './exportStream';
import { exportFileName } from './trafficExport';

/** Asks where to save, then writes the table to it page by page; `path` is absent when the user cancelled. */
export async function exportToFile(source: ExportSource, table: ExportTable, format: ExportFormat): Promise<SavedFile> {
  const snapshot = source.snapshot();
  if (!snapshot) {
    throw new UserFacingError(`LAN Lens: there is no traffic to export yet in ${source.label}. Start a capture first.`);
  }
  const now = Date.now();
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const target = await vscode.window.showSaveDialog({
    title: `Export ${table} of ${source.label}`,
    defaultUri: vscode.Uri.joinPath(folder, exportFileName(table, format, now)),
    filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
    saveLabel: 'Export',
  });
  if (!target) return { count: 0 };
  if (target.scheme !== 'file') {
    throw new UserFacingError(`LAN Lens can only export to local files, not ${target.scheme}: locations.`);
  }
  const count = await writeExport(target.fsPath, source, table, format, { snapshot, exportedAt: now });
  return { path: target.fsPath, count };
}
