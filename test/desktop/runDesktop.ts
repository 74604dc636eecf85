// `npm run test:desktop`: the extension-host suite (test/extensionHost) in desktop VS Code through
// @vscode/test-electron, which downloads VS Code into .vscode-test/ (not possible on machines
// without internet; `npm test` runs the same suite in code-server instead). As root the suite
// scans a namespace lab of its own; otherwise it skips the scan tests.
import { runTests } from '@vscode/test-electron';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestConfig } from '../extensionHost/harnessProtocol';
import { CONFIG_FILE } from '../extensionHost/harnessProtocol';
import type { Lab } from '../lab/lab';
import { createLab, labSkipReason } from '../lab/lab';
import { labVendors, vendorMac } from '../lab/vendors';
import { buildExtensionTests } from '../workbench/artifacts';
import { repoRoot } from '../workbench/codeServer';
import { expectedDevices } from '../workbench/expectedDevices';
import { labSettings, quietSettings } from '../workbench/workbenchSettings';

const SUBNET = '10.213.32'; // this runner's own /24 (see test/lab/lab.ts)

async function main(): Promise<number> {
  const root = path.join(repoRoot, 'test-results', 'desktop');
  rmSync(root, { recursive: true, force: true });
  const workspace = path.join(root, 'workspace');
  const userDataDir = path.join(root, 'user-data');
  mkdirSync(workspace, { recursive: true });
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });

  const skip = labSkipReason();
  if (skip) console.log(`test:desktop: no lab, the scan tests are skipped: ${skip}`);
  let lab: Lab | undefined;
  try {
    if (!skip) {
      lab = await createLab({
        suite: 'desk',
        bridgeIp: `${SUBNET}.1`,
        hosts: labVendors
          .slice(0, 4)
          .map((vendor, i) => ({ ip: `${SUBNET}.${20 + i}`, mac: vendorMac(vendor.oui, 0x32 + i) })),
      });
    }
    // Desktop VS Code runs the helper on its own Electron (ELECTRON_RUN_AS_NODE), as it would for a user.
    const settings = {
      ...quietSettings,
      ...(lab ? labSettings({ cidr: lab.cidr, bridge: lab.bridge }) : {}),
    };
    writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    const config: TestConfig = {
      lab: lab && {
        cidr: lab.cidr,
        bridge: lab.bridge,
        bridgeIp: lab.bridgeIp,
        devices: expectedDevices(lab, { namesResolved: false }),
      },
    };
    writeFileSync(path.join(workspace, CONFIG_FILE), JSON.stringify(config, null, 2));
    await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: await buildExtensionTests(),
      launchArgs: [workspace, '--user-data-dir', userDataDir, '--disable-extensions', '--disable-workspace-trust'],
    });
    return 0;
  } catch (error) {
    console.error(`test:desktop failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    lab?.destroy();
  }
}

void main().then((code) => process.exit(code));
