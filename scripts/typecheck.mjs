// Type-checks each runtime's project on its own, so a wrong import (vscode outside src/extension,
// DOM outside src/webview, Node in src/shared) fails here. Prints one line per project.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const projects = [
  'src/shared',
  'src/helper',
  'src/extension',
  'src/webview',
  'test',
  'test/unit/webview',
  'test/extensionHost',
  'bench',
];
let failed = 0;
for (const project of projects) {
  if (!existsSync(`${project}/tsconfig.json`)) continue;
  const run = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project], { encoding: 'utf8' });
  const ok = run.status === 0;
  if (!ok) failed++;
  process.stdout.write(`${ok ? 'ok' : 'FAIL'} typecheck ${project}\n${ok ? '' : run.stdout + run.stderr}`);
}
process.exit(failed ? 1 : 0);
