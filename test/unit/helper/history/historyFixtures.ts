// Temporary history databases for the history tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { openHistory } from '../../../../src/helper/history/historyDatabase';
import type { HistoryDb, OpenHistoryOptions } from '../../../../src/helper/history/historyDatabase';
import type { ScanResult } from '../../../../src/shared/model/scan';

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A fresh folder, removed after the file's tests. */
export function tempFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'lanlens-history-'));
  folders.push(folder);
  return folder;
}

/** A path for a database in a fresh folder (no file yet). */
export function tempDbPath(): string {
  return path.join(tempFolder(), 'history.sqlite');
}

/** A new, migrated database; fails the test when it does not open. */
export function openTempHistory(options: OpenHistoryOptions = {}, file = tempDbPath()): HistoryDb {
  const opened = openHistory(file, options);
  if (!('history' in opened)) throw new Error(`did not open: ${JSON.stringify(opened.status)}`);
  return opened.history;
}

/** ms since the epoch of a local date and time. */
export function local(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  return new Date(year, month - 1, day, hour, minute, second).getTime();
}

/** A finished ARP scan of br-t · 10.213.0.0/24 that found `devices`. */
export function scanResult(devices: ScanResult['devices']): ScanResult {
  return {
    scanId: 's',
    interface: 'br-t',
    cidr: '10.213.0.0/24',
    method: 'arp',
    partial: false,
    cancelled: false,
    devices,
    warnings: [],
    durationMs: 400,
    probesSent: 256,
  };
}
