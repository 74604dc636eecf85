import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SlotCounts } from '../../../../src/helper/history/slotCounts';

const row = (rows: SlotCounts, key: string) => {
  const slot = rows.slot(key);
  return slot === undefined ? undefined : [...rows.counts.subarray(slot * rows.width, (slot + 1) * rows.width)];
};

describe('SlotCounts', () => {
  it('gives each key its own zeroed slot, and a deleted key’s slot to the next key, zeroed again', () => {
    const rows = new SlotCounts(3);
    const a = rows.add('a');
    rows.counts.set([1, 2, 3], a * 3);
    const b = rows.add('b');
    rows.counts.set([4, 5, 6], b * 3);
    assert.equal(rows.delete('a'), a);
    assert.equal(rows.delete('a'), undefined);
    assert.equal(rows.add('c'), a);
    assert.deepEqual(row(rows, 'c'), [0, 0, 0]);
    assert.deepEqual(row(rows, 'b'), [4, 5, 6]);
    assert.equal(row(rows, 'a'), undefined);
    assert.equal(rows.size, 2);
  });

  it('keeps every row as it grows past its first block, and lists keys in the order they came', () => {
    const rows = new SlotCounts(2, 16);
    for (let i = 0; i < 5000; i++) {
      const slot = rows.add(`k${i}`); // before reading `counts`, which adding may replace
      rows.counts.set([i, -i], slot * 2);
    }
    rows.delete('k0');
    const again = rows.add('k0');
    rows.counts.set([7, 7], again * 2);
    for (let i = 1; i < 5000; i += 999) assert.deepEqual(row(rows, `k${i}`), [i, -i]);
    const keys = [...rows.entries()].map(([key]) => key);
    assert.deepEqual([keys[0], keys.at(-2), keys.at(-1), keys.length], ['k1', 'k4999', 'k0', 5000]);
  });

  it('tells the keys of slots picked by their counts, and forgets the keys of the slots picked', () => {
    const rows = new SlotCounts(1);
    for (const [key, count] of [
      ['a', 5],
      ['b', 1],
      ['c', 9],
      ['d', 1],
    ] as const)
      rows.counts[rows.add(key)] = count;
    const slot = (key: string) => rows.slot(key)!;
    assert.deepEqual(rows.keysOf([slot('c'), slot('a'), slot('d')]), ['c', 'a', 'd']);
    assert.deepEqual(rows.keysOf([]), []);
    rows.deleteWhere((at) => rows.counts[at] === 1);
    assert.deepEqual(
      [...rows.entries()].map(([key]) => key),
      ['a', 'c'],
    );
    // Both slots freed: the next keys take them, zeroed.
    const freed = [rows.add('e'), rows.add('f')].sort();
    assert.deepEqual(freed, [1, 3]);
    assert.deepEqual([row(rows, 'e'), row(rows, 'f'), row(rows, 'c')], [[0], [0], [9]]);
    assert.deepEqual(rows.keysOf([slot('f'), slot('e')]), ['f', 'e']);
  });

  it('grows no further than the rows it may hold, when capped', () => {
    const rows = new SlotCounts(2, 16, 20);
    for (let i = 0; i < 20; i++) rows.add(`k${i}`);
    assert.equal(rows.counts.length, 2 * 20);
  });
});
