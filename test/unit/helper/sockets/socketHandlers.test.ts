import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import type { ResponseError } from 'vscode-jsonrpc/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { checkWatch } from '../../../../src/helper/server/socketHandlers';
import { startProtocolServer } from '../../../../src/helper/server/protocolServer';
import { HelperErrorCode } from '../../../../src/shared/helperProtocol';
import type { SocketsTick } from '../../../../src/shared/model/sockets';
import {
  PortOwnerRequest,
  SocketsSnapshotRequest,
  SocketsTickNotification,
  SocketsUnwatchRequest,
  SocketsWatchRequest,
} from '../../../../src/shared/socketsProtocol';
import type { SocketsWatchParams } from '../../../../src/shared/socketsProtocol';
import { FakeOs, proc, sock } from './fakeOs';

describe('sockets/watch params', () => {
  const bad: [string, unknown][] = [
    ['no watchId', { pids: [1] }],
    ['no pid and not allProcesses', { watchId: 'w', pids: [] }],
    ['a pid that is not one', { watchId: 'w', pids: [0] }],
    ['a pid as text', { watchId: 'w', pids: ['12'] }],
    ['too fast', { watchId: 'w', pids: [1], intervalMs: 10 }],
    ['a fractional interval', { watchId: 'w', pids: [1], intervalMs: 1000.5 }],
    ['tree as text', { watchId: 'w', pids: [1], tree: 'yes' }],
    ['an unknown source', { watchId: 'w', pids: [1], source: 'ebpf' }],
  ];
  for (const [name, params] of bad) {
    it(`refuses ${name}`, () => assert.throws(() => checkWatch(params as SocketsWatchParams), /sockets/));
  }
  it('fills the defaults', () => {
    assert.deepEqual(checkWatch({ watchId: 'w', pids: [5] }), {
      watchId: 'w',
      pids: [5],
      tree: true,
      allProcesses: false,
      intervalMs: 1000,
      source: 'sock_diag',
    });
  });
});

describe('sockets/* over the protocol', () => {
  function pair(os: FakeOs) {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    startProtocolServer({
      input: toServer,
      output: toClient,
      exit: () => undefined,
      sockets: { openSource: () => os, reader: os },
    });
    const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    const ticks: SocketsTick[] = [];
    client.onNotification(SocketsTickNotification.type, (tick) => ticks.push(tick));
    client.listen();
    return { client, ticks };
  }

  it('watches, ticks, adds roots, snapshots and stops', async () => {
    const os = new FakeOs();
    os.table = [proc(10, 1), proc(20, 1)];
    os.fds.set(10, [1]).set(20, [2]);
    os.sockets = [sock(1), sock(2)];
    const { client, ticks } = pair(os);
    const first = await client.sendRequest(SocketsWatchRequest.type, { watchId: 'w', pids: [10], intervalMs: 100 });
    assert.deepEqual(
      first.sockets.map((row) => row.pid),
      [10],
    );
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.ok(ticks.length >= 1 && ticks.every((tick) => tick.watchId === 'w'));
    await client.sendRequest(SocketsWatchRequest.type, { watchId: 'w', pids: [20], intervalMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const snapshot = await client.sendRequest(SocketsSnapshotRequest.type, { watchId: 'w' });
    assert.deepEqual(snapshot.sockets.map((row) => row.pid).sort(), [10, 20]);
    await client.sendRequest(SocketsUnwatchRequest.type, { watchId: 'w' });
    const count = ticks.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(ticks.length, count, 'no tick after unwatch');
    await assert.rejects(
      client.sendRequest(SocketsSnapshotRequest.type, { watchId: 'w' }),
      (error: ResponseError<void>) => error.code === (HelperErrorCode.InvalidParams as number),
    );
    client.dispose();
  });

  it('names the owner of a listening port', async () => {
    const os = new FakeOs();
    os.table = [proc(10, 1, 100, process.getuid?.() ?? 0)];
    os.fds.set(10, [1]);
    os.sockets = [sock(1, { state: 10, localPort: 9229, remoteAddress: '0.0.0.0', remotePort: 0 })];
    const { client } = pair(os);
    assert.deepEqual(await client.sendRequest(PortOwnerRequest.type, { port: 9229 }), { pid: 10, name: 'p10' });
    assert.deepEqual(await client.sendRequest(PortOwnerRequest.type, { port: 9230 }), {});
    await assert.rejects(client.sendRequest(PortOwnerRequest.type, { port: 70000 }));
    client.dispose();
  });
});
