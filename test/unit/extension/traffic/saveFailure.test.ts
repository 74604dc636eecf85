// A file chosen in a save dialog that cannot be written is said in words, with the file and the
// way out: the topology view showed Node's "Error: EROFS: read-only file system, open '…'".
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { saveFailure } from '../../../../src/extension/export/saveFailure';

const errno = (code: string) => Object.assign(new Error(`${code}: whatever, open '/x'`), { code });

describe('a save that failed, said in words', () => {
  const cases: [string, Error, string][] = [
    ['EROFS', errno('EROFS'), 'read-only file system. Choose a folder you can write to.'],
    ['EACCES', errno('EACCES'), 'permission denied. Choose a folder you can write to.'],
    ['ENOSPC', errno('ENOSPC'), 'no space left on the disk. Free some space, or choose another folder.'],
    ['an unknown code', errno('EWHATEVER'), "EWHATEVER: whatever, open '/x'. Choose a folder you can write to."],
    ['no code', new Error('gone.'), 'gone. Choose a folder you can write to.'],
  ];
  for (const [name, error, said] of cases) {
    it(name, () => {
      const failure = saveFailure('the map', '/home/u/map.svg', error);
      assert.equal(`${failure.message} ${failure.fix}`, `Could not save the map to /home/u/map.svg: ${said}`);
    });
  }

  const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-save-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  it("names a real write's failure (a path through a file)", async () => {
    writeFileSync(path.join(dir, 'file'), '');
    const target = path.join(dir, 'file', 'map.png');
    const error = await writeFile(target, 'x').then(
      () => undefined,
      (failure: unknown) => failure,
    );
    assert.equal(
      saveFailure('the map', target, error).message,
      `Could not save the map to ${target}: a part of its path is not a folder.`,
    );
  });
});
