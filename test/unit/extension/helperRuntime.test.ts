import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { planHelperLaunch } from '../../../src/extension/helperClient/helperLaunch';
import { chooseHelperRuntime } from '../../../src/extension/helperClient/helperRuntime';
import { describeExit, spawnFailure } from '../../../src/extension/helperClient/startErrors';
import { stderrLevel } from '../../../src/extension/helperClient/stderrLevel';
import { describeRuntime } from '../../../src/shared/helperProtocol';

const host = '/usr/share/code/code'; // an extension host's execPath: desktop VS Code's Electron

const cases: Array<{ name: string; setting: string; command: string; source: string }> = [
  { name: "VS Code's own runtime when the setting is empty", setting: '', command: host, source: 'host' },
  {
    name: 'the setting wins when set',
    setting: '/opt/node/bin/node',
    command: '/opt/node/bin/node',
    source: 'setting',
  },
];

for (const c of cases) {
  test(`chooseHelperRuntime: ${c.name}`, () => {
    const runtime = chooseHelperRuntime(c.setting, host);
    assert.equal(runtime.command, c.command);
    assert.equal(runtime.source, c.source);
    // Electron runs as plain Node only with this; a Node ignores it, so it is set either way.
    assert.deepEqual(runtime.env, { ELECTRON_RUN_AS_NODE: '1' });
  });
}

test('planHelperLaunch: the host runtime runs dist/helper.js serve with ELECTRON_RUN_AS_NODE=1 and the memory settings', () => {
  const extension = mkdtempSync(path.join(tmpdir(), 'lanlens-ext-'));
  try {
    assert.throws(() => planHelperLaunch(extension, '', host), /helper is missing/);
    mkdirSync(path.join(extension, 'dist'));
    writeFileSync(path.join(extension, 'dist', 'helper.js'), '');
    const { launch, runtime } = planHelperLaunch(extension, '', host);
    assert.deepEqual(launch, {
      command: host,
      args: [
        '--max-semi-space-size=2',
        '--heap-growing-percent=20',
        '--initial-heap-size=64',
        path.join(extension, 'dist', 'helper.js'),
        'serve',
      ],
      cwd: extension,
      env: { ELECTRON_RUN_AS_NODE: '1', MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' },
    });
    assert.equal(runtime.source, 'host');
    assert.equal(planHelperLaunch(extension, '').launch.command, process.execPath, 'defaults to this process');
  } finally {
    rmSync(extension, { recursive: true, force: true });
  }
});

test('a Node started with ELECTRON_RUN_AS_NODE=1 runs scripts as usual', () => {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.env.ELECTRON_RUN_AS_NODE, typeof require)'], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
  });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim(), '1 function');
});

test('describeRuntime names Electron or Node, the ABI and the path', () => {
  const node = { version: 'v24.22.3', abi: '137', execPath: '/opt/node/bin/node' };
  assert.equal(describeRuntime(node), 'Node v24.22.3 (ABI 137) at /opt/node/bin/node');
  assert.equal(
    describeRuntime({ ...node, version: 'v22.17.0', abi: '136', execPath: host, electron: '37.2.0' }),
    `Electron 37.2.0 (Node v22.17.0, ABI 136) at ${host}`,
  );
});

test('spawn failures name the setting to fix', () => {
  const enoent = Object.assign(new Error('spawn /bad/node ENOENT'), { code: 'ENOENT' });
  for (const source of ['setting', 'host'] as const) {
    const error = spawnFailure({ command: '/bad/node', source, env: {} }, enoent);
    assert.match(error.message, /lanLens\.helper\.nodePath/);
    assert.deepEqual(error.action, { kind: 'openSetting', setting: 'lanLens.helper.nodePath' });
  }
  assert.match(
    spawnFailure({ command: '/bad/node', source: 'setting', env: {} }, enoent).message,
    /"\/bad\/node".*ENOENT/,
  );
  assert.match(
    spawnFailure({ command: host, source: 'host', env: {} }, enoent).message,
    /VS Code's own runtime, "\/usr\/share\/code\/code", cannot be run \(ENOENT\)/,
  );
});

test('describeExit and stderrLevel', () => {
  assert.equal(describeExit(1, null), 'exit code 1');
  assert.equal(describeExit(null, 'SIGSEGV'), 'signal SIGSEGV');
  assert.equal(stderrLevel('TypeError: x is not a function'), 'error');
  assert.equal(stderrLevel('    at Object.<anonymous> (/x.js:1:1)'), 'error');
  assert.equal(stderrLevel('(node:123) ExperimentalWarning: something'), 'warn');
});
