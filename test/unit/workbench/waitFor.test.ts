// The e2e tests' one polling rule: its timeout must say what the condition last saw, not what it
// saw when the wait began (the save dialog's "it offers …" was always "").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../../workbench/waitFor';

test('a timeout asks for its message when it happens, so it names what the condition last saw', async () => {
  let seen = 'nothing';
  const wait = waitFor(
    () => {
      seen = 'the last value';
      return false;
    },
    { timeoutMs: 150, what: () => `a value (it saw "${seen}")` },
  );
  await assert.rejects(wait, /timed out after 150 ms waiting for a value \(it saw "the last value"\)/);
});

test('a fixed message and a condition that holds at once', async () => {
  await waitFor(() => true, { timeoutMs: 10, what: 'never asked' });
  await assert.rejects(
    waitFor(() => Promise.resolve(false), { timeoutMs: 50, what: 'a thing' }),
    /waiting for a thing$/,
  );
});
