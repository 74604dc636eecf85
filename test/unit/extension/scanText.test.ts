import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confirmationReasonsFor, probePercent, scanSummary } from '../../../src/extension/commands/scanText';
import { device } from './deviceFixtures';

const hosts = (n: number) => Array.from({ length: n }, (_, i) => device({ ip: `10.213.0.${i + 1}` }));

const summaries: Array<[string, Parameters<typeof scanSummary>[0], string]> = [
  [
    'finished',
    { devices: hosts(31), cidr: '10.213.0.0/24', durationMs: 412, cancelled: false, partial: false },
    'LAN Lens: 31 hosts on 10.213.0.0/24 in 412 ms',
  ],
  [
    'one host',
    { devices: hosts(1), cidr: '10.0.0.0/30', durationMs: 12_345, cancelled: false, partial: false },
    'LAN Lens: 1 host on 10.0.0.0/30 in 12.3 s',
  ],
  [
    'partial',
    { devices: hosts(2), cidr: '10.0.0.0/24', durationMs: 2_000, cancelled: false, partial: true },
    'LAN Lens: 2 hosts on 10.0.0.0/24 in 2.0 s (partial scan)',
  ],
  [
    'cancelled',
    { devices: [], cidr: '10.0.0.0/16', durationMs: 900, cancelled: true, partial: true },
    'LAN Lens: scan of 10.0.0.0/16 cancelled after 900 ms, 0 hosts found',
  ],
];
for (const [name, result, text] of summaries) {
  test(`scanSummary: ${name}`, () => assert.equal(scanSummary(result), text));
}

test('probePercent', () => {
  assert.equal(probePercent(0, 0), 0);
  assert.equal(probePercent(127, 254), 50);
  assert.equal(probePercent(700, 254), 100, 'retries do not overrun');
});

test('confirmation reasons: the helper’s, else the shared rule, else its message', () => {
  assert.deepEqual(confirmationReasonsFor({ reasons: ['too big'] }, 'msg', '10.0.0.0/8'), ['too big']);
  const local = confirmationReasonsFor(undefined, 'msg', '8.8.8.0/24');
  assert.equal(local.length, 1);
  assert.match(local[0] ?? '', /outside private/);
  assert.equal(confirmationReasonsFor({ reasons: [1] }, 'msg', '10.0.0.0/8').length, 1);
  assert.deepEqual(confirmationReasonsFor(null, 'helper says no', 'not a cidr'), ['helper says no']);
  assert.deepEqual(confirmationReasonsFor(null, 'helper says no', '10.0.0.0/24'), ['helper says no']);
});
