// The benchmarks' own C programs (bench/native), built into test-results/ at bench time.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../test/lab/cli';

/** Builds bench/native/NAME.c into test-results/NAME; returns its path. */
export function buildBenchTool(name: string): string {
  const out = path.join(repoRoot, 'test-results', name);
  mkdirSync(path.dirname(out), { recursive: true });
  const source = path.join(repoRoot, 'bench', 'native', `${name}.c`);
  const built = spawnSync('cc', ['-O2', '-Wall', '-o', out, source], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`cannot build ${name} (build-essential is in setup): ${built.stderr}`);
  return out;
}
