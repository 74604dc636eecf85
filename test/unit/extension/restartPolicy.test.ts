import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RestartPolicy } from '../../../src/extension/helperClient/restartPolicy';

test('backs off exponentially and gives up on the fifth crash inside three minutes', () => {
  const policy = new RestartPolicy();
  const decisions = [0, 1_000, 2_000, 3_000, 4_000].map((at) => policy.recordCrash(at));
  assert.deepEqual(decisions, [
    { restart: true, delayMs: 500, crashesInWindow: 1 },
    { restart: true, delayMs: 1_000, crashesInWindow: 2 },
    { restart: true, delayMs: 2_000, crashesInWindow: 3 },
    { restart: true, delayMs: 4_000, crashesInWindow: 4 },
    { restart: false, crashesInWindow: 5 },
  ]);
});

test('crashes older than the window are forgotten', () => {
  const policy = new RestartPolicy();
  for (const at of [0, 10_000, 20_000, 30_000]) policy.recordCrash(at);
  // The first four fell out of the window: this counts as a first crash again.
  assert.deepEqual(policy.recordCrash(30_000 + 180_000), { restart: true, delayMs: 500, crashesInWindow: 1 });
});

test('delay is capped and reset() starts over', () => {
  const policy = new RestartPolicy({ maxCrashes: 100, initialDelayMs: 1_000, maxDelayMs: 5_000 });
  let last = policy.recordCrash(0);
  for (let i = 1; i < 10; i++) last = policy.recordCrash(i);
  assert.deepEqual(last, { restart: true, delayMs: 5_000, crashesInWindow: 10 });
  policy.reset();
  assert.deepEqual(policy.recordCrash(20), { restart: true, delayMs: 1_000, crashesInWindow: 1 });
  assert.deepEqual(new RestartPolicy().describeWindow(), { maxCrashes: 5, minutes: 3 });
});
