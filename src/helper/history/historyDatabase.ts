// Opening the history database: the folder, WAL, the pragmas, the migrations, and every way that
// can fail turned into a HistoryStatus the user can act on. Nothing here throws past `openHistory`.
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SqlDatabase, SqliteRuntime } from './sqlite';
import { loadSqlite } from './sqlite';
import { MIGRATIONS, SCHEMA_VERSION } from './historySchema';
import type { HistoryProblemKind, HistoryStatus } from '../../shared/model/history';

/** How long a write waits for another process's lock before it counts as locked, in ms. */
export const LOCK_TIMEOUT_MS = 2000;

/** An open, migrated history database. */
export interface HistoryDb {
  db: SqlDatabase;
  path: string;
  schemaVersion: number;
}

/** What opening gave: the database, or why not (with the file's path). */
export type OpenedHistory =
  { history: HistoryDb; status: HistoryStatus & { state: 'open' } } | { status: HistoryStatus };

/** Options of `openHistory`. */
export interface OpenHistoryOptions {
  /** rename an existing file aside first and start a new one */
  startAfresh?: boolean;
  /** the migrations to apply (tests open older schemas with fewer) */
  migrations?: typeof MIGRATIONS;
  /** node:sqlite, or why there is none (tests replace it) */
  sqlite?: SqliteRuntime;
  /** told what the migrations did */
  log?: (message: string) => void;
}

/** Opens (creating, then migrating) the database at `path`; never throws. */
export function openHistory(path: string, options: OpenHistoryOptions = {}): OpenedHistory {
  const sqlite = options.sqlite ?? loadSqlite();
  if ('missing' in sqlite) return { status: { state: 'problem', kind: 'unavailable', message: sqlite.missing } };
  let movedAsideTo: string | undefined;
  let db: SqlDatabase | undefined;
  try {
    if (options.startAfresh && existsSync(path)) movedAsideTo = moveAside(path);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    db = sqlite.open(path, { timeout: LOCK_TIMEOUT_MS });
    const schemaVersion = prepare(db, options);
    const status = { state: 'open' as const, path, schemaVersion, sizeBytes: fileSize(path) };
    return { history: { db, path, schemaVersion }, status: movedAsideTo ? { ...status, movedAsideTo } : status };
  } catch (error) {
    try {
      db?.close();
    } catch {
      // closing a database that failed to open can fail too; the problem below is the news
    }
    return { status: historyProblem(error, path) };
  }
}

/** Sets the pragmas and applies the migrations the file lacks; returns its schema version. */
function prepare(db: SqlDatabase, options: OpenHistoryOptions): number {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  // Reading the header first: a file that is not a database fails here, before anything is written.
  const current = Number(db.prepare('PRAGMA user_version').get()?.user_version ?? 0);
  if (current > SCHEMA_VERSION || current > latest) throw new NewerSchemaError(current, latest);
  // Before the first table: freed pages can then be given back to the disk (the size cap).
  if (current === 0) db.exec('PRAGMA auto_vacuum = INCREMENTAL');
  // WAL: a writer never blocks the readers, and a killed process loses only what it had not committed.
  // NORMAL: commits survive a crash of the process; a power cut may lose the last few.
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON');
  db.exec('PRAGMA journal_size_limit = 16777216');
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(migration.sql);
      db.exec(`PRAGMA user_version = ${migration.version}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    options.log?.(`history: schema ${migration.version}: ${migration.description}`);
  }
  return Math.max(current, latest);
}

/** The file was made by a LAN Lens whose schema is newer than this one's. */
class NewerSchemaError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(`its schema is version ${found}, and this LAN Lens knows versions up to ${known}`);
  }
}

/**
 * Renames a database (and its WAL, which may hold its last commits) to `<path>.damaged-<time>`, so
 * a new one can start; returns the new name. The shared-memory index is rebuilt, so it goes.
 */
export function moveAside(path: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  let aside = `${path}.damaged-${stamp}`;
  for (let n = 2; existsSync(aside); n++) aside = `${path}.damaged-${stamp}-${n}`;
  renameSync(path, aside);
  if (existsSync(`${path}-wal`)) renameSync(`${path}-wal`, `${aside}-wal`);
  rmSync(`${path}-shm`, { force: true });
  return aside;
}

/** The file's size in bytes (its WAL excluded); 0 when it cannot be read. */
export function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

// SQLite's primary result codes (the low byte of an extended code).
const SQLITE_PERM = 3;
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_READONLY = 8;
const SQLITE_CORRUPT = 11;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;
const SQLITE_NOTADB = 26;

/** Turns an error of node:sqlite or the file system into a problem the user can act on. */
export function historyProblem(error: unknown, path: string): HistoryStatus & { state: 'problem' } {
  if (error instanceof NewerSchemaError) {
    return problem('newer', `The history database ${path} was written by a newer LAN Lens: ${error.message}.`, path);
  }
  const { errcode, errstr, code } = error as { errcode?: number; errstr?: string; code?: string };
  const reason = errstr ?? (error instanceof Error ? error.message : String(error));
  const kind = problemKind(errcode === undefined ? undefined : errcode & 0xff, code);
  const text: Record<HistoryProblemKind, string> = {
    corrupt: `The history database ${path} is damaged (${reason}).`,
    locked: `The history database ${path} is locked by another program (${reason}).`,
    unwritable: `The history database ${path} cannot be opened for writing (${reason}).`,
    full: `The disk holding the history database ${path} is full (${reason}).`,
    newer: `The history database ${path} was written by a newer LAN Lens.`,
    unavailable: reason,
    failed: `The history database ${path} failed: ${reason}.`,
  };
  return problem(kind, text[kind], path);
}

function problemKind(primary: number | undefined, code: string | undefined): HistoryProblemKind {
  switch (primary) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return 'corrupt';
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return 'locked';
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
      return 'unwritable';
    case SQLITE_FULL:
      return 'full';
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOTDIR') return 'unwritable';
  if (code === 'ENOSPC') return 'full';
  return 'failed';
}

function problem(kind: HistoryProblemKind, message: string, path?: string): HistoryStatus & { state: 'problem' } {
  return path === undefined ? { state: 'problem', kind, message } : { state: 'problem', kind, message, path };
}
