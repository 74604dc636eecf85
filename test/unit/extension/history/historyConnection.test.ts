import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HelperClient } from '../../../../src/extension/helperClient/helperClient';
import { HistoryConnection } from '../../../../src/extension/history/historyConnection';
import type { HistoryChoice } from '../../../../src/extension/history/historyConnection';
import { parseHistorySettings } from '../../../../src/extension/history/historySettings';
import type { HistoryOpenParams } from '../../../../src/shared/historyProtocol';
import { HistoryFailedNotification } from '../../../../src/shared/historyProtocol';
import type { HistoryStatus } from '../../../../src/shared/model/history';

const PATH = '/home/u/.config/Code/User/globalStorage/lan-lens.lan-lens/history.sqlite';
const damaged: HistoryStatus = {
  state: 'problem',
  kind: 'corrupt',
  message: `The history database ${PATH} is damaged.`,
  path: PATH,
};

/** A helper that answers history/open from a script, and lets the test start it and send notifications. */
function fakeHelper(answers: HistoryStatus[]) {
  const opened: HistoryOpenParams[] = [];
  const starts: (() => void)[] = [];
  const notifications = new Map<string, (params: unknown) => void>();
  const helper = {
    request: (_type: unknown, params: HistoryOpenParams) => {
      opened.push(params);
      return Promise.resolve(answers[Math.min(opened.length - 1, answers.length - 1)]);
    },
    onDidStart: (listener: () => void) => (starts.push(listener), { dispose: () => undefined }),
    onNotification: (type: { method: string }, listener: (params: unknown) => void) => (
      notifications.set(type.method, listener),
      { dispose: () => undefined }
    ),
  };
  return {
    helper: helper as unknown as HelperClient,
    opened,
    start: () => starts.forEach((listener) => listener()),
    notifications,
  };
}

function ui(choice: HistoryChoice) {
  const asked: string[] = [];
  const lines: string[] = [];
  return {
    asked,
    lines,
    ui: {
      problem: (problem: HistoryStatus & { state: 'problem' }, startAfresh: boolean) => {
        asked.push(`${problem.kind}${startAfresh ? ' (start afresh offered)' : ''}`);
        return Promise.resolve(choice);
      },
      showLog: () => lines.push('log shown'),
      log: (level: string, message: string) => lines.push(`${level}: ${message}`),
    },
  };
}

const settings = { retentionDays: 365, maxSizeMiB: 512 };
const open: HistoryStatus = { state: 'open', path: PATH, schemaVersion: 2, sizeBytes: 4096 };

describe('the extension side of the history', () => {
  it('opens the database in global storage at every helper start', async () => {
    const fake = fakeHelper([open]);
    const connection = new HistoryConnection(fake.helper, PATH, () => settings, ui(undefined).ui);
    fake.start();
    fake.start();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(fake.opened, [
      { path: PATH, settings, startAfresh: false },
      { path: PATH, settings, startAfresh: false },
    ]);
    assert.equal(connection.status.state, 'open');
  });

  it('offers to start afresh once for a damaged file, and does so when chosen', async () => {
    const fake = fakeHelper([damaged, { ...open, movedAsideTo: `${PATH}.damaged-20240501-120000` }]);
    const shown = ui('startAfresh');
    const connection = new HistoryConnection(fake.helper, PATH, () => settings, shown.ui);
    await connection.open();
    assert.deepEqual(shown.asked, ['corrupt (start afresh offered)']);
    assert.deepEqual(
      fake.opened.map((params) => params.startAfresh),
      [false, true],
    );
    assert.equal(connection.status.state, 'open');
    assert.match(shown.lines.join('\n'), /renamed to .*damaged-20240501-120000/);
  });

  it('asks about the same problem only once, however often the helper restarts (no loop)', async () => {
    const fake = fakeHelper([damaged]);
    const shown = ui(undefined);
    const connection = new HistoryConnection(fake.helper, PATH, () => settings, shown.ui);
    for (let start = 0; start < 5; start++) await connection.open();
    fake.notifications.get(HistoryFailedNotification.method)?.(damaged);
    assert.deepEqual(shown.asked, ['corrupt (start afresh offered)']);
  });

  it('only logs that history is off when the runtime lacks node:sqlite', async () => {
    const fake = fakeHelper([
      { state: 'problem', kind: 'unavailable', message: 'Electron 30 (Node v20.11.1) has no node:sqlite.' },
    ]);
    const shown = ui(undefined);
    await new HistoryConnection(fake.helper, PATH, () => settings, shown.ui).open();
    assert.deepEqual(shown.asked, []);
    assert.match(shown.lines.join('\n'), /warn: History is off: Electron 30/);
  });

  it('reads its settings, replacing bad values by their defaults with a sentence each', () => {
    const values: Record<string, unknown> = { 'lanLens.history.retentionDays': 0, 'lanLens.history.maxSizeMiB': 64 };
    const { settings: parsed, problems } = parseHistorySettings((key) => values[key]);
    assert.deepEqual(parsed, { retentionDays: 365, maxSizeMiB: 64 });
    assert.match(problems.join('\n'), /lanLens\.history\.retentionDays must be a whole number from 1 to 3650/);
  });
});
