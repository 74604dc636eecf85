// The one formatter of figures for people (CLI, tree, status bar, dashboard): a table of
// {function, input, expected} and a loop. SI prefixes (1 kB = 1000 B), as Wireshark's statistics.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatByteRate,
  formatBytes,
  formatCount,
  formatCountOf,
  formatDuration,
  formatEndpoint,
  formatLatency,
  formatPercent,
  formatRelativeSeconds,
  formatSeconds,
} from '../../../src/shared/format/displayFormat';

const cases: { name: string; format: () => string; expected: string }[] = [
  // Bytes: three significant digits, whole bytes below 1 kB, the sign kept, a dash for no number.
  ...(
    [
      [0, '0 B'],
      [999, '999 B'],
      [999.6, '1.00 kB'],
      [1000, '1.00 kB'],
      [1234, '1.23 kB'],
      [12_345, '12.3 kB'],
      [15_300, '15.3 kB'],
      [123_456, '123 kB'],
      [2_500_000, '2.50 MB'],
      [1_180_000_000, '1.18 GB'],
      [7e12, '7.00 TB'],
      [-2048, '-2.05 kB'],
      [Number.NaN, '–'],
      [Number.POSITIVE_INFINITY, '–'],
    ] as const
  ).map(([bytes, expected]) => ({ name: `bytes ${bytes}`, format: () => formatBytes(bytes), expected })),
  { name: 'rate', format: () => formatByteRate(903_000), expected: '903 kB/s' },
  { name: 'rate below 1 kB/s', format: () => formatByteRate(12.4), expected: '12 B/s' },
  { name: 'rate of no number', format: () => formatByteRate(Number.NaN), expected: '–' },
  // Counts: grouped by thousands whatever the locale.
  ...(
    [
      [0, '0'],
      [999, '999'],
      [1000, '1,000'],
      [645_787, '645,787'],
      [-1_234_567, '-1,234,567'],
      [1234.5, '1,234.5'],
      [Number.NaN, '–'],
    ] as const
  ).map(([count, expected]) => ({ name: `count ${count}`, format: () => formatCount(count), expected })),
  // Counts with their noun: singular for one, never "1 packets".
  { name: 'one packet', format: () => formatCountOf(1, 'packet'), expected: '1 packet' },
  { name: 'no packets', format: () => formatCountOf(0, 'packet'), expected: '0 packets' },
  { name: 'many packets', format: () => formatCountOf(1989, 'packet'), expected: '1,989 packets' },
  { name: 'an irregular plural', format: () => formatCountOf(2, 'match', 'matches'), expected: '2 matches' },
  { name: 'percent', format: () => formatPercent(1, 3), expected: '33.3%' },
  { name: 'percent of a zero total', format: () => formatPercent(5, 0), expected: '0.0%' },
  { name: 'percent of a share', format: () => formatPercent(0.4567, 1), expected: '45.7%' },
  // Durations pick their unit.
  ...(
    [
      [0, '0 ms'],
      [850, '850 ms'],
      [9_940, '9.9 s'],
      [12_400, '12.4 s'],
      [60_400, '1 min 00 s'],
      [185_000, '3 min 05 s'],
      [7_380_000, '2 h 03 min'],
      [-1, '–'],
    ] as const
  ).map(([ms, expected]) => ({ name: `duration ${ms}`, format: () => formatDuration(ms), expected })),
  { name: 'latency below 10 ms', format: () => formatLatency(0.42), expected: '0.4 ms' },
  { name: 'latency above 10 ms', format: () => formatLatency(13.4), expected: '13 ms' },
  { name: 'seconds as tshark prints them', format: () => formatSeconds(2500.25), expected: '2.500250' },
  { name: 'relative seconds', format: () => formatRelativeSeconds(1500.25, 1000), expected: '0.500250' },
  { name: 'IPv4 endpoint', format: () => formatEndpoint('10.0.0.1', 443), expected: '10.0.0.1:443' },
  { name: 'IPv6 endpoint', format: () => formatEndpoint('fe80::1', 53), expected: '[fe80::1]:53' },
  { name: 'endpoint without a port', format: () => formatEndpoint('10.0.0.1', 0), expected: '10.0.0.1' },
  { name: 'endpoint, port absent', format: () => formatEndpoint('10.0.0.1', undefined), expected: '10.0.0.1' },
];

for (const { name, format, expected } of cases) {
  test(name, () => assert.equal(format(), expected));
}
