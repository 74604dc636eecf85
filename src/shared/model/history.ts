// What LAN Lens remembers between sessions, in the shapes the helper answers with, the CLI prints
// and the extension and the history view show. Times are ms since the Unix epoch. Names, vendors
// and service strings came from the network: treat them as hostile.

/** The history database's file name, in the extension's global storage and the CLI's data folder. */
export const HISTORY_FILE = 'history.sqlite';

/** How long and how much the history keeps (the `lanLens.history.*` settings, `lanlens --db`). */
export interface HistorySettings {
  /** nothing older than this many days is kept (each kind of data may keep less; see docs/history.md) */
  retentionDays: number;
  /** the database file is kept under this many MiB: the oldest traffic goes first */
  maxSizeMiB: number;
}

/** Bounds and defaults of the history settings: the settings schema, the parser and the helper's check use them. */
export const HISTORY_LIMITS = {
  retentionDays: { min: 1, max: 3650, default: 365 },
  maxSizeMiB: { min: 16, max: 65_536, default: 512 },
} as const;

/** Why the history is not being recorded, and what the user can do. */
export type HistoryProblemKind =
  /** the runtime has no node:sqlite */
  | 'unavailable'
  /** the file is not a database or is damaged: move it aside and start afresh */
  | 'corrupt'
  /** another program holds a lock on it */
  | 'locked'
  /** written by a newer LAN Lens (a schema this one does not know) */
  | 'newer'
  /** it (or its folder) cannot be created or written */
  | 'unwritable'
  /** the disk is full */
  | 'full'
  /** anything else; the message says what */
  | 'failed';

/** The state of the history database. */
export type HistoryStatus =
  | {
      state: 'open';
      path: string;
      /** the schema version it was migrated to */
      schemaVersion: number;
      /** file size, WAL excluded, in bytes */
      sizeBytes: number;
      /** set when the damaged file was just moved aside: where it went */
      movedAsideTo?: string;
    }
  | { state: 'closed' }
  | {
      state: 'problem';
      kind: HistoryProblemKind;
      /** one or two sentences: what is wrong and with which file (the UI adds its way out) */
      message: string;
      path?: string;
    };

/** The bytes of one interface in one period. */
export interface BandwidthPeriod {
  interface: string;
  /** start of the period, ms since the Unix epoch */
  start: number;
  /** bytes received and sent */
  rx: number;
  tx: number;
  /** bytes received and sent in the period's busiest minute (divide by 60 for a rate) */
  peakRx: number;
  peakTx: number;
}

/** What the history database holds, for `lanlens history info`. */
export interface HistoryInfo {
  path: string;
  schemaVersion: number;
  /** the file, WAL excluded, in bytes */
  sizeBytes: number;
  /** rows per table */
  rows: Record<string, number>;
  /** the oldest and newest bandwidth kept, ms since the Unix epoch; absent when none is */
  bandwidthFrom?: number;
  bandwidthTo?: number;
}
