// The traffic export: CSV cells safe from formulas, JSON as it is, names and file names, and the
// status page. The CSV that Python's csv module reads back is checked in
// test/integration/exportCsv.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvCell } from '../../../../src/extension/export/csv';
import { exportNames } from '../../../../src/extension/export/exportNames';
import { exportFileName, exportJson } from '../../../../src/extension/export/trafficExport';
import { statusPageHtml } from '../../../../src/extension/panels/dashboard/statusPage';
import { escapeHtml } from '../../../../src/shared/format/markup';
import type { FlowSummary } from '../../../../src/shared/model/traffic';
import { flow, hostile } from '../../../fixtures/exportRows';

describe('CSV (RFC 4180, formula-safe)', () => {
  it('never lets a text cell start with a formula character', () => {
    for (const value of hostile) assert.doesNotMatch(csvCell(value).replace(/^"/, ''), /^[=+\-@\t\r]/, value);
  });

  it('writes numbers as they are (negative ones too) and nothing for absent or non-finite values', () => {
    assert.equal(csvCell(-3), '-3');
    assert.equal(csvCell(1.5), '1.5');
    assert.equal(csvCell(undefined), '');
    assert.equal(csvCell(Number.NaN), '');
  });
});

describe('traffic export', () => {
  it('JSON keeps the rows exactly, with the table, source and time of export', () => {
    const parsed = JSON.parse(
      exportJson(
        { table: 'flows', rows: [flow] },
        { kind: 'file', path: '/x.pcap', format: 'pcap', linkTypes: [1] },
        0,
      ),
    ) as { table: string; source: { path: string }; exportedAt?: string; rows: FlowSummary[] };
    assert.equal(parsed.table, 'flows');
    assert.equal(parsed.source.path, '/x.pcap');
    assert.deepEqual(parsed.rows, [flow]);
  });

  it('captured DNS names label addresses the Devices list does not know', () => {
    const lookup = exportNames([], {
      dnsNames: [{ addr: '10.0.0.7', name: 'printer.lab', source: 'dns', lastSeen: 1 }],
    } as never);
    assert.equal(lookup('10.0.0.7'), 'printer.lab');
  });

  it('offers a file name with the table, a sortable time and the extension', () => {
    assert.equal(
      exportFileName('hosts', 'json', Date.UTC(2024, 4, 1, 10, 20, 30)),
      'lan-lens-hosts-2024-05-01T10-20-30.json',
    );
  });

  it("names a saved capture by its interface, kept safe in a file name (Save Capture's rule)", () => {
    const at = Date.UTC(2024, 4, 1, 14, 3, 9);
    assert.equal(exportFileName('eth0', 'pcap', at), 'lan-lens-eth0-2024-05-01T14-03-09.pcap');
    assert.equal(exportFileName('../x y', 'pcap', at), 'lan-lens-.._x_y-2024-05-01T14-03-09.pcap');
    assert.equal(
      exportFileName('\\Device\\NPF_{0C5F}', 'pcap', at),
      'lan-lens-_Device_NPF__0C5F_-2024-05-01T14-03-09.pcap',
    );
  });
});

describe('status page', () => {
  it('escapes the message, title and hint, and allows no script', () => {
    const page = statusPageHtml(
      { title: '<b>x.pcap</b>', message: 'bad block at offset 24: <img src=x onerror=alert(1)>', hint: '"quoted"' },
      'abc',
    );
    assert.doesNotMatch(page, /<img/);
    assert.match(page, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.doesNotMatch(page, /<script/i);
    assert.match(page, /default-src 'none'; style-src 'nonce-abc'/);
    assert.equal(escapeHtml(`&<>"'`), '&amp;&lt;&gt;&quot;&#39;');
  });
});
