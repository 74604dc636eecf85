import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { restamp, slotsByStamp } from '../../../../src/helper/aggregate/useStamps';

describe('use stamps', () => {
  it('orders the slots in use by stamp, and renumbers them from 1 in the same order', () => {
    // Slots 0, 2, 3 and 5 in use (serial not 0), used last at these stamps, near the renumbering limit.
    const serial = Float64Array.from([1, 0, 2, 3, 0, 4]);
    const stamp = Float64Array.from([2 ** 31 - 5, 9, 17, 2 ** 31 - 1, 3, 40]);
    assert.deepEqual([...slotsByStamp(serial, stamp, 6, 4)], [2, 5, 0, 3]);
    assert.equal(restamp(serial, stamp, 6, 4), 4);
    assert.deepEqual(
      [0, 2, 3, 5].map((slot) => stamp[slot]),
      [3, 1, 4, 2],
    );
    assert.deepEqual([...slotsByStamp(serial, stamp, 6, 4)], [2, 5, 0, 3]);
  });
});
