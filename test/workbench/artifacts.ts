// What gets installed into the workbench, built once per process: LAN Lens's VSIX (as `npm run
// package` makes it), the extension-host suite's bundle and its runner extension's VSIX.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runOk } from '../lab/exec';
import { repoRoot } from './codeServer';

const out = path.join(repoRoot, 'out');
/** LAN Lens's linux-x64 VSIX; scripts/package.mjs names it after package.json and its target. */
export const lanLensVsix = path.join(out, 'lan-lens-linux-x64-0.1.0.vsix');
/** The bundled extension-host suite (test/extensionHost/index.ts). */
export const extensionTestsBundle = path.join(out, 'extensionHostTests', 'index.js');
const runnerVsix = path.join(out, 'lan-lens-test-runner.vsix');
const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');

/**
 * The tree test/run.mjs packaged the VSIX in for the whole e2e tier (each test file is a process of
 * its own, and packaging takes about 10 s).
 */
const PACKAGED_IN_ENV = 'LANLENS_VSIX_PACKAGED_IN';

let packaged: Promise<string> | undefined;
/**
 * `npm run package -- --target linux-x64`, once per process, or none when the test runner already
 * packaged it in this run; resolves to the VSIX's path.
 */
export function packageLanLens(): Promise<string> {
  const args = ['scripts/package.mjs', '--target', 'linux-x64'];
  if (process.env[PACKAGED_IN_ENV] === repoRoot && existsSync(lanLensVsix)) packaged ??= Promise.resolve(lanLensVsix);
  packaged ??= runOk(process.execPath, args, { cwd: repoRoot, timeoutMs: 120_000 }).then(() => lanLensVsix);
  return packaged;
}

/** Bundles the extension-host suite; `vscode` comes from the host, Mocha from node_modules. */
export async function buildExtensionTests(): Promise<string> {
  await build({
    entryPoints: [path.join(repoRoot, 'test', 'extensionHost', 'index.ts')],
    outfile: extensionTestsBundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return extensionTestsBundle;
}

/** Packages a test-only extension folder as a VSIX at `out`. */
async function packageTestExtension(folder: string, out: string): Promise<string> {
  await runOk(
    process.execPath,
    [vsce, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', out],
    { cwd: folder, timeoutMs: 60_000 },
  );
  return out;
}

/** The runner extension code-server needs in place of `--extensionTestsPath`, as a VSIX. */
export function packageTestRunner(): Promise<string> {
  return packageTestExtension(path.join(repoRoot, 'test', 'extensionHost', 'runnerExtension'), runnerVsix);
}

/** The debug type `debugpy` (Debian's debugpy adapter) for the debug e2e test, as a VSIX. */
export function packageDebugpyAdapter(): Promise<string> {
  const folder = path.join(repoRoot, 'test', 'workbench', 'debugpyExtension');
  return packageTestExtension(folder, path.join(out, 'lan-lens-test-debugpy.vsix'));
}
