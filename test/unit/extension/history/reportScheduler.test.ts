// Scheduled reports: the last finished period is written once the history opens (a report missed
// while VS Code was closed comes at the next start), never twice, never while the history is
// closed, and a failure is a warning in the log. The helper side is the real report on a real database.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseReportSettings } from '../../../../src/extension/history/historySettings';
import { ReportScheduler } from '../../../../src/extension/history/reportScheduler';
import type { ReportSchedulerIo, ReportSettings } from '../../../../src/extension/history/reportScheduler';
import { renderReport } from '../../../../src/helper/report/renderReport';
import { queryReport } from '../../../../src/helper/report/reportQuery';
import { dueReport } from '../../../../src/shared/history/reportSchedule';
import type { HistoryReportParams } from '../../../../src/shared/historyProtocol';
import type { HistoryStatus } from '../../../../src/shared/model/history';
import { local, tempFolder } from '../../helper/history/historyFixtures';
import { smallLan } from '../../helper/history/smallLan';

const NOW = local(2024, 5, 15, 18, 0);
const OPEN: HistoryStatus = { state: 'open', path: '/x/history.sqlite', schemaVersion: 4, sizeBytes: 4096 };

function scheduler(settings: ReportSettings, failing = false) {
  const history = smallLan(NOW);
  const listeners: ((status: HistoryStatus) => void)[] = [];
  const state = { status: { state: 'closed' } as HistoryStatus };
  const lines: string[] = [];
  const written: string[] = [];
  const asked: HistoryReportParams[] = [];
  const io: ReportSchedulerIo = {
    helper: {
      request: ((_type: unknown, params: HistoryReportParams) => {
        asked.push(params);
        if (failing) return Promise.reject(new Error('the helper stopped'));
        const report = queryReport(history.db, params.unit, params.at ?? NOW, NOW);
        return Promise.resolve({
          text: renderReport(report, params.format),
          fileName: '',
          from: report.from,
          to: report.to,
        });
      }) as ReportSchedulerIo['helper']['request'],
    },
    history: {
      get status() {
        return state.status;
      },
      onDidChange: (listener) => (listeners.push(listener), { dispose: () => undefined }),
    },
    settings: () => settings,
    exists: (file) => Promise.resolve(existsSync(file)),
    write: (file, text) => Promise.resolve(writeFileSync(file, text)),
    now: () => NOW,
    log: (level, message) => lines.push(`${level}: ${message}`),
    written: (file) => written.push(file),
  };
  const instance = new ReportScheduler(io);
  const open = () => {
    state.status = OPEN;
    for (const listener of listeners) listener(OPEN);
  };
  return { instance, open, lines, written, asked, close: () => (instance.dispose(), history.db.close()) };
}

describe('scheduled reports', () => {
  it('owes the last finished day, week or month, and nothing when off', () => {
    assert.deepEqual(dueReport('daily', NOW), { unit: 'day', from: local(2024, 5, 14) });
    assert.deepEqual(dueReport('weekly', NOW), { unit: 'week', from: local(2024, 5, 6) });
    assert.deepEqual(dueReport('monthly', local(2024, 1, 3)), { unit: 'month', from: local(2023, 12, 1) });
    assert.equal(dueReport('off', NOW), undefined);
  });

  it('writes the missed report when the history opens, once, with the database figures', async () => {
    const folder = tempFolder();
    const { instance, open, written, asked, close } = scheduler({ schedule: 'daily', format: 'md', folder });
    assert.equal(await instance.check(), undefined, 'nothing while the history is closed');
    assert.deepEqual(asked, []);
    open();
    await instance.check();
    const file = path.join(folder, 'lanlens-day-2024-05-14.md');
    assert.deepEqual(written, [file]);
    assert.deepEqual(asked, [{ unit: 'day', at: local(2024, 5, 14), format: 'md' }]);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^# LAN Lens report: 2024-05-14\n/);
    assert.match(text, /\| eth0 \| 2\.00 MB \| 200 kB \|/, 'the day before: 2 MB on eth0');
    assert.equal(await instance.check(), undefined, 'not written twice');
    assert.deepEqual(readdirSync(folder), ['lanlens-day-2024-05-14.md']);
    close();
  });

  it('writes nothing when off, and only warns when the helper fails', async () => {
    const folder = tempFolder();
    const off = scheduler({ schedule: 'off', format: 'html', folder });
    off.open();
    assert.equal(await off.instance.check(), undefined);
    off.close();
    const failing = scheduler({ schedule: 'weekly', format: 'html', folder }, true);
    failing.open();
    assert.equal(await failing.instance.check(), undefined);
    assert.match(
      failing.lines.join('\n'),
      /warn: The scheduled report .*lanlens-week-2024-05-06\.html could not be written: the helper stopped/,
    );
    assert.deepEqual(readdirSync(folder), []);
    failing.close();
  });

  it('reads its settings, replacing bad values by their defaults with a sentence each', () => {
    const read = (values: Record<string, unknown>) => (key: string) => values[key];
    const good = parseReportSettings(
      read({
        'lanLens.history.reports.schedule': 'weekly',
        'lanLens.history.reports.format': 'md',
        'lanLens.history.reports.folder': '/srv/reports',
      }),
      '/g/reports',
    );
    assert.deepEqual(good, { settings: { schedule: 'weekly', format: 'md', folder: '/srv/reports' }, problems: [] });
    const bad = parseReportSettings(
      read({
        'lanLens.history.reports.schedule': 'hourly',
        'lanLens.history.reports.format': 'pdf',
        'lanLens.history.reports.folder': 'reports',
      }),
      '/g/reports',
    );
    assert.deepEqual(bad.settings, { schedule: 'off', format: 'html', folder: '/g/reports' });
    assert.equal(bad.problems.length, 3);
  });
});
