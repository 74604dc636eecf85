// The history database's schema, as the list of migrations that build it. A database records the
// last one applied in `PRAGMA user_version`; opening it applies the ones after, each in its own
// transaction. Never edit a migration that has shipped: add the next one. docs/history.md
// describes the tables.

/** One step of the schema. */
export interface Migration {
  /** the user_version the database has after it */
  version: number;
  /** what it adds, for the log */
  description: string;
  sql: string;
}

/** Every migration, oldest first; their versions are 1, 2, 3… */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'bandwidth per interface in five tiers, and a key-value table',
    sql: `
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE bandwidth (
        tier TEXT NOT NULL,
        start INTEGER NOT NULL,
        interface TEXT NOT NULL,
        rx INTEGER NOT NULL,
        tx INTEGER NOT NULL,
        peak_rx INTEGER NOT NULL,
        peak_tx INTEGER NOT NULL,
        PRIMARY KEY (tier, start, interface)
      ) WITHOUT ROWID;
    `,
  },
];

/** The schema version this LAN Lens writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
