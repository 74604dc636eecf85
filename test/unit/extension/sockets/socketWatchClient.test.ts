import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NotificationType, RequestType } from 'vscode-jsonrpc/node';
import type { SocketsTick } from '../../../../src/shared/model/sockets';
import {
  SocketsSnapshotRequest,
  SocketsTickNotification,
  SocketsUnwatchRequest,
  SocketsWatchRequest,
} from '../../../../src/shared/socketsProtocol';
import { SocketWatchClient } from '../../../../src/extension/sockets/socketWatchClient';
import type { WatchHelper } from '../../../../src/extension/sockets/socketWatchClient';
import { processesTick } from '../../../fixtures/socketFixtures';

/** A helper that answers watch requests with fixture ticks and records what it was asked. */
class FakeHelper {
  readonly requests: { method: string; params: unknown }[] = [];
  private readonly listeners = new Map<string, (params: unknown) => void>();
  private readonly starts: (() => void)[] = [];
  answer: (method: string, params: unknown) => unknown = () => undefined;

  readonly api: WatchHelper = {
    request: <P, R>(type: RequestType<P, R, void>, params: P) => {
      this.requests.push({ method: type.method, params });
      return Promise.resolve(this.answer(type.method, params) as R);
    },
    onNotification: <P>(type: NotificationType<P>, listener: (params: P) => void) => {
      this.listeners.set(type.method, listener as (params: unknown) => void);
      return { dispose: () => this.listeners.delete(type.method) };
    },
    onDidStart: (listener: () => void) => {
      this.starts.push(listener);
      return { dispose: () => undefined };
    },
  };

  tick(tick: SocketsTick): void {
    this.listeners.get(SocketsTickNotification.method)?.(tick);
  }
  restarted(): void {
    for (const listener of this.starts) listener();
  }
}

function tickOf(watchId: string, number: number): SocketsTick {
  return { ...processesTick(number), watchId };
}

describe('SocketWatchClient', () => {
  it('waits for a root in tree mode, then watches, folds ticks and stops', async () => {
    const helper = new FakeHelper();
    const events: string[] = [];
    const watch = new SocketWatchClient(
      helper.api,
      { tree: true },
      {
        tick: (tick) => events.push(`tick ${tick.tick}`),
        reset: () => events.push('reset'),
        failed: (error) => events.push(`failed ${String(error)}`),
      },
    );
    helper.answer = (method) => (method === SocketsWatchRequest.method ? tickOf(watch.watchId, 1) : undefined);
    await watch.start();
    assert.equal(helper.requests.length, 0, 'no root yet');
    await watch.addRoots([100]);
    assert.deepEqual(helper.requests[0], {
      method: SocketsWatchRequest.method,
      params: { tree: true, watchId: watch.watchId, pids: [100] },
    });
    helper.tick(tickOf(watch.watchId, 2));
    helper.tick(tickOf('someone-else', 3));
    assert.deepEqual(events, ['reset', 'tick 2']);
    assert.equal(watch.state.rows.size, 4);
    watch.dispose();
    assert.equal(helper.requests.at(-1)?.method, SocketsUnwatchRequest.method);
  });

  it('renews the watch with every root after a helper restart, and fills a gap from a snapshot', async () => {
    const helper = new FakeHelper();
    const watch = new SocketWatchClient(
      helper.api,
      { tree: true },
      { tick: () => {}, reset: () => {}, failed: () => {} },
    );
    helper.answer = (method) => tickOf(watch.watchId, method === SocketsSnapshotRequest.method ? 7 : 1);
    await watch.start([100]);
    await watch.addRoots([101, 100]);
    assert.deepEqual(helper.requests[1]?.params, { tree: true, watchId: watch.watchId, pids: [101] });
    helper.restarted();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(helper.requests[2]?.params, { tree: true, watchId: watch.watchId, pids: [100, 101] });
    helper.tick(tickOf(watch.watchId, 5));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(helper.requests[3]?.method, SocketsSnapshotRequest.method);
    assert.equal(watch.state.tickNumber, 7);
  });

  it('reports a watch that fails', async () => {
    const helper = new FakeHelper();
    const failures: unknown[] = [];
    const watch = new SocketWatchClient(
      helper.api,
      { allProcesses: true },
      { tick: () => {}, reset: () => {}, failed: (error) => failures.push(error) },
    );
    helper.answer = () => {
      throw new Error('no sock_diag');
    };
    await watch.start().catch(() => undefined);
    assert.equal(failures.length, 1);
  });
});
