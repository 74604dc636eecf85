// The extension-host suite (test/extensionHost, the one `npm run test:desktop` runs through
// @vscode/test-electron) run inside code-server's extension host: LAN Lens installed from its VSIX,
// a namespace lab to scan, and a headless Chromium to connect the workbench (code-server starts
// the extension host only for a connected window). Each of its tests is reported here as a subtest.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { TestConfig, TestResults } from '../extensionHost/harnessProtocol';
import { CONFIG_FILE } from '../extensionHost/harnessProtocol';
import type { Lab } from '../lab/lab';
import { createLab, labSkipReason } from '../lab/lab';
import { buildExtensionTests, packageLanLens, packageTestRunner } from '../workbench/artifacts';
import type { WorkbenchPage } from '../workbench/browser';
import { openWorkbench } from '../workbench/browser';
import type { Workbench } from '../workbench/codeServer';
import {
  createProfile,
  installExtension,
  repoRoot,
  startCodeServer,
  workbenchSkipReason,
} from '../workbench/codeServer';
import { expectedDevices } from '../workbench/expectedDevices';
import { helperNode } from '../workbench/helperNode';
import { labSettings } from '../workbench/workbenchSettings';
import { waitFor } from '../workbench/waitFor';
import { writeFileSync } from 'node:fs';
import { labVendors, vendorMac } from '../lab/vendors';

const skip = workbenchSkipReason();
const SUBNET = '10.213.31'; // this suite's own /24 (see test/lab/lab.ts)
const resultsDir = path.join(repoRoot, 'test-results', 'extension-host');

describe('extension-host suite in code-server', { skip, timeout: 300_000 }, () => {
  let lab: Lab | undefined;
  let workbench: Workbench | undefined;
  let browser: WorkbenchPage | undefined;
  let results: TestResults | undefined;

  before(async () => {
    rmSync(resultsDir, { recursive: true, force: true });
    const [vsix, bundle, runner] = await Promise.all([packageLanLens(), buildExtensionTests(), packageTestRunner()]);
    const labSkip = labSkipReason();
    if (!labSkip) {
      lab = await createLab({
        suite: 'exthst',
        bridgeIp: `${SUBNET}.1`,
        hosts: labVendors
          .slice(0, 4)
          .map((vendor, i) => ({ ip: `${SUBNET}.${20 + i}`, mac: vendorMac(vendor.oui, 0x31 + i) })),
      });
    }
    const settings = lab ? labSettings({ cidr: lab.cidr, bridge: lab.bridge }, helperNode()) : {};
    const profile = createProfile(resultsDir, settings);
    const resultsFile = path.join(resultsDir, 'results.json');
    const config: TestConfig = {
      bundle,
      resultsFile,
      lab: lab && {
        cidr: lab.cidr,
        bridge: lab.bridge,
        bridgeIp: lab.bridgeIp,
        devices: expectedDevices(lab, { namesResolved: false }),
      },
    };
    writeFileSync(path.join(profile.workspace, CONFIG_FILE), JSON.stringify(config, null, 2));
    await installExtension(profile, vsix);
    await installExtension(profile, runner);
    workbench = await startCodeServer(profile);
    browser = await openWorkbench(workbench.url);
    await waitFor(() => existsSync(resultsFile), { timeoutMs: 120_000, what: 'the extension-host results' });
    results = JSON.parse(readFileSync(resultsFile, 'utf8')) as TestResults;
    await browser.page.screenshot({ path: path.join(resultsDir, 'workbench.png') });
  });

  after(async () => {
    await browser?.browser.close();
    workbench?.stop();
    lab?.destroy();
  });

  test('runs, and every test in it passes', async (t) => {
    assert.ok(results, 'no results');
    assert.ok(!('crashed' in results), `the suite crashed: ${'crashed' in results ? results.crashed : ''}`);
    assert.ok(results.outcomes.length >= 4, `only ${results.outcomes.length} tests ran`);
    for (const outcome of results.outcomes) {
      await t.test(outcome.title, { skip: outcome.state === 'skipped' && 'no lab (needs root)' }, () => {
        if (outcome.state === 'failed') assert.fail(outcome.error ?? 'failed');
      });
    }
    if (results.metrics.activationMs !== undefined) {
      console.log(`# LAN Lens activation in the extension host: ${results.metrics.activationMs.toFixed(1)} ms`);
    }
  });
});
