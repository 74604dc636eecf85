// Sizes, rates, counts, durations and endpoints as the dashboard prints them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatBytes,
  formatCount,
  formatDuration,
  formatEndpoint,
  formatPercent,
  formatRate,
  formatRelativeSeconds,
} from '../../../src/webview/common/format';

test('bytes use SI prefixes with three significant digits', () => {
  const cases: [number, string][] = [
    [0, '0 B'],
    [999, '999 B'],
    [999.6, '1.00 kB'],
    [1000, '1.00 kB'],
    [1234, '1.23 kB'],
    [12_345, '12.3 kB'],
    [123_456, '123 kB'],
    [1_180_000_000, '1.18 GB'],
    [-2048, '-2.05 kB'],
    [Number.NaN, '–'],
  ];
  for (const [bytes, text] of cases) assert.equal(formatBytes(bytes), text, String(bytes));
  assert.equal(formatRate(903_000), '903 kB/s');
});

test('counts are grouped by thousands whatever the locale', () => {
  assert.equal(formatCount(0), '0');
  assert.equal(formatCount(999), '999');
  assert.equal(formatCount(1000), '1,000');
  assert.equal(formatCount(645_787), '645,787');
  assert.equal(formatCount(-1_234_567), '-1,234,567');
});

test('percentages of a zero total are 0.0%', () => {
  assert.equal(formatPercent(1, 3), '33.3%');
  assert.equal(formatPercent(5, 0), '0.0%');
});

test('durations pick their unit', () => {
  assert.equal(formatDuration(850), '850 ms');
  assert.equal(formatDuration(12_400), '12.4 s');
  assert.equal(formatDuration(185_000), '3 min 05 s');
  assert.equal(formatDuration(7_380_000), '2 h 03 min');
  assert.equal(formatDuration(-1), '–');
});

test('endpoints bracket IPv6 and omit port 0', () => {
  assert.equal(formatEndpoint('10.0.0.1', 443), '10.0.0.1:443');
  assert.equal(formatEndpoint('fe80::1', 53), '[fe80::1]:53');
  assert.equal(formatEndpoint('10.0.0.1', 0), '10.0.0.1');
  assert.equal(formatEndpoint('10.0.0.1', undefined), '10.0.0.1');
  assert.equal(formatRelativeSeconds(1500.25, 1000), '0.500250');
});
