import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NotificationType, RequestType } from 'vscode-jsonrpc/node';
import { DebugSessionTraffic } from '../../../../src/extension/debug/debugSessionTraffic';
import type { WatchHelper } from '../../../../src/extension/sockets/socketWatchClient';
import type { DebugSessionView } from '../../../../src/shared/socketsViewProtocol';
import { PortOwnerRequest, SocketsWatchRequest } from '../../../../src/shared/socketsProtocol';
import { processesTick } from '../../../fixtures/socketFixtures';

function fakeHelper(portOwner?: number) {
  const requests: { method: string; params: Record<string, unknown> }[] = [];
  const api = {
    request: <P, R>(type: RequestType<P, R, void>, params: P) => {
      requests.push({ method: type.method, params: params as Record<string, unknown> });
      if (type.method === PortOwnerRequest.method)
        return Promise.resolve((portOwner ? { pid: portOwner, name: 'node' } : {}) as R);
      return Promise.resolve({ ...processesTick(1), watchId: (params as { watchId: string }).watchId } as R);
    },
    onNotification: <P>(_type: NotificationType<P>, _listener: (params: P) => void) => ({ dispose: () => undefined }),
    onDidStart: () => ({ dispose: () => undefined }),
  } as WatchHelper;
  return { api, requests };
}

function session(configuration: unknown, helper: WatchHelper, capture = false) {
  const views: DebugSessionView[] = [];
  const traffic = new DebugSessionTraffic(
    helper,
    { id: 's', name: 'Launch', type: 'pwa-node', configuration },
    { changed: (view) => views.push(view), tick: () => {}, reset: () => {} },
    { capture: () => ({ active: capture }), fallbackMs: 20, now: () => 1000 },
  );
  return { traffic, views };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 60));

describe('DebugSessionTraffic', () => {
  it('watches the tree of the pids the adapter names; sockets only without capture, exact with it', async () => {
    const helper = fakeHelper();
    const { traffic, views } = session({ request: 'launch' }, helper.api);
    traffic.start();
    assert.equal(views.at(-1)?.attribution, 'unscoped');
    traffic.learn([{ pid: 623, how: 'js-debug child session' }]);
    traffic.learn([{ pid: 623, how: 'process event' }]);
    await settle();
    const watches = helper.requests.filter((request) => request.method === SocketsWatchRequest.method);
    assert.equal(watches.length, 1);
    assert.deepEqual(watches[0].params.pids, [623]);
    assert.equal(watches[0].params.tree, true);
    assert.equal(views.at(-1)?.attribution, 'sockets-only');
    assert.deepEqual(views.at(-1)?.roots, [{ pid: 623, how: 'js-debug child session' }]);
    assert.equal(
      helper.requests.some((request) => request.method === PortOwnerRequest.method),
      false,
    );
    traffic.dispose();
    const { traffic: captured, views: capturedViews } = session(
      { request: 'attach', processId: 7 },
      fakeHelper().api,
      true,
    );
    captured.start();
    assert.equal(capturedViews.at(-1)?.attribution, 'exact');
    captured.dispose();
  });

  it('falls back to the debug port’s owner, then to every process of the user', async () => {
    const owned = fakeHelper(4321);
    const { traffic, views } = session({ request: 'attach', port: 9229 }, owned.api);
    traffic.start();
    await settle();
    assert.deepEqual(owned.requests[0], { method: PortOwnerRequest.method, params: { port: 9229 } });
    assert.equal(views.at(-1)?.attribution, 'by-socket');
    assert.deepEqual(views.at(-1)?.roots, [{ pid: 4321, how: 'debug port owner' }]);
    traffic.dispose();

    const nobody = fakeHelper();
    const unowned = session({ request: 'attach', port: 9229 }, nobody.api);
    unowned.traffic.start();
    await settle();
    assert.equal(unowned.views.at(-1)?.attribution, 'unscoped');
    assert.match(unowned.views.at(-1)?.attributionNote ?? '', /No process of yours listens on the debug port 9229/);
    assert.equal(nobody.requests.at(-1)?.params.allProcesses, true);
    // A pid learnt later scopes it again.
    unowned.traffic.learn([{ pid: 55, how: 'process event' }]);
    await settle();
    assert.equal(unowned.views.at(-1)?.attribution, 'sockets-only');
    assert.deepEqual(nobody.requests.at(-1)?.params.pids, [55]);
    unowned.traffic.dispose();
  });

  it('shows a remote program unscoped, and says where it runs', () => {
    const helper = fakeHelper();
    const { traffic, views } = session({ request: 'attach', address: '10.9.9.9', port: 9229 }, helper.api);
    traffic.start();
    traffic.learn([{ pid: 12, how: 'process event' }]);
    assert.equal(views.at(-1)?.attribution, 'unscoped');
    assert.match(views.at(-1)?.attributionNote ?? '', /runs on 10\.9\.9\.9/);
    assert.deepEqual(views.at(-1)?.roots, [], 'a remote pid is another machine’s');
    traffic.dispose();
  });

  it('keeps the pauses as bands', () => {
    const { traffic, views } = session({ request: 'launch' }, fakeHelper().api);
    traffic.runChanged('stopped', 100);
    traffic.runChanged('stopped', 150);
    traffic.runChanged('continued', 200);
    traffic.runChanged('continued', 250);
    traffic.runChanged('stopped', 300);
    traffic.runChanged('ended', 400);
    assert.deepEqual(views.at(-1)?.pauses, [
      { start: 100, end: 200 },
      { start: 300, end: 400 },
    ]);
    assert.equal(views.at(-1)?.ended, true);
    traffic.dispose();
  });
});
