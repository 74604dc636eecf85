// Runs the built `lanlens` CLI as the tests and benchmarks need it: as root, inside a namespace,
// or as the unprivileged user `nobody`.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import type { ScanResult } from '../../src/shared/model/scan';
import type { RunResult } from './exec';
import { run, runSync } from './exec';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const cliPath = path.join(repoRoot, 'bin', 'lanlens.js');

export interface CliOptions {
  /** run inside this network namespace (`ip netns exec`) */
  namespace?: string;
  timeoutMs?: number;
}

/** `node bin/lanlens.js …args` as the current user. */
export function lanlens(args: string[], options: CliOptions = {}): Promise<RunResult> {
  const command = [process.execPath, cliPath, ...args];
  const timeoutMs = options.timeoutMs ?? 60_000;
  if (options.namespace) return run('ip', ['netns', 'exec', options.namespace, ...command], { timeoutMs });
  return run(command[0], command.slice(1), { timeoutMs });
}

/** The single JSON document a `--json` run printed; throws with the output when it is not one. */
export function parseScan(result: RunResult): ScanResult {
  try {
    return JSON.parse(result.stdout) as ScanResult;
  } catch {
    throw new Error(
      `lanlens did not print one JSON document (exit ${result.code}):\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  }
}

/** How to run the CLI as `nobody`: the node binary and CLI path it can read, and a cleanup. */
export interface Unprivileged {
  node: string;
  cli: string;
  dispose(): void;
}

function nobodyCanRead(paths: string[]): boolean {
  const tests = paths.flatMap((file, index) => [...(index ? ['-a'] : []), '-r', file]);
  return runSync('runuser', ['-u', 'nobody', '--', 'test', ...tests]).code === 0;
}

/**
 * Lets `nobody` run the CLI. When the checkout or Node lives somewhere `nobody` cannot read
 * (under /root, say), copies the CLI, the build and the native module to a world-readable temp dir.
 */
export function prepareUnprivileged(forceCopy = false): Unprivileged {
  const cap = path.join(repoRoot, 'node_modules', 'cap');
  const needed = [cliPath, path.join(repoRoot, 'dist', 'helper.js'), path.join(cap, 'build', 'Release', 'cap.node')];
  const nodeOk = nobodyCanRead([process.execPath]);
  if (!forceCopy && nodeOk && nobodyCanRead(needed))
    return { node: process.execPath, cli: cliPath, dispose: () => undefined };
  const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-nobody-'));
  cpSync(path.join(repoRoot, 'bin'), path.join(dir, 'bin'), { recursive: true });
  cpSync(path.join(repoRoot, 'dist'), path.join(dir, 'dist'), { recursive: true });
  cpSync(path.join(repoRoot, 'package.json'), path.join(dir, 'package.json'));
  cpSync(cap, path.join(dir, 'node_modules', 'cap'), { recursive: true });
  let node = process.execPath;
  if (!nodeOk) {
    node = path.join(dir, 'node');
    cpSync(process.execPath, node);
  }
  runSync('chmod', ['-R', 'a+rX', dir]);
  return {
    node,
    cli: path.join(dir, 'bin', 'lanlens.js'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** For a describe() block: prepares `nobody` before its tests and cleans up after them; the getter gives the setup. */
export function unprivilegedSuite(): () => Unprivileged {
  let setup: Unprivileged | undefined;
  before(() => {
    setup = prepareUnprivileged();
  });
  after(() => setup?.dispose());
  return () => {
    if (!setup) throw new Error('the unprivileged setup is made before the suite runs');
    return setup;
  };
}

/** `lanlens …args` as `nobody`, which has neither root nor CAP_NET_RAW. */
export function lanlensAsNobody(setup: Unprivileged, args: string[], timeoutMs = 120_000): Promise<RunResult> {
  return run('runuser', ['-u', 'nobody', '--', setup.node, setup.cli, ...args], { timeoutMs, cwd: '/' });
}
