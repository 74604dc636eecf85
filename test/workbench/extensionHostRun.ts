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
import { expectedDevices } from './expectedDevices';
import type { LanLensWorkbench } from './lanLensWorkbench';
import { startLanLensWorkbench } from './lanLensWorkbench';
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
  const [bundle, runner] = await Promise.all([buildExtensionTests(), packageTestRunner(), packageLanLens()]);
  const settings = { ...(lab ? labSettings({ cidr: lab.cidr, bridge: lab.bridge }) : {}), ...userSettings };
  const resultsFile = path.join(dir, 'results.json');
  let running: LanLensWorkbench | undefined;
  try {
    running = await startLanLensWorkbench(dir, {
      settings,
      // What the suite reads: its bundle, the labs and the captures in the workspace.
      prepare: async (profile) => {
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
      },
      extensions: [runner],
    });
    await waitFor(() => existsSync(resultsFile), { timeoutMs: 120_000, what: 'the extension-host results' });
    await running.page.screenshot({ path: path.join(dir, 'workbench.png') });
    return JSON.parse(readFileSync(resultsFile, 'utf8')) as TestResults;
  } finally {
    await running?.stop();
  }
}
