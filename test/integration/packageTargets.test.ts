// The check every shipped native binary passes before it goes into a VSIX
// (scripts/packageTargets.mjs, run by `npm run package`): the target's binary format, and on Linux
// no symbol version newer than the floor (glibc 2.28), read from `objdump -T`. The capture module
// built here must pass; a library compiled here with a plain dlopen (glibc 2.34's version on this
// Debian 12) must not, and neither may a binary of the wrong CPU.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../lab/cli';
import { run, runOk } from '../lab/exec';

const checker = path.join(repoRoot, 'scripts', 'packageTargets.mjs');
const capNode = path.join(repoRoot, 'node_modules', 'cap', 'build', 'Release', 'cap.node');
const skip =
  process.platform !== 'linux' || process.arch !== 'x64'
    ? 'the Linux checks run on linux-x64, the target built here'
    : !existsSync('/usr/bin/objdump') || !existsSync('/usr/bin/cc')
      ? 'objdump and cc come with build-essential (setup installs it)'
      : undefined;

const check = (target: string, ...files: string[]) => run(process.execPath, [checker, 'check', target, ...files]);

describe('native binaries against their target and the glibc floor', { skip }, () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lanlens-elf-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the capture module built here fits linux-x64', async () => {
    const result = await check('linux-x64', capNode);
    assert.equal(result.code, 0, result.stderr);
    // Its dl functions are bound to their first version, and libdl.so.2 (where they were) is linked.
    const { stdout: symbols } = await runOk('objdump', ['-T', capNode]);
    assert.match(symbols, /\(GLIBC_2\.2\.5\)\s+dlopen$/m);
    const { stdout: dynamic } = await runOk('readelf', ['-d', capNode]);
    assert.match(dynamic, /NEEDED.*\[libdl\.so\.2\]/);
  });

  it('a library that needs glibc 2.34 is refused, naming the symbol', async () => {
    const source = path.join(dir, 'plain.c');
    const library = path.join(dir, 'plain.so');
    writeFileSync(source, '#include <dlfcn.h>\nvoid *open_it(void) { return dlopen("x", RTLD_NOW); }\n');
    await runOk('cc', ['-shared', '-fPIC', '-o', library, source]);
    const result = await check('linux-x64', capNode, library);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /plain\.so needs newer versions than the floor \(GLIBC_2\.28, .*\): dlopen \(GLIBC_2\.34\)/,
    );
    assert.doesNotMatch(result.stderr, /cap\.node/);
  });

  it('a binary for another CPU or OS is refused', async () => {
    for (const [target, format] of [
      ['linux-arm64', 'ELF AArch64'],
      ['darwin-arm64', 'Mach-O arm64'],
      ['win32-x64', 'PE x64'],
    ]) {
      const result = await check(target, capNode);
      assert.equal(result.code, 1, target);
      assert.match(result.stderr, new RegExp(`cap\\.node is ELF x86-64, not ${format}`));
    }
  });
});
