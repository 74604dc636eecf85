import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BandwidthWriter } from '../../../../src/helper/history/bandwidthHistory';
import { MinuteBuckets } from '../../../../src/helper/history/minuteBuckets';
import { queryBandwidth } from '../../../../src/helper/history/queries/bandwidthQuery';
import { formatPeriod, nextPeriod, periodStart, periodStarts } from '../../../../src/shared/history/periods';
import { local, openTempHistory } from './historyFixtures';

const MINUTE = 60_000;

describe('periods', () => {
  const time = local(2024, 5, 15, 14, 37, 12); // a Wednesday
  const cases: [Parameters<typeof periodStart>[1], number, string][] = [
    ['minute', local(2024, 5, 15, 14, 37), '2024-05-15 14:37'],
    ['five-minutes', local(2024, 5, 15, 14, 35), '2024-05-15 14:35'],
    ['hour', local(2024, 5, 15, 14), '2024-05-15 14:00'],
    ['day', local(2024, 5, 15), '2024-05-15'],
    ['week', local(2024, 5, 13), 'week of 2024-05-13'],
    ['month', local(2024, 5, 1), '2024-05'],
  ];
  for (const [unit, start, label] of cases) {
    it(`a ${unit} starts at ${label}`, () => {
      assert.equal(periodStart(time, unit), start);
      assert.equal(formatPeriod(start, unit), label);
      assert.ok(nextPeriod(start, unit) > time);
    });
  }
  it('lists the months of a span, across a year', () => {
    assert.deepEqual(
      periodStarts(local(2023, 11, 20), local(2024, 2, 1), 'month').map((start) => formatPeriod(start, 'month')),
      ['2023-11', '2023-12', '2024-01'],
    );
  });
});

describe('bandwidth minutes from counter readings', () => {
  it('adds each reading to its minute and hands out only what is new, the running minute included', () => {
    const buckets = new MinuteBuckets();
    const t0 = local(2024, 5, 15, 10, 0);
    buckets.add('eth0', t0, t0 + 15_000, 1000, 100);
    buckets.add('eth0', t0 + 15_000, t0 + 30_000, 500, 0);
    const first = buckets.take(t0 + 31_000);
    assert.deepEqual(first, [{ interface: 'eth0', start: t0, rx: 1500, tx: 100, minuteRx: 1500, minuteTx: 100 }]);
    buckets.add('eth0', t0 + 30_000, t0 + 45_000, 200, 0);
    buckets.add('eth0', t0 + 45_000, t0 + MINUTE + 1000, 300, 0);
    const second = buckets.take(t0 + MINUTE + 2000);
    assert.deepEqual(second, [
      { interface: 'eth0', start: t0, rx: 200, tx: 0, minuteRx: 1700, minuteTx: 100 },
      { interface: 'eth0', start: t0 + MINUTE, rx: 300, tx: 0, minuteRx: 300, minuteTx: 0 },
    ]);
    assert.deepEqual(buckets.take(t0 + MINUTE + 3000), [], 'nothing new');
  });

  it('spreads a gap between readings evenly over its minutes', () => {
    const buckets = new MinuteBuckets();
    const t0 = local(2024, 5, 15, 10, 0);
    buckets.add('wlan0', t0 + 30_000, t0 + 3 * MINUTE + 30_000, 4000, 0);
    const minutes = buckets.take(t0 + 10 * MINUTE);
    assert.deepEqual(
      minutes.map((minute) => [minute.start - t0, minute.rx]),
      [
        [0, 1000],
        [MINUTE, 1000],
        [2 * MINUTE, 1000],
        [3 * MINUTE, 1000],
      ],
    );
  });
});

describe('bandwidth tiers', () => {
  it('adds minutes to every tier, keeps each period busiest minute, and sums weeks from days', () => {
    const history = openTempHistory();
    const writer = new BandwidthWriter(history.db);
    const day1 = local(2024, 5, 13, 23, 59); // Monday
    const day2 = local(2024, 5, 14, 0, 0);
    const day8 = local(2024, 5, 20, 12, 0); // the next Monday
    // A minute written in two parts: its count grows from 600 to 1000.
    writer.add({ interface: 'eth0', start: day1, rx: 600, tx: 10, minuteRx: 600, minuteTx: 10 });
    writer.add({ interface: 'eth0', start: day1, rx: 400, tx: 0, minuteRx: 1000, minuteTx: 10 });
    writer.add({ interface: 'eth0', start: day2, rx: 300, tx: 30, minuteRx: 300, minuteTx: 30 });
    writer.add({ interface: 'eth0', start: day8, rx: 5, tx: 5, minuteRx: 5, minuteTx: 5 });
    writer.add({ interface: 'wlan0', start: day2, rx: 7, tx: 7, minuteRx: 7, minuteTx: 7 });
    const span = { from: local(2024, 5, 1), to: local(2024, 6, 1) };
    const days = queryBandwidth(history.db, { unit: 'day', ...span, interface: 'eth0' });
    assert.deepEqual(
      days.map((day) => [day.start, day.rx, day.tx, day.peakRx]),
      [
        [local(2024, 5, 13), 1000, 10, 1000],
        [local(2024, 5, 14), 300, 30, 300],
        [local(2024, 5, 20), 5, 5, 5],
      ],
    );
    const weeks = queryBandwidth(history.db, { unit: 'week', ...span });
    assert.deepEqual(
      weeks.map((week) => [week.interface, week.start, week.rx, week.peakRx]),
      [
        ['eth0', local(2024, 5, 13), 1300, 1000],
        ['wlan0', local(2024, 5, 13), 7, 7],
        ['eth0', local(2024, 5, 20), 5, 5],
      ],
    );
    const [month] = queryBandwidth(history.db, { unit: 'month', ...span, interface: 'eth0' });
    assert.deepEqual([month?.rx, month?.tx, month?.peakRx], [1305, 45, 1000]);
    const minutes = queryBandwidth(history.db, { unit: 'minute', ...span });
    assert.equal(minutes.length, 4);
    history.db.close();
  });
});
