import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseSince } from '../../../../src/helper/cli/history/sinceOption';
import { runCli } from '../../../../src/helper/cli/commands';
import { BandwidthWriter } from '../../../../src/helper/history/bandwidthHistory';
import { defaultHistoryPath } from '../../../../src/helper/history/historyPath';
import { local, openTempHistory, tempDbPath, tempFolder } from './historyFixtures';

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (text) => out.push(text), err: (text) => err.push(text) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('lanlens history', () => {
  it('keeps its database in the user data folder, after XDG, macOS and Windows conventions', () => {
    const home = '/home/ada';
    assert.equal(
      defaultHistoryPath({ env: {}, platform: 'linux', home }),
      '/home/ada/.local/share/lanlens/history.sqlite',
    );
    assert.equal(
      defaultHistoryPath({ env: { XDG_DATA_HOME: '/data/ada' }, platform: 'linux', home }),
      '/data/ada/lanlens/history.sqlite',
    );
    assert.equal(
      defaultHistoryPath({ env: { XDG_DATA_HOME: 'relative' }, platform: 'linux', home }),
      '/home/ada/.local/share/lanlens/history.sqlite',
    );
    assert.equal(
      defaultHistoryPath({ env: {}, platform: 'darwin', home: '/Users/ada' }),
      '/Users/ada/Library/Application Support/LAN Lens/history.sqlite',
    );
  });

  it('reads --since as a span back from now or a local date and time', () => {
    const now = local(2024, 5, 15, 12);
    assert.equal(parseSince('24h', now), now - 86_400_000);
    assert.equal(parseSince('2w', now), now - 14 * 86_400_000);
    assert.equal(parseSince('2024-05-01', now), local(2024, 5, 1));
    assert.equal(parseSince('2024-05-01T14:30', now), local(2024, 5, 1, 14, 30));
    for (const bad of ['yesterday', '2024-02-30', '5y', '']) {
      const parsed = parseSince(bad, now);
      assert.ok(typeof parsed === 'object' && /--since must be/.test(parsed.error), bad);
    }
  });

  it('prints bandwidth per day with its peaks, and as JSON', async () => {
    const file = tempDbPath();
    const history = openTempHistory({}, file);
    const writer = new BandwidthWriter(history.db);
    const minute = Date.now() - 3_600_000;
    writer.add({ interface: 'eth0', start: minute, rx: 6_000_000, tx: 60_000, minuteRx: 6_000_000, minuteTx: 60_000 });
    history.db.close();
    const table = await cli('history', 'bandwidth', '--db', file, '--since', '2d');
    assert.equal(table.code, 0, table.err);
    assert.match(table.out, /PERIOD +INTERFACE +↓ RECEIVED +↑ SENT +TOTAL +PEAK ↓ +PEAK ↑/);
    assert.match(table.out, /eth0 +6\.00 MB +60\.0 kB +6\.06 MB +100 kB\/s +1\.00 kB\/s/);
    const json = await cli('history', 'bandwidth', '--db', file, '--by', 'hour', '--json');
    assert.deepEqual(
      (JSON.parse(json.out) as { rx: number }[]).map((row) => row.rx),
      [6_000_000],
    );
    const info = await cli('history', 'info', '--db', file);
    assert.match(info.out, /bandwidth +5\n/);
  });

  it('names a damaged database with the way out, exit 1, and reset renames it aside', async () => {
    const folder = tempFolder();
    const file = path.join(folder, 'history.sqlite');
    writeFileSync(file, 'garbage '.repeat(100));
    const damaged = await cli('history', 'info', '--db', file);
    assert.equal(damaged.code, 1);
    assert.match(
      damaged.err,
      /is damaged \(file is not a database\)\. Run `lanlens history reset --db .*` to rename it aside/,
    );
    const reset = await cli('history', 'reset', '--db', file);
    assert.equal(reset.code, 0);
    assert.ok(!existsSync(file));
    assert.equal(readdirSync(folder).filter((name) => name.includes('.damaged-')).length, 1);
    const fresh = await cli('history', 'info', '--db', file);
    assert.equal(fresh.code, 0, fresh.err);
  });

  it('refuses an unknown subcommand, --by or --since with exit 2', async () => {
    for (const args of [
      ['history'],
      ['history', 'frobnicate'],
      ['history', 'bandwidth', '--by', 'year'],
      ['history', 'info', '--since', 'soon'],
    ]) {
      const result = await cli(...args, '--db', tempDbPath());
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.err}`);
    }
  });
});
