import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { chooseNodeRuntime } from '../../../src/extension/helperClient/nodeRuntime';
import { describeExit, spawnFailure } from '../../../src/extension/helperClient/startErrors';
import { stderrLevel } from '../../../src/extension/helperClient/stderrLevel';

const ext = path.join('/', 'ext');
const runtimeFile = path.join(ext, 'dist', 'runtime.json');

function fakeFs(files: Record<string, string>) {
  return {
    exists: (file: string) => file in files,
    readText: (file: string) => {
      const text = files[file];
      if (text === undefined) throw new Error(`ENOENT ${file}`);
      return text;
    },
  };
}

const cases: Array<{ name: string; setting: string; files: Record<string, string>; command: string; source: string }> =
  [
    {
      name: 'setting wins, even when runtime.json exists',
      setting: '/opt/node/bin/node',
      files: { [runtimeFile]: '{"nodePath":"/usr/bin/node"}', '/usr/bin/node': '' },
      command: '/opt/node/bin/node',
      source: 'setting',
    },
    {
      name: 'runtime.json when its node exists',
      setting: '',
      files: { [runtimeFile]: '{"nodePath":"/usr/bin/node","nodeVersion":"v20.1.0","abi":"115"}', '/usr/bin/node': '' },
      command: '/usr/bin/node',
      source: 'runtime',
    },
    {
      name: 'PATH when runtime.json names a missing node',
      setting: '',
      files: { [runtimeFile]: '{"nodePath":"/gone/node"}' },
      command: 'node',
      source: 'path',
    },
    {
      name: 'PATH when runtime.json is malformed',
      setting: '',
      files: { [runtimeFile]: '{' },
      command: 'node',
      source: 'path',
    },
    { name: 'PATH when there is no runtime.json', setting: '', files: {}, command: 'node', source: 'path' },
  ];

for (const c of cases) {
  test(`chooseNodeRuntime: ${c.name}`, () => {
    const runtime = chooseNodeRuntime(c.setting, ext, fakeFs(c.files));
    assert.equal(runtime.command, c.command);
    assert.equal(runtime.source, c.source);
    if (c.source === 'path') assert.ok(runtime.note, 'explains why it fell back to PATH');
  });
}

test('spawn failures name the setting to fix', () => {
  const enoent = Object.assign(new Error('spawn /bad/node ENOENT'), { code: 'ENOENT' });
  for (const source of ['setting', 'runtime', 'path'] as const) {
    const error = spawnFailure({ command: source === 'path' ? 'node' : '/bad/node', source }, enoent);
    assert.match(error.message, /lanLens\.helper\.nodePath/);
    assert.deepEqual(error.action, { kind: 'openSetting', setting: 'lanLens.helper.nodePath' });
  }
  assert.match(spawnFailure({ command: '/bad/node', source: 'setting' }, enoent).message, /"\/bad\/node".*ENOENT/);
  assert.match(spawnFailure({ command: 'node', source: 'path' }, enoent).message, /no "node" executable on PATH/);
});

test('describeExit and stderrLevel', () => {
  assert.equal(describeExit(1, null), 'exit code 1');
  assert.equal(describeExit(null, 'SIGSEGV'), 'signal SIGSEGV');
  assert.equal(stderrLevel('TypeError: x is not a function'), 'error');
  assert.equal(stderrLevel('    at Object.<anonymous> (/x.js:1:1)'), 'error');
  assert.equal(stderrLevel('(node:123) ExperimentalWarning: something'), 'warn');
});
