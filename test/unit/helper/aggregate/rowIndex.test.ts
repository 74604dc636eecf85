import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RowIndex } from '../../../../src/helper/aggregate/rowIndex';
import { exportRows } from '../../../../src/helper/aggregate/rowsSegment';

// A deterministic pseudo-random sequence, so a failure can be replayed.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

describe('RowIndex', () => {
  it('finds, grows and evicts the least recently used like a Map kept in use order', () => {
    const maxRows = 300;
    // Serial numbers of evicted rows, read before their slot is reused.
    const evicted: number[] = [];
    const index: RowIndex = new RowIndex(
      3,
      maxRows,
      () => undefined,
      (slot) => evicted.push(index.serial[slot]),
      4,
    );
    // The model: key → serial, in least-recently-used order.
    const model = new Map<string, number>();
    const next = random(42);
    for (let step = 0; step < 50_000; step++) {
      const a = Math.floor(next() * 40);
      const b = Math.floor(next() * 20);
      const key = `${a}/${b}/7`;
      index.probe.set([a, b, 7]);
      const hash = index.hashProbe();
      let slot = index.find(hash);
      assert.equal(slot >= 0, model.has(key), `step ${step}: ${key} found`);
      if (slot >= 0) {
        assert.equal(index.serial[slot], model.get(key));
        index.touch(slot);
        model.delete(key);
        model.set(key, index.serial[slot]);
      } else {
        const before = evicted.length;
        slot = index.insert(hash);
        if (evicted.length > before) {
          // The evicted row was the least recently used one.
          const [oldestKey, oldestSerial] = model.entries().next().value as [string, number];
          assert.equal(evicted[evicted.length - 1], oldestSerial, `step ${step}: evicted the oldest`);
          model.delete(oldestKey);
        }
        model.set(key, index.serial[slot]);
      }
      assert.ok(index.count <= maxRows);
    }
    assert.ok(evicted.length > 0, 'the table filled and evicted');
    let inUse = 0;
    index.forEach(() => inUse++);
    assert.equal(inUse, index.count);
  });

  it('lists rows in use order before it is full (by stamps), after growing, and once it evicts', () => {
    const maxRows = 64;
    const index: RowIndex = new RowIndex(
      2,
      maxRows,
      () => undefined,
      () => undefined,
      4,
    );
    const model = new Map<string, number>();
    const next = random(7);
    const inOrder = () => {
      const listed: number[] = [];
      index.forEach((slot) => listed.push(index.serial[slot]));
      return listed;
    };
    for (let step = 0; step < 3000; step++) {
      // Few keys at first (the table grows but is not full), then more than it holds.
      const a = Math.floor(next() * (step < 1500 ? 50 : 200));
      const key = `${a}`;
      index.probe.set([a, 1]);
      const hash = index.hashProbe();
      const slot = index.find(hash);
      if (slot >= 0) {
        index.touch(slot);
        model.delete(key);
        model.set(key, index.serial[slot]);
      } else {
        const evictedOldest = index.count === maxRows;
        // (Inserting may grow the table: its serial array is read after.)
        const inserted = index.insert(hash);
        const serial = index.serial[inserted];
        if (evictedOldest) model.delete(model.keys().next().value as string);
        model.set(key, serial);
      }
      if (step % 100 === 0 || step === 1499 || step === 1501) {
        assert.deepEqual(inOrder(), [...model.values()], `step ${step}: least recently used first`);
      }
    }
    assert.deepEqual(inOrder(), [...model.values()]);
    assert.deepEqual(
      [...exportRows(index).lru].map((slot) => index.serial[slot]),
      [...model.values()],
    );
  });
});
