import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AlertBaseline } from '../../../../src/helper/alerts/alertBaseline';

describe('AlertBaseline', () => {
  it('keeps its unsaved changes bounded while nothing takes them (no database open), under a flood of new devices', () => {
    const baseline = new AlertBaseline(0);
    for (let i = 0; i < 100_000; i++) baseline.seeDevice(`06:00:00:${i}`, i);
    assert.ok(baseline.size <= 20_000, `${baseline.size} devices`);
    assert.ok(baseline.unsaved <= 40_000, `${baseline.unsaved} unsaved changes`);
    // What is taken is every device still known, the newest among them.
    const changes = baseline.takeChanges();
    assert.equal(changes.length, baseline.size);
    assert.ok(changes.some((change) => change.key === '06:00:00:99999'));
    assert.equal(baseline.unsaved, 0);
  });
});
