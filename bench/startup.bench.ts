// Startup cost of LAN Lens in a real VS Code (code-server): the VSIX's size, and the time
// `Extension.activate()` takes in the extension host (module load plus `activate`; target under
// 50 ms: heavy work happens lazily, after activation). Median of a few fresh windows.
import { statSync } from 'node:fs';
import path from 'node:path';
import { lanLensVsix, packageLanLens } from '../test/workbench/artifacts';
import { repoRoot, workbenchSkipReason } from '../test/workbench/codeServer';
import { runExtensionHostSuite } from '../test/workbench/extensionHostRun';
import { median } from './median';

const RUNS = 3;
const TARGET_MS = 50;

async function main(): Promise<number> {
  const skip = workbenchSkipReason();
  if (skip) {
    console.error(`startup bench: ${skip}`);
    return 1;
  }
  await packageLanLens();
  const kib = statSync(lanLensVsix).size / 1024;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // No lab: the scan tests skip, only activation matters here.
    const results = await runExtensionHostSuite(path.join(repoRoot, 'test-results', 'bench-startup'), undefined);
    if ('crashed' in results || results.metrics.activationMs === undefined) {
      console.error(`startup bench: the extension-host suite did not measure activation: ${JSON.stringify(results)}`);
      return 1;
    }
    times.push(results.metrics.activationMs);
  }
  const middle = median(times);
  console.log('\nLAN Lens startup in VS Code (code-server 4.139.1, extension host on Node 24)');
  console.log(`  VSIX size                      ${kib.toFixed(0)} KiB (${path.relative(repoRoot, lanLensVsix)})`);
  console.log(
    `  activation (median of ${RUNS})        ${middle.toFixed(1)} ms  [${times.map((t) => t.toFixed(1)).join(', ')}]  target < ${TARGET_MS} ms`,
  );
  return middle < TARGET_MS ? 0 : 1;
}

void main().then((code) => process.exit(code));
