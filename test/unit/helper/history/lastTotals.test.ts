import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LastTotals } from '../../../../src/helper/history/lastTotals';

describe('LastTotals', () => {
  it('gives a new row all of its counts, then what they grew by, never less than nothing', () => {
    const totals = new LastTotals();
    assert.deepEqual([...totals.gain('f1', 100, 20, 3, 1)], [100, 20, 3, 1]);
    assert.deepEqual([...totals.gain('f1', 150, 20, 5, 1)], [50, 0, 2, 0]);
    // Counts that went down (a table that started again) gain nothing, and are the new base.
    assert.deepEqual([...totals.gain('f1', 10, 20, 1, 1)], [0, 0, 0, 0]);
    assert.deepEqual([...totals.gain('f1', 15, 20, 1, 1)], [5, 0, 0, 0]);
  });

  it('counts a row again from nothing once it is deleted, and reuses its slot', () => {
    const totals = new LastTotals();
    totals.gain('a', 1, 1, 1, 1);
    totals.gain('b', 2, 2, 2, 2);
    totals.delete('a');
    totals.delete('unknown');
    assert.equal(totals.size, 1);
    assert.deepEqual([...totals.gain('c', 7, 0, 1, 0)], [7, 0, 1, 0]);
    assert.deepEqual([...totals.gain('a', 3, 3, 3, 3)], [3, 3, 3, 3]);
    assert.deepEqual([...totals.gain('b', 5, 2, 2, 4)], [3, 0, 0, 2]);
    assert.deepEqual([...totals.gain('c', 9, 0, 1, 0)], [2, 0, 0, 0]);
  });

  it('keeps every row apart as it grows past its first block', () => {
    const totals = new LastTotals();
    for (let i = 0; i < 5000; i++) totals.gain(`h${i}`, i, 2 * i, 1, 0);
    for (let i = 0; i < 5000; i += 2) totals.delete(`h${i}`);
    for (let i = 0; i < 5000; i++) {
      const gained = [...totals.gain(`h${i}`, i + 10, 2 * i, 2, 0)];
      assert.deepEqual(gained, i % 2 === 0 ? [i + 10, 2 * i, 2, 0] : [10, 0, 1, 0], `row h${i}`);
    }
    assert.equal(totals.size, 5000);
  });
});
