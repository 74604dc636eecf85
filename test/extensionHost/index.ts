// The extension-host suite's entry point, in the shape @vscode/test-electron expects of
// `extensionTestsPath` (`run()` resolves or rejects); code-server runs the same bundle through
// runnerExtension/. Each test file registers its suites on Mocha's TDD interface.
import * as fs from 'node:fs';
import Mocha from 'mocha';
import { activationSuite } from './activation.test';
import { captureSuite } from './capture.test';
import { devicesTreeSuite } from './devicesTree.test';
import { killedHelperSuite } from './killedHelper.test';
import { portScanSuite } from './portScan.test';
import type { Metrics, TestOutcome, TestResults } from './harnessProtocol';
import { readTestConfig } from './testConfig';
import { trafficSuite } from './traffic.test';

/** Runs every suite; writes the results file when the harness asked for one. Rejects on a failure. */
export async function run(): Promise<void> {
  const config = readTestConfig();
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 20_000, reporter: 'spec' });
  // The suites are bundled, not loaded from files: give them Mocha's globals the way loading would.
  mocha.suite.emit('pre-require', globalThis, 'lanlens-extension-host', mocha);
  const metrics: Metrics = {};
  activationSuite(metrics);
  devicesTreeSuite(config);
  trafficSuite(config);
  // After the Devices-tree suite: captures add devices of the capture lab to the tree.
  captureSuite(config);
  portScanSuite(config);
  // Last: it kills the helper twice.
  killedHelperSuite(config, metrics);

  const outcomes: TestOutcome[] = [];
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (test) => outcomes.push({ title: test.fullTitle(), state: 'passed', ms: test.duration ?? 0 }));
    runner.on('pending', (test) => outcomes.push({ title: test.fullTitle(), state: 'skipped', ms: 0 }));
    runner.on('fail', (test, error: Error) =>
      outcomes.push({ title: test.fullTitle(), state: 'failed', ms: test.duration ?? 0, error: error.stack }),
    );
  });
  if (config.resultsFile) {
    const results: TestResults = { outcomes, metrics };
    fs.writeFileSync(config.resultsFile, JSON.stringify(results, null, 2));
  }
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
