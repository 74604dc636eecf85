// Reports from a real history database: every figure must be the database's own (summed in SQL
// here), the hostile name only ever text, the HTML without script or outside resource, and
// `lanlens report` must write what the writers make, refusing bad options.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../../../../src/helper/cli/commands';
import { reportHtml } from '../../../../src/helper/report/reportHtml';
import { reportMarkdown } from '../../../../src/helper/report/reportMarkdown';
import { queryReport } from '../../../../src/helper/report/reportQuery';
import { formatBytes } from '../../../../src/shared/format/displayFormat';
import { escapeMarkdown } from '../../../../src/shared/format/markup';
import { reportFileName } from '../../../../src/shared/history/reportSchedule';
import { local, tempDbPath, tempFolder } from '../history/historyFixtures';
import { HOSTILE_NAME, smallLan } from '../history/smallLan';

const NOW = local(2024, 5, 15, 18, 0);

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (text) => out.push(text), err: (text) => err.push(text) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** `data-value`s of a table's rows in the HTML, by the table's class. */
function htmlTable(html: string, name: string): string[][] {
  const table = new RegExp(`<table class="${name}">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
  return [...table.matchAll(/<tr>(.*?)<\/tr>/g)]
    .map((row) => [...row[1].matchAll(/<td[^>]*?>(.*?)<\/td>/g)].map((cell) => cell[0]))
    .filter((row) => row.length > 0);
}

describe('history reports', () => {
  const history = smallLan(NOW);

  for (const unit of ['day', 'week', 'month'] as const) {
    it(`gives the ${unit}'s bandwidth, talkers, changes and alerts as the database holds them`, () => {
      const report = queryReport(history.db, unit, NOW, NOW);
      const tier = unit === 'month' ? 'month' : 'day';
      const perInterface = history.db
        .prepare(
          'SELECT interface, sum(rx) AS rx, sum(tx) AS tx FROM bandwidth WHERE tier = ? AND start >= ? AND start < ? GROUP BY interface ORDER BY interface',
        )
        .all(tier, report.from, report.to)
        .map((row) => ({ interface: String(row.interface), rx: Number(row.rx), tx: Number(row.tx) }));
      assert.ok(perInterface.length === 2, 'both interfaces have bandwidth in the period');
      assert.deepEqual(
        report.interfaces.map((row) => ({ interface: row.interface, rx: row.rx, tx: row.tx })),
        perInterface,
      );
      const html = reportHtml(report);
      const md = reportMarkdown(report);
      const cells = htmlTable(html, 'bandwidth');
      perInterface.forEach((row, i) => {
        assert.match(cells[i][1], new RegExp(`data-value="${row.rx}"`));
        assert.match(cells[i][2], new RegExp(`data-value="${row.tx}"`));
        assert.ok(md.includes(`| ${row.interface} | ${formatBytes(row.rx)} | ${formatBytes(row.tx)} |`), md);
      });
      const hosts = history.db
        .prepare(
          `SELECT addr, sum(bytes_in) AS i, sum(bytes_out) AS o FROM host_traffic WHERE tier = ? AND start >= ? AND start < ? GROUP BY addr ORDER BY sum(bytes_in + bytes_out) DESC`,
        )
        .all(unit === 'day' ? 'hour' : 'day', report.from, report.to)
        .map((row) => [String(row.addr), Number(row.i), Number(row.o)]);
      assert.deepEqual(
        htmlTable(html, 'hosts').map((row) => [
          /^<td>(.*)<\/td>$/.exec(row[0])?.[1],
          Number(/data-value="(\d+)"/.exec(row[2])?.[1]),
          Number(/data-value="(\d+)"/.exec(row[3])?.[1]),
        ]),
        hosts,
      );
      const alerts = Number(
        history.db.prepare('SELECT count(*) AS n FROM alerts WHERE time >= ? AND time < ?').get(report.from, report.to)
          ?.n,
      );
      assert.equal(alerts, 1);
      assert.equal(htmlTable(html, 'alerts').length, alerts);
      assert.match(html, /Port 9100\/tcp opened on printer \(10\.213\.0\.11\)/);
      assert.match(md, /\| 2024-05-15 16:00 \| Port 9100\/tcp opened on printer \(10\.213\.0\.11\) \|/);
      // The chart's bars are the periods' sums, from the same rule the view draws with.
      const bars = [...html.matchAll(/class="bar series-rx" data-start="(\d+)" data-bytes="(\d+)"/g)];
      assert.equal(bars.length, report.view.periods.length);
      const selected = bars.find((bar) => Number(bar[1]) === report.from);
      assert.equal(
        Number(selected?.[2]),
        perInterface.reduce((sum, row) => sum + row.rx, 0),
      );
    });
  }

  it('keeps the hostile name text in HTML and Markdown, with no script and nothing fetched', () => {
    const report = queryReport(history.db, 'month', NOW, NOW);
    const html = reportHtml(report);
    const md = reportMarkdown(report);
    for (const text of [html, md]) assert.ok(!text.includes(HOSTILE_NAME), 'the raw name never appears');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(md.includes(escapeMarkdown(HOSTILE_NAME)));
    // Only the page's own tags: none that runs, loads or links anything.
    for (const [tag] of html.matchAll(/<[a-z][^>]*>/gi)) {
      assert.doesNotMatch(
        tag,
        /^<(script|img|link|iframe|object|embed|a|image|use|foreignObject)\b|\son\w+=|src=|href=|url\(/i,
        tag,
      );
    }
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/);
    assert.match(html, /<svg class="chart presence"[\s\S]*&lt;img src=x onerror=alert\(1\)&gt;<\/text>/);
    // A name that would break a Markdown table or make a link stays in its cell.
    assert.equal(escapeMarkdown('a | [b](javascript:x) `c`'), 'a \\| \\[b\\](javascript:x) \\`c\\`');
  });

  it('says so when there is nothing, and names its files by period', () => {
    const empty = queryReport(history.db, 'day', local(2024, 1, 10, 12), NOW);
    const md = reportMarkdown(empty);
    assert.match(md, /No bandwidth was recorded in this period\./);
    assert.match(md, /No traffic was captured in this period/);
    assert.match(md, /No alert was raised\./);
    assert.equal(reportFileName(empty, 'html'), 'lanlens-day-2024-01-10.html');
    assert.equal(reportFileName(queryReport(history.db, 'week', NOW, NOW), 'md'), 'lanlens-week-2024-05-13.md');
  });

  it('lanlens report writes HTML or Markdown to a file or stdout, and refuses bad options', async () => {
    const db = ['--db', history.path];
    const file = path.join(tempFolder(), 'report.html');
    const written = await cli('report', '--period', 'day', '--at', '2024-05-15', '-o', file, ...db);
    assert.equal(written.code, 0, written.err);
    assert.match(written.err, /Report written to/);
    const html = readFileSync(file, 'utf8');
    assert.match(html, /^<!DOCTYPE html>[\s\S]*LAN Lens report: 2024-05-15/);
    assert.equal(
      html,
      reportHtml({ ...queryReport(history.db, 'day', NOW, Date.now()), generated: extractMade(html) }),
    );
    const md = await cli('report', '--period', 'week', '--format', 'md', '--at', '2024-05-15', ...db);
    assert.equal(md.code, 0, md.err);
    assert.match(md.out, /^# LAN Lens report: week of 2024-05-13/);
    for (const args of [
      ['report'],
      ['report', '--period', 'year'],
      ['report', '--period', 'day', '--format', 'pdf'],
      ['report', '--period', 'day', '--at', 'soon'],
      ['report', '--period', 'day', 'extra'],
    ]) {
      const result = await cli(...args, '--db', tempDbPath());
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.err}`);
    }
    const damaged = path.join(tempFolder(), 'history.sqlite');
    writeFileSync(damaged, 'garbage '.repeat(100));
    const refused = await cli('report', '--period', 'day', '--db', damaged);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /Run `lanlens history reset --db .*` to rename it aside/);
  });
});

/** The time a report says it was made (the CLI's own clock), to make the same report again. */
function extractMade(html: string): number {
  const [, date, time] = /Made (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})/.exec(html) ?? [];
  const [year, month, day] = (date ?? '').split('-').map(Number);
  const [hour, minute] = (time ?? '').split(':').map(Number);
  return local(year, month, day, hour, minute);
}
