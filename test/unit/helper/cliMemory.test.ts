import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { HELPER_MALLOC_ENV, HELPER_SERVE_V8_FLAGS } from '../../../src/shared/helperMemory';

const repoRoot = path.resolve(__dirname, '../../..');
const cliPath = path.join(repoRoot, 'bin/lanlens.js');
const skip =
  process.platform !== 'linux'
    ? 'reads /proc'
    : typeof (process as { execve?: unknown }).execve !== 'function'
      ? `Node ${process.version} has no process.execve`
      : !existsSync(path.join(repoRoot, 'dist/helperMemory.js')) && 'dist/ is not built (node esbuild.js)';

const nulSeparated = (file: string) => readFileSync(file, 'utf8').split('\0').filter(Boolean);

/**
 * Starts `lanlens serve` (it waits on stdin, so it is still there to be looked at) and returns its
 * command line and environment as the kernel has them, once the process says `settled`.
 */
async function started(
  env: Record<string, string>,
  settled: (environ: string[]) => boolean,
  nodeArgs: string[] = [],
): Promise<{ pid: number; args: string[]; environ: string[] }> {
  // This test's own environment may carry the settings already (a tuned runner): not passed on.
  const inherited = Object.entries(process.env).filter(
    ([key]) => !(key in HELPER_MALLOC_ENV) && key !== 'LANLENS_MEMORY_TUNED',
  );
  const child = spawn(process.execPath, [...nodeArgs, cliPath, 'serve'], {
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { ...Object.fromEntries(inherited), ...env },
  });
  try {
    const pid = child.pid!;
    for (let tries = 0; tries < 100; tries++) {
      const environ = nulSeparated(`/proc/${pid}/environ`);
      if (settled(environ)) return { pid, args: nulSeparated(`/proc/${pid}/cmdline`), environ };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('lanlens serve did not start within 5 s');
  } finally {
    child.kill('SIGKILL');
  }
}

describe('the lanlens command starts with the helper memory settings', { skip }, () => {
  const tuned = (environ: string[]) => environ.includes('LANLENS_MEMORY_TUNED=1');

  it('runs itself again, in the same process, with the V8 flags and the malloc settings the extension gives the helper', async () => {
    const { pid, args, environ } = await started({}, tuned);
    assert.ok(pid > 0);
    assert.deepEqual(args.slice(1, 1 + HELPER_SERVE_V8_FLAGS.length), [...HELPER_SERVE_V8_FLAGS]);
    assert.equal(args.at(-1), 'serve');
    assert.equal(args.at(-2), cliPath);
    for (const [key, value] of Object.entries(HELPER_MALLOC_ENV)) assert.ok(environ.includes(`${key}=${value}`), key);
  });

  it("keeps the user's own malloc settings and node flags, which come after its own", async () => {
    const mine = Object.keys(HELPER_MALLOC_ENV)[0];
    const child = await started({ [mine]: '7' }, tuned, ['--max-semi-space-size=4']);
    assert.ok(child.environ.includes(`${mine}=7`));
    assert.ok(!child.environ.includes(`${mine}=${HELPER_MALLOC_ENV[mine]}`));
    // V8 takes the last of a flag given twice: the user's.
    assert.deepEqual(child.args.slice(1, 2 + HELPER_SERVE_V8_FLAGS.length), [
      ...HELPER_SERVE_V8_FLAGS,
      '--max-semi-space-size=4',
    ]);
  });

  it('runs as started when the settings are already applied (no second exec)', async () => {
    const { args, environ } = await started({ LANLENS_MEMORY_TUNED: '1' }, () => true);
    assert.deepEqual(args.slice(1), [cliPath, 'serve']);
    for (const key of Object.keys(HELPER_MALLOC_ENV)) assert.ok(!environ.some((entry) => entry.startsWith(`${key}=`)));
  });
});
