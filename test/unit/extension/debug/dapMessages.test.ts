import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  asPid,
  debugPortOf,
  pidsFromAdapter,
  pidsFromConfiguration,
  pidsFromEditor,
  remoteHostOf,
  resumesOnRequest,
  runChangeOf,
} from '../../../../src/extension/debug/dapMessages';

describe('pids in DAP messages', () => {
  const fromAdapter: [string, unknown, unknown][] = [
    [
      'the process event (debugpy, cppdbg, delve)',
      { type: 'event', event: 'process', body: { name: 'app.py', systemProcessId: 4242, startMethod: 'launch' } },
      [{ pid: 4242, how: 'process event' }],
    ],
    ['a process event without a pid', { type: 'event', event: 'process', body: { name: 'remote' } }, []],
    [
      'js-debug asking for a child session',
      {
        type: 'request',
        command: 'startDebugging',
        arguments: {
          request: 'launch',
          configuration: { type: 'pwa-node', name: 'app.js [623]', __pendingTargetId: 'e7' },
        },
      },
      [{ pid: 623, how: 'js-debug child session' }],
    ],
    [
      'Java’s processId answer',
      { type: 'response', command: 'processId', success: true, body: { processId: 77, shellProcessId: 76 } },
      [
        { pid: 77, how: 'processId request' },
        { pid: 76, how: 'processId request' },
      ],
    ],
    ['a stopped event', { type: 'event', event: 'stopped', body: { reason: 'breakpoint' } }, []],
    ['garbage', 'nonsense', []],
  ];
  for (const [name, message, expected] of fromAdapter)
    it(`from the adapter: ${name}`, () => assert.deepEqual(pidsFromAdapter(message), expected));

  const fromEditor: [string, unknown, unknown][] = [
    [
      'the answer to runInTerminal',
      { type: 'response', command: 'runInTerminal', success: true, body: { processId: 900, shellProcessId: 899 } },
      [
        { pid: 900, how: 'runInTerminal process' },
        { pid: 899, how: 'runInTerminal shell' },
      ],
    ],
    ['a failed runInTerminal', { type: 'response', command: 'runInTerminal', success: false, body: {} }, []],
    [
      'an attach by pid, as text',
      { type: 'request', command: 'attach', arguments: { processId: '1234' } },
      [{ pid: 1234, how: 'attach arguments' }],
    ],
    [
      'an attach to ${command:pickProcess} unresolved',
      { type: 'request', command: 'attach', arguments: { processId: '${command:pickProcess}' } },
      [],
    ],
  ];
  for (const [name, message, expected] of fromEditor)
    it(`from the editor: ${name}`, () => assert.deepEqual(pidsFromEditor(message), expected));

  it('from configurations: an attach’s processId and a js-debug child’s name', () => {
    assert.deepEqual(pidsFromConfiguration({ request: 'attach', processId: 55 }), [
      { pid: 55, how: 'attach arguments' },
    ]);
    assert.deepEqual(pidsFromConfiguration({ request: 'launch', processId: 55 }), []);
    assert.deepEqual(pidsFromConfiguration({ type: 'pwa-node', name: 'child.js [624]', __pendingTargetId: 'x' }), [
      { pid: 624, how: 'js-debug child session' },
    ]);
    assert.deepEqual(pidsFromConfiguration({ type: 'node', name: 'My launch [3]' }), [], 'a user’s name is not a pid');
  });

  it('takes only real pids', () => {
    assert.deepEqual(
      [asPid(1), asPid('22'), asPid(0), asPid(-3), asPid(1.5), asPid('x'), asPid(2 ** 40)],
      [1, 22, undefined, undefined, undefined, undefined, undefined],
    );
  });
});

describe('debug ports, remote programs and runs', () => {
  it('finds the debug port of an attach', () => {
    assert.equal(debugPortOf({ request: 'attach', port: 9229 }), 9229);
    assert.equal(debugPortOf({ request: 'attach', connect: { host: 'localhost', port: '5678' } }), 5678);
    assert.equal(debugPortOf({ request: 'launch', port: 9229 }), undefined);
    assert.equal(debugPortOf({ request: 'attach', port: 70000 }), undefined);
  });

  it('tells a remote program from a local one', () => {
    assert.equal(remoteHostOf({ address: '10.1.2.3' }), '10.1.2.3');
    assert.equal(remoteHostOf({ connect: { host: 'devbox' } }), 'devbox');
    for (const host of ['localhost', '127.0.0.1', '127.0.1.1', '::1', ''])
      assert.equal(remoteHostOf({ host }), undefined, host);
    assert.equal(remoteHostOf({ request: 'launch' }), undefined);
  });

  it('reads pauses, resumes and ends', () => {
    assert.equal(runChangeOf({ type: 'event', event: 'stopped' }), 'stopped');
    assert.equal(runChangeOf({ type: 'event', event: 'continued' }), 'continued');
    assert.equal(runChangeOf({ type: 'event', event: 'terminated' }), 'ended');
    assert.equal(runChangeOf({ type: 'event', event: 'output' }), undefined);
    assert.equal(resumesOnRequest({ type: 'request', command: 'next' }), true);
    assert.equal(resumesOnRequest({ type: 'request', command: 'threads' }), false);
  });
});
