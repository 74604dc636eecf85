// Issue 18, item 7: a whole recording's packets are exported page by page to disk, never collected
// in the extension host; the CSV and JSON written that way hold every packet once, in order.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { WebviewRequestError } from '../../../../src/shared/webviewTransport';
import { EXPORT_PAGE, writeExport } from '../../../../src/extension/export/exportStream';
import type { ExportSource } from '../../../../src/extension/export/exportStream';
import type { FlowSummary, PacketSummary, TrafficSnapshot } from '../../../../src/shared/model/traffic';
import { flow, packet } from '../../../fixtures/exportRows';

const TOTAL = 3 * EXPORT_PAGE + 17;

/** A source of TOTAL packets, served in pages, recording which pages were asked for. */
function pagedSource(): { source: ExportSource; asked: [number, number][] } {
  const asked: [number, number][] = [];
  const snapshot = { flows: [], hosts: [], recent: [], dnsNames: [], source: { kind: 'live', captureId: 'c' } };
  return {
    asked,
    source: {
      label: 'test',
      snapshot: () => snapshot as unknown as TrafficSnapshot,
      devices: () => [],
      packetRange: (from, count) => {
        asked.push([from, count]);
        const packets: PacketSummary[] = [];
        for (let i = from; i < Math.min(TOTAL + 1, from + count); i++) packets.push({ ...packet, index: i });
        return Promise.resolve({ packets, total: TOTAL });
      },
    },
  };
}

describe('exports written page by page', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-export-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const snapshotOf = (source: ExportSource) => ({ snapshot: source.snapshot()!, exportedAt: 0 });

  it('CSV: a header and every packet once, asked for a page at a time', async () => {
    const { source, asked } = pagedSource();
    const file = path.join(dir, 'packets.csv');
    assert.equal(await writeExport(file, source, 'packets', 'csv', snapshotOf(source)), TOTAL);
    assert.deepEqual(
      asked.map(([from]) => from),
      [1, 1 + EXPORT_PAGE, 1 + 2 * EXPORT_PAGE, 1 + 3 * EXPORT_PAGE],
    );
    const text = readFileSync(file, 'utf8');
    // each row's Info holds a quoted line break, so count row starts rather than lines
    const numbers = [...text.matchAll(/\r\n(\d+),/g)].map((match) => Number(match[1]));
    assert.equal(numbers.length, TOTAL);
    assert.deepEqual(numbers.slice(0, 3), [1, 2, 3]);
    assert.equal(numbers.at(-1), TOTAL);
    assert.ok(text.startsWith('number,time,'));
  });

  it('JSON: one valid document with every packet in order', async () => {
    const { source } = pagedSource();
    const file = path.join(dir, 'packets.json');
    await writeExport(file, source, 'packets', 'json', snapshotOf(source));
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { table: string; rows: PacketSummary[] };
    assert.equal(parsed.table, 'packets');
    assert.equal(parsed.rows.length, TOTAL);
    assert.deepEqual(parsed.rows[5], { ...packet, index: 6 });
  });

  it('an empty table is still a valid file', async () => {
    const { source } = pagedSource();
    const file = path.join(dir, 'flows.json');
    assert.equal(await writeExport(file, source, 'flows', 'json', snapshotOf(source)), 0);
    assert.deepEqual((JSON.parse(readFileSync(file, 'utf8')) as { rows: unknown[] }).rows, []);
  });
});

describe("a file's whole tables, paged from the helper", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-export-rows-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exports every flow of the table, not only those in the snapshot a view keeps', async () => {
    const asked: [string, number][] = [];
    const snapshot = { flows: [flow], hosts: [], recent: [], dnsNames: [], source: { kind: 'file', path: 'x.pcap' } };
    const source: ExportSource = {
      label: 'x.pcap',
      snapshot: () => snapshot as unknown as TrafficSnapshot,
      devices: () => [],
      rowRange: (table, from, count) => {
        asked.push([table, from]);
        const rows: FlowSummary[] = [];
        for (let i = from; i < Math.min(TOTAL + 1, from + count); i++) rows.push({ ...flow, id: `f${i}` });
        return Promise.resolve({ rows, total: TOTAL });
      },
    };
    const file = path.join(dir, 'flows.json');
    const written = await writeExport(file, source, 'flows', 'json', { snapshot: source.snapshot()!, exportedAt: 0 });
    assert.equal(written, TOTAL);
    assert.deepEqual(
      asked,
      [0, 1, 2, 3].map((page) => ['flows', 1 + page * EXPORT_PAGE]),
    );
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { rows: FlowSummary[] };
    assert.deepEqual(parsed.rows.map((row) => row.id).slice(-2), [`f${TOTAL - 1}`, `f${TOTAL}`]);
  });

  const snapshotOf = (source: ExportSource) => ({ snapshot: source.snapshot()!, exportedAt: 0 });

  it('a file that cannot be written is said in words, naming the table and the file', async () => {
    const { source } = pagedSource();
    writeFileSync(path.join(dir, 'a-file'), '');
    const file = path.join(dir, 'a-file', 'packets.csv');
    await assert.rejects(writeExport(file, source, 'packets', 'csv', snapshotOf(source)), (error: unknown) => {
      assert.ok(error instanceof WebviewRequestError);
      assert.equal(error.message, `Could not save the packets to ${file}: a part of its path is not a folder.`);
      assert.equal(error.fix, 'Choose a folder you can write to.');
      return true;
    });
  });

  it(
    'a full disk is said as such (/dev/full)',
    { skip: existsSync('/dev/full') ? false : 'no /dev/full' },
    async () => {
      const { source } = pagedSource();
      await assert.rejects(writeExport('/dev/full', source, 'packets', 'json', snapshotOf(source)), {
        message: 'Could not save the packets to /dev/full: no space left on the disk.',
        fix: 'Free some space, or choose another folder.',
      });
    },
  );

  it('a page the helper could not give fails with its own error, not as a save', async () => {
    const { source } = pagedSource();
    source.packetRange = () => Promise.reject(new Error('the helper stopped'));
    const file = path.join(dir, 'helper-gone.csv');
    await assert.rejects(writeExport(file, source, 'packets', 'csv', snapshotOf(source)), {
      message: 'the helper stopped',
    });
  });
});
