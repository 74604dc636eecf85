// node:sqlite, loaded where the runtime has it. The helper runs on whatever Node VS Code ships (an
// older Electron has no node:sqlite; Node 22.5–22.12 hides it behind a flag), so the module is
// looked up at run time, and its absence is a reason to give, never a crash. The types are the
// small part of its API LAN Lens uses, declared here so the helper also compiles against older
// Node typings.

/** A value SQLite stores or returns. */
export type SqlValue = null | number | bigint | string | Uint8Array;

/** One prepared statement (node:sqlite's StatementSync, the part used here). */
export interface SqlStatement {
  run(...params: SqlValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...params: SqlValue[]): Record<string, SqlValue> | undefined;
  all(...params: SqlValue[]): Record<string, SqlValue>[];
}

/** One open database (node:sqlite's DatabaseSync, the part used here). */
export interface SqlDatabase {
  exec(sql: string): void;
  prepare(sql: string): SqlStatement;
  close(): void;
  readonly isOpen?: boolean;
}

/** Opens a database file (created when missing); `timeout` is how long a write waits for a lock, in ms. */
export type SqlOpener = (path: string, options: { timeout: number }) => SqlDatabase;

/** node:sqlite's opener, or why this runtime has none. */
export type SqliteRuntime = { open: SqlOpener } | { missing: string };

let loaded: SqliteRuntime | undefined;

/** Loads node:sqlite once; on a runtime without it, says which runtime and what would have it. */
export function loadSqlite(): SqliteRuntime {
  return (loaded ??= tryLoad());
}

function tryLoad(): SqliteRuntime {
  const runtime = process.versions.electron
    ? `Electron ${process.versions.electron} (Node ${process.version})`
    : `Node ${process.version}`;
  // Node 22 warns that node:sqlite is experimental on first load; that line is noise in the CLI's output.
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = (warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (!/SQLite/i.test(text)) (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
  };
  try {
    const module = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.('node:sqlite') as
      { DatabaseSync?: new (path: string, options: object) => SqlDatabase } | undefined;
    const Database = module?.DatabaseSync;
    if (!Database) return { missing: missingReason(runtime) };
    return { open: (path, options) => new Database(path, options) };
  } catch {
    return { missing: missingReason(runtime) };
  } finally {
    process.emitWarning = emitWarning;
  }
}

function missingReason(runtime: string): string {
  return `${runtime} has no node:sqlite (Node 22.13 and later have it), so LAN Lens keeps no history while its helper runs here. Set lanLens.helper.nodePath to Node.js 22.13 or later (or run the CLI on it) to have history.`;
}
