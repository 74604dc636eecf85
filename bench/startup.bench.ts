// Startup cost of LAN Lens in a real VS Code (code-server): the VSIX's size, the time
// `Extension.activate()` takes in the extension host (module load plus `activate`; target under
// 50 ms: heavy work happens lazily, after activation), and the helper's start right after it, from
// spawn to its answer to `helper/initialize`, on the runtime it used, as the LAN Lens log says: VS
// Code's own (code-server's Node, ELECTRON_RUN_AS_NODE=1), and beside it the machine's Node 20
// through lanLens.helper.nodePath, what dist/runtime.json named before. Median of a few fresh windows.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runSync } from '../test/lab/exec';
import { lanLensVsix, packageLanLens } from '../test/workbench/artifacts';
import { repoRoot, workbenchSkipReason } from '../test/workbench/codeServer';
import { runExtensionHostSuite } from '../test/workbench/extensionHostRun';
import { median } from './median';

const RUNS = 3;
const TARGET_MS = 50;
const dir = path.join(repoRoot, 'test-results', 'bench-startup');
// The Node the helper ran on before it moved to VS Code's own runtime (Debian's Node 20 here).
const MACHINE_NODE = '/usr/bin/node';

/** One window's figures. */
interface StartupRun {
  activationMs: number;
  /** undefined when the log has no start line */
  helperStartMs: number | undefined;
  /** the runtime the helper ran on, as the log names it */
  runtime: string | undefined;
}

/** The helper's start time and runtime, from the LAN Lens log the window's extension host wrote. */
function helperStartFromLog(): Pick<StartupRun, 'helperStartMs' | 'runtime'> {
  const logs = path.join(dir, 'user-data', 'logs');
  const files = existsSync(logs)
    ? readdirSync(logs, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('LAN Lens.log'))
    : [];
  const text = files.map((file) => readFileSync(path.join(logs, file), 'utf8')).join('\n');
  const started = /Helper started in (\d+) ms\./.exec(text)?.[1];
  const runtime = /Helper \S+ running \(pid \d+\) on (.+)\.$/m.exec(text)?.[1];
  return { helperStartMs: started === undefined ? undefined : Number(started), runtime };
}

/** Opens `RUNS` fresh windows with these user settings; undefined when a run measured nothing. */
async function measure(settings: Record<string, unknown>): Promise<StartupRun[] | undefined> {
  const runs: StartupRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    // No lab: the scan tests skip, only startup matters here.
    const results = await runExtensionHostSuite(dir, undefined, undefined, settings);
    if ('crashed' in results || results.metrics.activationMs === undefined) {
      console.error(`startup bench: the extension-host suite did not measure activation: ${JSON.stringify(results)}`);
      return undefined;
    }
    runs.push({ activationMs: results.metrics.activationMs, ...helperStartFromLog() });
  }
  return runs;
}

const figures = (values: number[], digits: number) =>
  `${median(values).toFixed(digits)} ms  [${values.map((value) => value.toFixed(digits)).join(', ')}]`;

/** One line of the report, its figure in a column. */
const row = (label: string, value: string) => `  ${label.padEnd(32)}${value}`;

/** `helper start … ms [runs] on <runtime> (how)`, or why there is no figure. */
function helperLine(label: string, runs: StartupRun[], how: string): string {
  const times = runs.flatMap((run) => (run.helperStartMs === undefined ? [] : [run.helperStartMs]));
  if (times.length === 0) return row(label, 'not in the LAN Lens log');
  return row(label, `${figures(times, 0)}  on ${runs.find((run) => run.runtime)?.runtime ?? '?'} (${how})`);
}

async function main(): Promise<number> {
  const skip = workbenchSkipReason();
  if (skip) {
    console.error(`startup bench: ${skip}`);
    return 1;
  }
  await packageLanLens();
  const kib = statSync(lanLensVsix).size / 1024;
  const runs = await measure({});
  if (!runs) return 1;
  const machineNode = existsSync(MACHINE_NODE) ? runSync(MACHINE_NODE, ['--version']).stdout.trim() : '';
  const before = machineNode ? await measure({ 'lanLens.helper.nodePath': MACHINE_NODE }) : undefined;
  const activation = runs.map((run) => run.activationMs);
  const middle = median(activation);
  console.log('\nLAN Lens startup in VS Code (code-server 4.139.1, extension host on Node 24)');
  console.log(row('VSIX size', `${kib.toFixed(0)} KiB (${path.relative(repoRoot, lanLensVsix)})`));
  console.log(row(`activation (median of ${RUNS})`, `${figures(activation, 1)}  target < ${TARGET_MS} ms`));
  console.log(helperLine(`helper start (median of ${RUNS})`, runs, "VS Code's own runtime"));
  if (before) {
    console.log(
      helperLine('helper start before', before, `the machine's Node ${machineNode}, as dist/runtime.json named it`),
    );
  }
  // For the README's figures (scripts/readmeFigures.mjs).
  mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
  writeFileSync(
    path.join(repoRoot, 'test-results', 'bench-startup.json'),
    JSON.stringify({ vsixKiB: kib, activationMs: middle, targetMs: TARGET_MS }, null, 2) + '\n',
  );
  return middle < TARGET_MS ? 0 : 1;
}

void main().then((code) => process.exit(code));
