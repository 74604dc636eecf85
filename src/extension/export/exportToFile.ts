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
  const file = await askExportFile(`Export ${table} of ${source.label}`, exportFileName(table, format, now), format);
  if (!file) return { count: 0 };
  const count = await writeExport(file, source, table, format, { snapshot, exportedAt: now });
  return { path: file, count };
}

/** What LAN Lens saves through a save dialog: tables, captures and the topology's images. */
type SavedFormat = ExportFormat | 'pcap' | 'svg' | 'png';

const EXPORT_FILTERS: Record<SavedFormat, Record<string, string[]>> = {
  csv: { CSV: ['csv'] },
  json: { JSON: ['json'] },
  pcap: { 'Packet capture': ['pcap'] },
  svg: { 'SVG image': ['svg'] },
  png: { 'PNG image': ['png'] },
};

/** Asks where to save an export (in the workspace's first folder by default); undefined when cancelled. */
export async function askExportFile(
  title: string,
  fileName: string,
  format: SavedFormat,
  saveLabel = 'Export',
): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const target = await vscode.window.showSaveDialog({
    title,
    defaultUri: vscode.Uri.joinPath(folder, fileName),
    filters: EXPORT_FILTERS[format],
    saveLabel,
  });
  if (!target) return undefined;
  if (target.scheme !== 'file') {
    throw new UserFacingError(`LAN Lens can only export to local files, not ${target.scheme}: locations.`);
  }
  return target.fsPath;
}

/**
 * Asks where Save Capture (the command, or the dashboard's button) writes the live capture's
 * recording: `lan-lens-<interface>-<time>.pcap` in the workspace by default.
 */
export function askCaptureFile(iface: string | undefined): Promise<string | undefined> {
  const name = exportFileName(iface ?? 'capture', 'pcap', Date.now());
  return askExportFile(`Save the capture on ${iface ?? 'its interface'} as pcap`, name, 'pcap', 'Save');
}
