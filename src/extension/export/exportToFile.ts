import * as os from 'node:os';
import * as vscode from 'vscode';
import type { PacketSummary, TrafficSnapshot } from '../../shared/model/traffic';
import type { DeviceName, ExportFormat, ExportTable, PacketPage, SavedFile } from '../../shared/webviewProtocol';
import { UserFacingError } from '../userFacingError';
import { exportNames } from './exportNames';
import type { ExportData } from './trafficExport';
import { exportCsv, exportFileName, exportJson } from './trafficExport';

/** Packets per `capture/packets` request while exporting a whole file or recording. */
const PAGE = 5000;

/** What can be exported: the traffic shown by one dashboard. */
export interface ExportSource {
  /** for messages: "capture on eth0", "trace.pcapng" */
  label: string;
  snapshot(): TrafficSnapshot | undefined;
  devices(): DeviceName[];
  /** every packet of a file or recording, page by page; absent: the snapshot's recent packets */
  packetRange?: (from: number, count: number) => Promise<PacketPage>;
}

async function packetsOf(source: ExportSource, snapshot: TrafficSnapshot): Promise<PacketSummary[]> {
  if (!source.packetRange) return snapshot.recent;
  const packets: PacketSummary[] = [];
  for (let from = 1; ; from += PAGE) {
    const page = await source.packetRange(from, PAGE);
    packets.push(...page.packets);
    if (page.packets.length < PAGE || packets.length >= page.total) return packets;
  }
}

/** The rows of one table, ready for the pure writers. */
export async function exportData(source: ExportSource, table: ExportTable): Promise<ExportData> {
  const snapshot = source.snapshot();
  if (!snapshot) {
    throw new UserFacingError(`LAN Lens: there is no traffic to export yet in ${source.label}. Start a capture first.`);
  }
  switch (table) {
    case 'flows':
      return { table, rows: snapshot.flows };
    case 'hosts':
      return { table, rows: snapshot.hosts };
    case 'packets':
      return { table, rows: await packetsOf(source, snapshot) };
  }
}

/** Asks where to save, then writes the table; `path` is absent when the user cancelled. */
export async function exportToFile(source: ExportSource, table: ExportTable, format: ExportFormat): Promise<SavedFile> {
  const data = await exportData(source, table);
  const now = Date.now();
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const target = await vscode.window.showSaveDialog({
    title: `Export ${table} of ${source.label}`,
    defaultUri: vscode.Uri.joinPath(folder, exportFileName(table, format, now)),
    filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
    saveLabel: 'Export',
  });
  if (!target) return { count: 0 };
  const text =
    format === 'csv'
      ? exportCsv(data, exportNames(source.devices(), source.snapshot()))
      : exportJson(data, source.snapshot()?.source, now);
  await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
  return { path: target.fsPath, count: data.rows.length };
}
