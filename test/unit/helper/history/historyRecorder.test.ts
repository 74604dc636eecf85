import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BandwidthWriter } from '../../../../src/helper/history/bandwidthHistory';
import { HistoryRecorder } from '../../../../src/helper/history/historyRecorder';
import type { RecorderEvents } from '../../../../src/helper/history/historyRecorder';
import { pruneHistory, usedBytes } from '../../../../src/helper/history/retention';
import { loadSqlite } from '../../../../src/helper/history/sqlite';
import type { HistoryStatus } from '../../../../src/shared/model/history';
import { local, openTempHistory, tempDbPath } from './historyFixtures';

const DAY = 86_400_000;
const SETTINGS = { retentionDays: 365, maxSizeMiB: 512 };

function events() {
  const failures: HistoryStatus[] = [];
  const lines: string[] = [];
  const sink: RecorderEvents = { failed: (status) => failures.push(status), log: (_, line) => lines.push(line) };
  return { sink, failures, lines };
}

const bandwidthRows = (db: ReturnType<typeof openTempHistory>['db'], tier = 'minute') =>
  Number(db.prepare('SELECT count(*) AS n FROM bandwidth WHERE tier = ?').get(tier)?.n);

describe('retention', () => {
  it('keeps each bandwidth tier for its own time, and none beyond the setting', () => {
    const history = openTempHistory();
    const writer = new BandwidthWriter(history.db);
    const now = local(2024, 6, 30, 12);
    // 12:00 today, 3 days ago, 20 days ago (June), 100 days ago (March), 400 days ago (2023).
    for (const ago of [0, 3, 20, 100, 400]) {
      writer.add({ interface: 'eth0', start: now - ago * DAY, rx: 1, tx: 1, minuteRx: 1, minuteTx: 1 });
    }
    pruneHistory(history.db, SETTINGS, now);
    const kept = (tier: string) => bandwidthRows(history.db, tier);
    assert.equal(kept('minute'), 1, 'minutes: a day');
    assert.equal(kept('hour'), 2, 'hours: two weeks');
    assert.equal(kept('day'), 3, 'days: two months');
    assert.equal(kept('month'), 2, 'months: two years, but not beyond 365 days');
    pruneHistory(history.db, { retentionDays: 2, maxSizeMiB: 512 }, now);
    assert.equal(kept('month'), 1, 'the setting caps every tier; this month stays while part of it is within it');
    assert.equal(kept('day'), 1);
    history.db.close();
  });

  it('sheds the oldest, finest rows until the file fits its cap', () => {
    const history = openTempHistory();
    const writer = new BandwidthWriter(history.db);
    const now = local(2024, 6, 30, 12);
    history.db.exec('BEGIN');
    for (let minute = 0; minute < 40_000; minute++) {
      writer.add({
        interface: `eth${minute % 5}`,
        start: now - minute * 60_000,
        rx: 1,
        tx: 1,
        minuteRx: 1,
        minuteTx: 1,
      });
    }
    history.db.exec('COMMIT');
    const before = usedBytes(history.db);
    assert.ok(before > 16 * 1024 * 1024 * 0.2, `${before} bytes`);
    const result = pruneHistory(history.db, { retentionDays: 3650, maxSizeMiB: 16 }, now + 1);
    assert.ok(result.usedBytes <= 16 * 1024 * 1024, `${result.usedBytes} bytes`);
    history.db.close();
  });
});

describe('the recorder', () => {
  it('writes what its sources gather at each flush, and the rest when it stops', () => {
    const history = openTempHistory();
    const { sink } = events();
    let now = local(2024, 6, 30, 12);
    const recorder = new HistoryRecorder(history, SETTINGS, sink, () => now);
    let handed = 0;
    recorder.addSource({
      take: (_, all) => {
        handed += 1;
        return [
          (writer) =>
            writer.addMinutes([{ interface: 'eth0', start: now, rx: all ? 2 : 1, tx: 0, minuteRx: 1, minuteTx: 0 }]),
        ];
      },
    });
    recorder.flush();
    now += 60_000;
    recorder.flush();
    assert.equal(bandwidthRows(history.db), 2);
    now += 60_000;
    const file = history.path;
    recorder.stop();
    assert.equal(handed, 3);
    const reopened = openTempHistory({}, file);
    assert.equal(bandwidthRows(reopened.db), 3);
    reopened.db.close();
  });

  it('keeps its batches while another program holds the lock, and writes them once it is free', () => {
    const file = tempDbPath();
    const history = openTempHistory({}, file);
    const { sink, failures, lines } = events();
    const now = local(2024, 6, 30, 12);
    const recorder = new HistoryRecorder(history, SETTINGS, sink, () => now);
    recorder.flush(); // the first pruning
    const sqlite = loadSqlite();
    assert.ok('open' in sqlite);
    const holder = sqlite.open(file, { timeout: 0 });
    holder.exec('BEGIN IMMEDIATE');
    recorder.record((writer) =>
      writer.addMinutes([{ interface: 'eth0', start: now, rx: 5, tx: 5, minuteRx: 5, minuteTx: 5 }]),
    );
    assert.equal(recorder.flush(), false);
    assert.match(lines.join('\n'), /locked by another program/);
    holder.exec('ROLLBACK');
    holder.close();
    assert.equal(recorder.flush(), true);
    assert.equal(bandwidthRows(history.db), 1);
    assert.deepEqual(failures, []);
    recorder.stop();
  });

  it('stops for good, reports the damage once and never throws, when the file is damaged under it', () => {
    const history = openTempHistory();
    const { sink, failures } = events();
    let damaged = false;
    // SQLite notices damage when it reads a damaged page; here every statement from then on does.
    const malformed = () =>
      Object.assign(new Error('database disk image is malformed'), {
        errcode: 11,
        errstr: 'database disk image is malformed',
      });
    const db = history.db;
    const damagedDb = {
      exec: (sql: string) =>
        damaged && sql !== 'ROLLBACK'
          ? (() => {
              throw malformed();
            })()
          : db.exec(sql),
      prepare: (sql: string) => db.prepare(sql),
      close: () => db.close(),
    };
    const recorder = new HistoryRecorder({ ...history, db: damagedDb }, SETTINGS, sink, () => local(2024, 6, 30, 12));
    recorder.flush();
    damaged = true;
    const write = () =>
      recorder.record(
        (writer) => writer.addMinutes([{ interface: 'eth0', start: 1, rx: 1, tx: 1, minuteRx: 1, minuteTx: 1 }]),
        true,
      );
    assert.doesNotThrow(write);
    assert.doesNotThrow(write);
    assert.equal(failures.length, 1, JSON.stringify(failures));
    const [failure] = failures;
    assert.ok(failure?.state === 'problem' && failure.kind === 'corrupt', JSON.stringify(failure));
    assert.ok(failure.message.includes(history.path));
    assert.match(failure.message, /is damaged \(database disk image is malformed\)/);
  });
});
