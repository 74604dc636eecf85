// The webview transport between two endpoints joined back to back, as postMessage joins the host
// and the view: messages cross as structured clones, asynchronously.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DashboardState } from '../../../src/shared/webviewProtocol';
import {
  ReadyRequest,
  StartCaptureRequest,
  TickNotification,
  WEBVIEW_PROTOCOL_VERSION,
} from '../../../src/shared/webviewProtocol';
import type { WireMessage } from '../../../src/shared/webviewTransport';
import { WebviewEndpoint, WebviewRequestError } from '../../../src/shared/webviewTransport';

function pair() {
  const wire: WireMessage[] = [];
  // eslint-disable-next-line prefer-const
  let host: WebviewEndpoint;
  const view: WebviewEndpoint = new WebviewEndpoint((message) => {
    wire.push(message);
    setImmediate(() => host.handle(structuredClone(message)));
  });
  host = new WebviewEndpoint((message) => {
    wire.push(message);
    setImmediate(() => view.handle(structuredClone(message)));
  });
  return { host, view, wire };
}

const state: DashboardState = {
  mode: 'live',
  bandwidth: [],
  interfaces: [],
  captureStatus: { available: true },
  recording: false,
  devices: [{ ip: '10.0.0.1', hostname: '<img src=x onerror=alert(1)>' }],
  packetCount: 0,
};

test('a request is answered by the handler on the other side, matched by id', async () => {
  const { host, view, wire } = pair();
  host.onRequest(ReadyRequest.type, (params) => {
    assert.equal(params.protocolVersion, WEBVIEW_PROTOCOL_VERSION);
    return state;
  });
  const [a, b] = await Promise.all([
    view.sendRequest(ReadyRequest.type, { protocolVersion: WEBVIEW_PROTOCOL_VERSION }),
    view.sendRequest(ReadyRequest.type, { protocolVersion: WEBVIEW_PROTOCOL_VERSION, restoredCaptureId: 'c1' }),
  ]);
  assert.deepEqual(a, state);
  assert.deepEqual(b, state);
  const ids = wire.filter((m) => m.lanLens === 'request').map((m) => (m as { id: number }).id);
  assert.equal(new Set(ids).size, 2);
});

test('a handler that throws answers with its message and fix', async () => {
  const { host, view } = pair();
  host.onRequest(StartCaptureRequest.type, async () => {
    await Promise.resolve();
    throw new WebviewRequestError('no privilege to capture on eth0', 'sudo setcap cap_net_raw+eip node');
  });
  await assert.rejects(view.sendRequest(StartCaptureRequest.type, { interface: 'eth0', filter: '' }), {
    name: 'WebviewRequestError',
    message: 'no privilege to capture on eth0',
    fix: 'sudo setcap cap_net_raw+eip node',
  });
});

test('a request nobody handles fails with the method named', async () => {
  const { view } = pair();
  await assert.rejects(view.sendRequest(StartCaptureRequest.type, { interface: 'lo', filter: '' }), /capture\/start/);
});

test('notifications reach every subscriber until it unsubscribes; a throwing one is reported', async () => {
  const { host, view } = pair();
  const seen: number[] = [];
  const errors: string[] = [];
  const other = new WebviewEndpoint(
    () => undefined,
    (_error, method) => errors.push(method),
  );
  const off = view.onNotification(TickNotification.type, (tick) => seen.push(tick.bandwidth?.time ?? -1));
  view.onNotification(TickNotification.type, () => seen.push(0));
  host.sendNotification(TickNotification.type, { bandwidth: { time: 5, interfaces: [] } });
  await new Promise((resolve) => setImmediate(resolve));
  off();
  host.sendNotification(TickNotification.type, { bandwidth: { time: 6, interfaces: [] } });
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(seen, [5, 0, 0]);
  other.onNotification(TickNotification.type, () => {
    throw new Error('boom');
  });
  other.handle({ lanLens: 'notification', method: TickNotification.method, params: {} });
  assert.deepEqual(errors, [TickNotification.method]);
});

test('foreign and malformed messages are ignored', () => {
  const endpoint = new WebviewEndpoint(() => assert.fail('nothing should be answered'));
  for (const message of [
    null,
    'x',
    { type: 'ready' },
    { lanLens: 'request', id: '1', method: 'x' },
    { lanLens: 'response', id: 1, error: 'x' },
  ]) {
    assert.equal(endpoint.handle(message), false);
  }
});

test('dispose rejects the requests still waiting', async () => {
  const endpoint = new WebviewEndpoint(() => undefined);
  const waiting = endpoint.sendRequest(ReadyRequest.type, { protocolVersion: 1 });
  endpoint.dispose();
  await assert.rejects(waiting, /closed/);
  await assert.rejects(endpoint.sendRequest(ReadyRequest.type, { protocolVersion: 1 }), /closed/);
});
