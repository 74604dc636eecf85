import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CaptureStartRequest, CaptureTickNotification } from '../../../src/shared/helperProtocol';
import { fakeHelperClient, until } from './fakeHelperClient';

test('every listener of a notification gets it, across helper restarts, until disposed', async () => {
  const { client } = fakeHelperClient();
  const a: number[] = [];
  const b: number[] = [];
  const ended: string[] = [];
  const listenA = client.onNotification(CaptureTickNotification.type, (delta) => a.push(delta.tick));
  client.onNotification(CaptureTickNotification.type, (delta) => b.push(delta.tick));
  client.onDidEndSession((reason) => ended.push(reason));
  try {
    await client.request(CaptureStartRequest.type, { captureId: 'c1', interface: 'ticks' });
    await until(() => a.length === 3 && b.length === 3);
    await client.stop();
    assert.equal(ended.length, 1);
    listenA.dispose();
    // A new helper process: the remaining listener still hears it.
    await client.request(CaptureStartRequest.type, { captureId: 'c2', interface: 'ticks' });
    await until(() => b.length === 6);
    assert.deepEqual(a, [1, 2, 3]);
    assert.deepEqual(b, [1, 2, 3, 1, 2, 3]);
  } finally {
    await client.dispose();
  }
});
