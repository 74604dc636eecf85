// The protocol hierarchy as table rows and as donut slices.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { protocolRows, protocolShares } from '../../../src/webview/traffic/protocolTree';

const nodes = [
  { path: 'eth', frames: 100, bytes: 10_000 },
  { path: 'eth:ethertype', frames: 100, bytes: 10_000 },
  { path: 'eth:ethertype:ip', frames: 80, bytes: 9000 },
  { path: 'eth:ethertype:ip:udp', frames: 30, bytes: 2000 },
  { path: 'eth:ethertype:ip:udp:dns', frames: 30, bytes: 2000 },
  { path: 'eth:ethertype:ip:tcp', frames: 50, bytes: 7000 },
  { path: 'eth:ethertype:ip:tcp:tls', frames: 20, bytes: 6000 },
  { path: 'eth:ethertype:ipv6', frames: 10, bytes: 500 },
  { path: 'eth:ethertype:ipv6:udp', frames: 10, bytes: 500 },
  { path: 'eth:ethertype:ipv6:udp:dns', frames: 10, bytes: 500 },
  { path: 'eth:ethertype:arp', frames: 10, bytes: 500 },
];

test('rows come depth first, bigger siblings first, indented by depth', () => {
  const rows = protocolRows(nodes);
  assert.deepEqual(
    rows.map((row) => `${'  '.repeat(row.depth)}${row.name}`),
    [
      'eth',
      '  ethertype',
      '    ip',
      '      tcp',
      '        tls',
      '      udp',
      '        dns',
      '    arp',
      '    ipv6',
      '      udp',
      '        dns',
    ],
  );
});

test('a node whose parent is missing still shows, at its own depth', () => {
  const rows = protocolRows([{ path: 'eth:ethertype:ip:sctp', frames: 1, bytes: 60 }]);
  assert.deepEqual(rows, [{ path: 'eth:ethertype:ip:sctp', name: 'sctp', depth: 3, frames: 1, bytes: 60 }]);
});

test('slices are bytes by innermost protocol, the same name merged across parents', () => {
  const shares = protocolShares(nodes);
  assert.deepEqual(shares, [
    { name: 'tls', bytes: 6000, frames: 20 },
    { name: 'dns', bytes: 2500, frames: 40 },
    { name: 'tcp', bytes: 1000, frames: 30 },
    { name: 'arp', bytes: 500, frames: 10 },
  ]);
  const total = shares.reduce((sum, share) => sum + share.bytes, 0);
  assert.equal(total, 10_000, 'the slices add up to everything captured');
  const two = protocolShares(nodes, 2);
  assert.deepEqual(two[2], { name: 'other', bytes: 1500, frames: 40 });
});
