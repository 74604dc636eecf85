// Issue 18, item 5: recordings a killed helper left are removed by the next one; a live helper's stay.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { removeStaleRecordings } from '../../../../src/helper/capture/captureRecorder';

test("a dead helper's recording folders go, a running one's and strangers' stay", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-stale-'));
  try {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const folders = {
      dead: path.join(dir, `lanlens-capture-${dead}-aB3dEf`),
      live: path.join(dir, `lanlens-capture-${process.pid}-xY9zQw`),
      other: path.join(dir, 'lanlens-capture-notapid'),
      unrelated: path.join(dir, 'something-else'),
    };
    for (const folder of Object.values(folders)) mkdirSync(folder);
    assert.equal(removeStaleRecordings(dir), 1);
    assert.equal(existsSync(folders.dead), false);
    assert.equal(existsSync(folders.live), true);
    assert.equal(existsSync(folders.other), true);
    assert.equal(existsSync(folders.unrelated), true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
