import assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openHistory } from '../../../../src/helper/history/historyDatabase';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../../src/helper/history/historySchema';
import { loadSqlite } from '../../../../src/helper/history/sqlite';
import { openTempHistory, tempDbPath, tempFolder } from './historyFixtures';

describe('opening the history database', () => {
  it('creates the folder and the file, in WAL mode with incremental vacuum, at the latest schema', () => {
    const file = path.join(tempFolder(), 'deeper', 'history.sqlite');
    const history = openTempHistory({}, file);
    assert.ok(existsSync(file));
    assert.equal(history.schemaVersion, SCHEMA_VERSION);
    const pragma = (name: string) => history.db.prepare(`PRAGMA ${name}`).get()?.[name];
    assert.equal(pragma('journal_mode'), 'wal');
    assert.equal(pragma('auto_vacuum'), 2, 'incremental');
    assert.equal(pragma('user_version'), SCHEMA_VERSION);
    history.db.close();
  });

  it('opens an existing file again without migrating it twice', () => {
    const file = tempDbPath();
    const logs: string[] = [];
    openTempHistory({ log: (line) => logs.push(line) }, file).db.close();
    assert.equal(logs.length, MIGRATIONS.length, 'each migration once');
    openTempHistory({ log: (line) => logs.push(line) }, file).db.close();
    assert.equal(logs.length, MIGRATIONS.length, 'none the second time');
  });

  it('names a file that is not a database as damaged, with its path, and never throws', () => {
    const file = tempDbPath();
    writeFileSync(file, 'not a database, only words '.repeat(40));
    const opened = openHistory(file);
    assert.ok(!('history' in opened));
    assert.equal(opened.status.state, 'problem');
    assert.ok(opened.status.state === 'problem' && opened.status.kind === 'corrupt');
    assert.match(opened.status.message, /is damaged \(file is not a database\)/);
    assert.ok(opened.status.message.includes(file));
  });

  it('starts afresh: the damaged file and its WAL are renamed aside, nothing deleted', () => {
    const folder = tempFolder();
    const file = path.join(folder, 'history.sqlite');
    writeFileSync(file, 'garbage '.repeat(100));
    writeFileSync(`${file}-wal`, 'wal');
    const opened = openHistory(file, { startAfresh: true });
    assert.ok('history' in opened, JSON.stringify(opened.status));
    assert.ok(opened.status.state === 'open' && opened.status.movedAsideTo);
    const aside = opened.status.movedAsideTo;
    assert.match(path.basename(aside), /^history\.sqlite\.damaged-\d{8}-\d{6}$/);
    assert.ok(existsSync(aside) && existsSync(`${aside}-wal`));
    assert.equal(opened.history.schemaVersion, SCHEMA_VERSION);
    opened.history.db.close();
    assert.ok(readdirSync(folder).includes('history.sqlite'));
  });

  it('refuses a file of a newer schema, and says so', () => {
    const file = tempDbPath();
    const history = openTempHistory({}, file);
    history.db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 5}`);
    history.db.close();
    const opened = openHistory(file);
    assert.ok(opened.status.state === 'problem' && opened.status.kind === 'newer', JSON.stringify(opened.status));
    assert.match(opened.status.message, new RegExp(`version ${SCHEMA_VERSION + 5}`));
  });

  it('says the runtime has no node:sqlite, and keeps working without history', () => {
    const opened = openHistory(tempDbPath(), { sqlite: { missing: 'Node v20.0.0 has no node:sqlite' } });
    assert.deepEqual(opened.status, {
      state: 'problem',
      kind: 'unavailable',
      message: 'Node v20.0.0 has no node:sqlite',
    });
  });

  it(
    'names a folder it cannot write as unwritable',
    { skip: process.getuid?.() === 0 && 'root writes anywhere' },
    () => {
      const folder = tempFolder();
      chmodSync(folder, 0o500);
      try {
        const opened = openHistory(path.join(folder, 'sub', 'history.sqlite'));
        assert.ok(
          opened.status.state === 'problem' && opened.status.kind === 'unwritable',
          JSON.stringify(opened.status),
        );
      } finally {
        chmodSync(folder, 0o700);
      }
    },
  );

  it('names a database another program holds locked as locked', () => {
    const file = tempDbPath();
    openTempHistory({}, file).db.close();
    const sqlite = loadSqlite();
    assert.ok('open' in sqlite);
    const holder = sqlite.open(file, { timeout: 0 });
    holder.exec('PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE');
    try {
      const opened = openHistory(file);
      assert.ok(opened.status.state === 'problem' && opened.status.kind === 'locked', JSON.stringify(opened.status));
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });
});
