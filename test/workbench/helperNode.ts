import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './codeServer';

/**
 * The Node the helper's native module was built for (dist/runtime.json, written by the build): the
 * workbench's extension host runs Node 24, whose ABI differs, so `lanLens.helper.nodePath` names it.
 */
export function helperNode(): string {
  const runtime = JSON.parse(readFileSync(path.join(repoRoot, 'dist', 'runtime.json'), 'utf8')) as { nodePath: string };
  return runtime.nodePath;
}
