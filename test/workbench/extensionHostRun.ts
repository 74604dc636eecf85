// Runs the extension-host suite (test/extensionHost) inside code-server's extension host: LAN
// Lens from its VSIX, the runner extension in place of `--extensionTestsPath`, and a headless
// Chromium to connect a window (code-server starts the extension host only for one). Used by the
// e2e test and by `npm run bench` (activation time).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CaptureLabInfo, TestConfig, TestResults } from '../extensionHost/harnessProtocol';
import { CONFIG_FILE } from '../extensionHost/harnessProtocol';
import type { Lab } from '../lab/lab';
import { buildExtensionTests, packageLanLens, packageTestRunner } from './artifacts';
import { workspaceCaptures } from './captureFixtures';
import type { WorkbenchPage } from './browser';
import { openWorkbench } from './browser';
import type { Workbench } from './codeServer';
import { createProfile, installExtension, startCodeServer } from './codeServer';
import { expectedDevices } from './expectedDevices';
import { waitFor } from './waitFor';
import { labSettings } from './workbenchSettings';

/**
 * Runs the suite once in a fresh profile under `dir`; `lab` (root only) is what the scan tests scan,
 * `captureLab` what the capture and port-scan tests use, `userSettings` more user settings.
 */
export async function runExtensionHostSuite(
  dir: string,
  lab: Lab | undefined,
  captureLab?: CaptureLabInfo,
  userSettings: Record<string, unknown> = {},
): Promise<TestResults> {
  rmSync(dir, { recursive: true, force: true });
  const [vsix, bundle, runner] = await Promise.all([packageLanLens(), buildExtensionTests(), packageTestRunner()]);
  const settings = { ...(lab ? labSettings({ cidr: lab.cidr, bridge: lab.bridge }) : {}), ...userSettings };
  const profile = createProfile(dir, settings);
  const resultsFile = path.join(dir, 'results.json');
  const config: TestConfig = {
    bundle,
    resultsFile,
    lab: lab && {
      cidr: lab.cidr,
      bridge: lab.bridge,
      bridgeIp: lab.bridgeIp,
      devices: expectedDevices(lab, { namesResolved: false }),
    },
    captures: await workspaceCaptures(profile.workspace),
    captureLab,
  };
  writeFileSync(path.join(profile.workspace, CONFIG_FILE), JSON.stringify(config, null, 2));
  await installExtension(profile, vsix);
  await installExtension(profile, runner);
  let workbench: Workbench | undefined;
  let browser: WorkbenchPage | undefined;
  try {
    workbench = await startCodeServer(profile);
    browser = await openWorkbench(workbench.url);
    await waitFor(() => existsSync(resultsFile), { timeoutMs: 120_000, what: 'the extension-host results' });
    await browser.page.screenshot({ path: path.join(dir, 'workbench.png') });
    return JSON.parse(readFileSync(resultsFile, 'utf8')) as TestResults;
  } finally {
    await browser?.browser.close();
    workbench?.stop();
  }
}
