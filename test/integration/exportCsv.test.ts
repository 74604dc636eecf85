// The traffic export's CSV read back by Python's csv module, the reference reader, independent of
// ours: hostile cells round-trip with formulas defused, and the flows, hosts and packets tables
// hold what they should. Needs python3. Moved from test/unit/extension/traffic/export.test.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { toCsv } from '../../src/extension/export/csv';
import { exportNames } from '../../src/extension/export/exportNames';
import { exportCsv } from '../../src/extension/export/trafficExport';
import { flow, host, hostile, packet } from '../fixtures/exportRows';

/** Parses CSV with Python's csv module: the reference reader, independent of ours. */
function pythonCsv(text: string): string[][] {
  const script = 'import csv,sys,json; print(json.dumps(list(csv.reader(sys.stdin, strict=True))))';
  const result = spawnSync('python3', ['-c', script], { input: text, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as string[][];
}

describe('CSV (RFC 4180, formula-safe)', () => {
  it("round-trips every hostile cell through Python's csv reader, formulas defused", () => {
    const text = toCsv(
      ['value', 'number'],
      hostile.map((value, i) => [value, i]),
    );
    assert.ok(text.endsWith('\r\n'));
    const rows = pythonCsv(text);
    assert.deepEqual(rows[0], ['value', 'number']);
    hostile.forEach((value, i) => {
      const [cell, number] = rows[i + 1];
      const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
      assert.equal(cell, defused, JSON.stringify(value));
      assert.equal(number, String(i));
    });
  });
});

describe('traffic export', () => {
  const names = exportNames([{ ip: '10.0.0.2', hostname: '<img src=x onerror=alert(1)>' }], undefined);

  it('flows: one row each, names from the Devices list, ISO times, duration, defused server name', () => {
    const [header, row] = pythonCsv(exportCsv({ table: 'flows', rows: [flow] }, names));
    const cell = (name: string) => row[header.indexOf(name)];
    assert.equal(cell('address A'), '10.0.0.1');
    assert.equal(cell('port B'), '80');
    assert.equal(cell('name B'), '<img src=x onerror=alert(1)>');
    assert.equal(cell('name A'), '');
    assert.equal(cell('server name'), "'=cmd()");
    assert.equal(cell('bytes B→A'), '2000');
    assert.equal(cell('first seen'), '2024-01-01T12:00:00.000Z');
    assert.equal(cell('duration (s)'), '2.5');
    assert.equal(cell('TCP state'), 'established');
  });

  it('hosts: the Devices list name wins over a captured one', () => {
    const rows = pythonCsv(exportCsv({ table: 'hosts', rows: [host, { ...host, addr: '10.0.0.9' }] }, names));
    assert.equal(rows.length, 3);
    assert.deepEqual(rows[1].slice(0, 2), ['10.0.0.2', '<img src=x onerror=alert(1)>']);
    assert.deepEqual(rows[2].slice(0, 2), ['10.0.0.9', 'from-dns.lab']);
  });

  it('packets: the Info column survives commas, quotes, line breaks and a formula start', () => {
    const [header, row] = pythonCsv(exportCsv({ table: 'packets', rows: [packet] }));
    assert.equal(row[header.indexOf('info')], packet.info);
    assert.equal(row[header.indexOf('protocol')], 'HTTP');
  });
});
