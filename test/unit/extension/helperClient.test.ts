import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { HelperClientEvents } from '../../../src/extension/helperClient/helperClient';
import { HelperClient } from '../../../src/extension/helperClient/helperClient';
import { RestartPolicy } from '../../../src/extension/helperClient/restartPolicy';
import type { ScanProgressParams } from '../../../src/shared/helperProtocol';
import { HELPER_PROTOCOL_VERSION } from '../../../src/shared/helperProtocol';
import type { UserFacingError } from '../../../src/extension/userFacingError';

const fixture = path.join(__dirname, 'fixtures', 'fakeHelper.js');

function harness(mode: string, command = process.execPath) {
  const lines: string[] = [];
  const problems: string[] = [];
  const failures: UserFacingError[] = [];
  const write = (level: string) => (message: string) => void lines.push(`${level}: ${message}`);
  const log = {
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  };
  const events: HelperClientEvents = {
    captureProblem: (problem) => problems.push(problem.code),
    failed: (error) => failures.push(error),
  };
  const client = new HelperClient({
    plan: () => ({
      launch: { command, args: [fixture, 'serve', mode], cwd: __dirname },
      runtime: { command, source: 'setting', env: {} },
    }),
    log,
    logLevel: () => 'debug',
    events,
    restartPolicy: new RestartPolicy({ maxCrashes: 3, initialDelayMs: 20 }),
    timeouts: { initializeMs: 5_000, shutdownMs: 300, exitGraceMs: 300, killGraceMs: 300 },
  });
  return { client, lines, problems, failures };
}

const until = async (condition: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('starts lazily, answers requests with progress, reports capture once, and shuts down cleanly', async () => {
  const { client, lines, problems } = harness('ok');
  assert.equal(client.running, false, 'nothing spawned before the first request');
  const interfaces = await client.listInterfaces();
  assert.equal(interfaces.defaultInterface, 'br-t');
  const progress: ScanProgressParams[] = [];
  const source = new CancellationTokenSource();
  const result = await client.scan({ scanId: 's1', cidr: '10.213.0.0/24' }, source.token, (p) => progress.push(p));
  assert.equal(result.devices.length, 2);
  assert.deepEqual(
    progress.map((p) => [p.scanId, p.found]),
    [['s1', 1]],
  );
  assert.deepEqual(problems, ['no-privilege']);
  assert.ok(lines.includes('info: fake helper up (ok)'), 'log/didLog reaches the log');
  await client.stop();
  assert.equal(client.running, false);
  assert.ok(
    lines.some((line) => /^info: Helper \(pid \d+\) ended with exit code 0/.test(line)),
    lines.join('\n'),
  );
  await client.listInterfaces(); // a new request starts a new helper
  assert.deepEqual(problems, ['no-privilege'], 'capture problem shown once per client');
  await client.dispose();
});

test('cancelling a scan sends JSON-RPC cancellation', async () => {
  const { client } = harness('ok');
  const source = new CancellationTokenSource();
  const running = client.scan({ scanId: 's2', cidr: '10.9.0.0/24' }, source.token, () => source.cancel());
  const result = await running;
  assert.equal(result.cancelled, true);
  await client.dispose();
});

test('a crash restarts with backoff, and a crash loop gives up with one clear error', async () => {
  const { client, failures, lines } = harness('crashAfterInit');
  await client.listInterfaces().catch(() => undefined);
  await until(() => failures.length > 0);
  assert.equal(failures.length, 1);
  assert.match(failures[0]?.message ?? '', /crashed 3 times in 3 minutes .*not restarted automatically/);
  assert.equal(lines.filter((line) => line.includes('Restarting the helper in')).length, 2);
  await client.dispose();
});

test('a helper that ignores shutdown and SIGTERM is killed with its process group', async () => {
  const { client, lines } = harness('stubborn');
  await client.listInterfaces();
  await until(() => lines.some((line) => line.includes('grandchild')));
  const grandchild = Number(/grandchild (\d+)/.exec(lines.find((l) => l.includes('grandchild')) ?? '')?.[1]);
  assert.ok(alive(grandchild));
  await client.stop();
  assert.ok(lines.some((line) => line.includes('sending SIGTERM to its process group')));
  assert.ok(lines.some((line) => line.includes('ignored SIGTERM; sending SIGKILL')));
  await until(() => !alive(grandchild), 2_000);
  await client.dispose();
});

test('a missing node names the setting', async () => {
  const { client } = harness('ok', '/nonexistent/node');
  await assert.rejects(
    client.listInterfaces(),
    /"\/nonexistent\/node" from the setting lanLens\.helper\.nodePath cannot be run \(ENOENT\)/,
  );
  await client.dispose();
});

test('startup failures and protocol mismatches reject with a clear message', async () => {
  const failing = harness('failStart');
  await assert.rejects(failing.client.listInterfaces(), /failed to start: it ended with exit code 1/);
  assert.ok(
    failing.lines.some((line) => line === 'error: [helper] Error: cannot load module'),
    failing.lines.join('\n'),
  );
  await failing.client.dispose();
  const mismatched = harness('badVersion');
  await assert.rejects(
    mismatched.client.listInterfaces(),
    new RegExp(`protocol version 99 but the extension speaks ${HELPER_PROTOCOL_VERSION}\\b`),
  );
  await mismatched.client.dispose();
});

test('a helper dying mid-request fails the request instead of hanging it', async () => {
  const { client } = harness('dieInScan');
  const source = new CancellationTokenSource();
  await assert.rejects(
    client.scan({ scanId: 's3', cidr: '10.9.0.0/24' }, source.token, () => undefined),
    /stopped before answering \(exit code 4\)/,
  );
  await client.dispose();
});
