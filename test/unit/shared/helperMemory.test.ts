// The helper's V8 flags by command (issue 18, the warm path): the long-running `serve` starts with a
// larger first heap, so opening a file runs no string of full collections; one-shot commands such as
// `lanlens stats` (its peak RSS has a target of its own) keep the small heap.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HELPER_SERVE_V8_FLAGS, HELPER_V8_FLAGS, helperV8Flags } from '../../../src/shared/helperMemory';

describe('the helper V8 flags by command', () => {
  it('gives serve the larger first heap, on top of the memory flags every command has', () => {
    assert.deepEqual(helperV8Flags('serve'), HELPER_SERVE_V8_FLAGS);
    assert.deepEqual(HELPER_SERVE_V8_FLAGS.slice(0, HELPER_V8_FLAGS.length), HELPER_V8_FLAGS);
    assert.ok(HELPER_SERVE_V8_FLAGS.includes('--initial-heap-size=64'));
  });

  it('keeps the small heap for one-shot commands and for options given first', () => {
    for (const command of ['stats', 'scan', 'capture', '--help', undefined]) {
      assert.deepEqual(helperV8Flags(command), HELPER_V8_FLAGS, String(command));
      assert.ok(!helperV8Flags(command).some((flag) => flag.startsWith('--initial-heap-size')), String(command));
    }
  });
});
