// The extension-host suite (test/extensionHost, the one `npm run test:desktop` runs through
// @vscode/test-electron) run inside code-server's extension host against a namespace lab. Each of
// its tests is reported here as a subtest.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { TestResults } from '../extensionHost/harnessProtocol';
import type { CaptureLab } from '../lab/captureLab';
import { createCaptureLab } from '../lab/captureLab';
import type { Lab } from '../lab/lab';
import { createLab, labSkipReason } from '../lab/lab';
import { labVendors, vendorMac } from '../lab/vendors';
import { repoRoot, workbenchSkipReason } from '../workbench/codeServer';
import { runExtensionHostSuite } from '../workbench/extensionHostRun';

const skip = workbenchSkipReason();
const SUBNET = '10.213.31'; // this suite's own /24 (see test/lab/lab.ts)
const CAPTURE_SUBNET = '10.213.33'; // the capture and port-scan tests' /24

describe('extension-host suite in code-server', { skip, timeout: 300_000 }, () => {
  let lab: Lab | undefined;
  let captureLab: CaptureLab | undefined;
  let results: TestResults | undefined;

  before(async () => {
    if (!labSkipReason()) {
      lab = await createLab({
        suite: 'exthst',
        bridgeIp: `${SUBNET}.1`,
        hosts: labVendors
          .slice(0, 4)
          .map((vendor, i) => ({ ip: `${SUBNET}.${20 + i}`, mac: vendorMac(vendor.oui, 0x31 + i) })),
      });
      captureLab = await createCaptureLab('excap', CAPTURE_SUBNET);
    }
    results = await runExtensionHostSuite(path.join(repoRoot, 'test-results', 'extension-host'), lab, captureLab?.info);
  });

  after(() => {
    lab?.destroy();
    captureLab?.destroy();
  });

  test('runs, and every test in it passes', async (t) => {
    assert.ok(results, 'no results');
    assert.ok(!('crashed' in results), `the suite crashed: ${'crashed' in results ? results.crashed : ''}`);
    assert.ok(results.outcomes.length >= 4, `only ${results.outcomes.length} tests ran`);
    for (const outcome of results.outcomes) {
      await t.test(
        outcome.title,
        {
          skip:
            outcome.state === 'skipped' &&
            'skipped in the extension host: no lab (needs root), or the helper cannot read capture files yet',
        },
        () => {
          if (outcome.state === 'failed') assert.fail(outcome.error ?? 'failed');
        },
      );
    }
    if (results.metrics.activationMs !== undefined) {
      console.log(`# LAN Lens activation in the extension host: ${results.metrics.activationMs.toFixed(1)} ms`);
    }
    for (const { during, restartMs, stallMs } of results.metrics.helperRestarts ?? []) {
      console.log(
        `# helper killed during ${during}: back in ${restartMs.toFixed(0)} ms, longest extension-host stall ${stallMs.toFixed(0)} ms`,
      );
    }
  });
});
