import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ResponseError } from 'vscode-jsonrpc/node';
import { helperCaptureBackend } from '../../../src/extension/capture/captureBackend';
import type { CapturePhase, TrafficUpdate } from '../../../src/extension/capture/captureSession';
import { CaptureSession } from '../../../src/extension/capture/captureSession';
import { HelperErrorCode } from '../../../src/shared/helperProtocol';
import type { PassiveDevice } from '../../../src/shared/model/traffic';
import { fakeHelperClient, until } from './fakeHelperClient';

function observe(session: CaptureSession) {
  const phases: CapturePhase[] = [];
  const updates: TrafficUpdate[] = [];
  const devices: PassiveDevice[] = [];
  session.onDidChangeState((state) => phases.push(state.phase));
  session.onDidUpdate((update) => updates.push(update));
  session.onDidSeeDevices((seen) => devices.push(...seen));
  return { phases, updates, devices };
}

test('start, ticks merged in order, passive devices, stop, save', async () => {
  const { client } = fakeHelperClient();
  const session = new CaptureSession(helperCaptureBackend(client));
  const seen = observe(session);
  try {
    const first = await session.start({ interface: 'ticks', filter: 'udp' });
    assert.equal(first.tick, 0);
    assert.equal(session.state.phase, 'running');
    assert.equal(session.state.filter, 'udp');
    await until(() => session.snapshot?.tick === 3);
    assert.deepEqual(
      seen.updates.map((update) => update.delta?.tick ?? 'whole'),
      ['whole', 1, 2, 3],
    );
    assert.equal(session.snapshot?.counters.packets, 30);
    assert.equal(session.snapshot?.flows[0]?.packetsAtoB, 30);
    assert.deepEqual(
      seen.devices.map((device) => [device.ip, device.hostname]),
      [['10.213.0.7', 'printer']],
    );
    assert.equal(session.unsaved, false, 'a running capture is not "unsaved" yet');
    await session.stop();
    assert.equal(session.state.phase, 'stopped');
    assert.equal(session.snapshot?.running, false);
    assert.equal(session.unsaved, true, 'stopped with a recording never saved: a new start asks first');
    assert.deepEqual(await session.save('/tmp/x.pcap'), { packets: 30, bytes: 3000 });
    assert.equal(session.unsaved, false);
    assert.deepEqual(seen.phases, ['starting', 'running', 'stopping', 'stopped']);
  } finally {
    session.dispose();
    await client.dispose();
  }
});

test('every start takes the capture settings, whoever starts it; no recording, nothing to save', async () => {
  const { client } = fakeHelperClient();
  // What the dashboard's Start button sends is only the interface and the filter (issue 18, item 4).
  const settings = { promiscuous: false, snaplen: 96, record: false };
  const session = new CaptureSession(helperCaptureBackend(client), () => settings);
  try {
    const first = await session.start({ interface: 'ticks', filter: '' });
    assert.equal(first.source.kind === 'live' && first.source.promiscuous, false);
    assert.equal(first.source.kind === 'live' && first.source.snaplen, 96);
    assert.equal(first.counters.recording, undefined);
    assert.equal(session.state.canSave, false);
    await session.stop();
    await assert.rejects(session.save('/tmp/x.pcap'), /no capture to save/);
  } finally {
    session.dispose();
    await client.dispose();
  }
});

test('a lost tick is repaired with a fresh snapshot', async () => {
  const { client } = fakeHelperClient();
  const session = new CaptureSession(helperCaptureBackend(client));
  const seen = observe(session);
  try {
    await session.start({ interface: 'gap' });
    // Ticks 1, 3, 4 arrive: 3 shows the gap, the snapshot stands at 4, and 4 is then stale.
    await until(() => session.snapshot?.tick === 4);
    assert.deepEqual(
      seen.updates.map((update) => update.delta?.tick ?? 'whole'),
      ['whole', 1, 'whole'],
    );
    assert.equal(session.snapshot?.counters.packets, 40);
  } finally {
    session.dispose();
    await client.dispose();
  }
});

test('a refused start leaves the store idle and hands the error with its fix', async () => {
  const { client } = fakeHelperClient();
  const session = new CaptureSession(helperCaptureBackend(client));
  try {
    await assert.rejects(session.start({ interface: 'denied' }), (error: unknown) => {
      assert.ok(error instanceof ResponseError);
      assert.equal(error.code, Number(HelperErrorCode.CaptureUnavailable));
      assert.match(JSON.stringify(error.data), /setcap/);
      return true;
    });
    assert.equal(session.state.phase, 'idle');
    await assert.rejects(session.save('/tmp/x.pcap'), /no capture to save/);
  } finally {
    session.dispose();
    await client.dispose();
  }
});

test('a refused start after a capture keeps that capture saveable', async () => {
  const { client } = fakeHelperClient();
  const session = new CaptureSession(helperCaptureBackend(client));
  try {
    await session.start({ interface: 'ticks' });
    await until(() => session.snapshot?.tick === 3);
    await session.stop();
    const stopped = session.state;
    await assert.rejects(session.start({ interface: 'denied' }), /CAP_NET_RAW/);
    assert.deepEqual(session.state, stopped);
    assert.equal(session.snapshot?.counters.packets, 30);
    assert.deepEqual(await session.save('/tmp/x.pcap'), { packets: 30, bytes: 3000 });
  } finally {
    session.dispose();
    await client.dispose();
  }
});

test('a second start while one runs is refused; the helper going away ends the capture', async () => {
  const { client } = fakeHelperClient();
  const session = new CaptureSession(helperCaptureBackend(client));
  try {
    await session.start({ interface: 'ticks' });
    await assert.rejects(session.start({ interface: 'ticks' }), /already capturing on ticks/);
    await client.stop();
    assert.equal(session.state.phase, 'stopped');
    assert.equal(session.state.canSave, false);
    assert.match(session.state.endReason ?? '', /helper ended/);
  } finally {
    session.dispose();
    await client.dispose();
  }
});

test('a helper killed with SIGKILL mid-capture: the capture ends with the signal, its snapshot stops running, and the restarted helper captures again', async () => {
  const { client } = fakeHelperClient();
  const session = new CaptureSession(helperCaptureBackend(client));
  const { updates } = observe(session);
  try {
    await session.start({ interface: 'ticks' });
    await until(() => session.snapshot?.tick === 3);
    const restarted = new Promise<void>((resolve) => client.onDidStart(resolve));
    const pid = client.pid!;
    process.kill(pid, 'SIGKILL');
    await until(() => session.state.phase === 'stopped');
    assert.equal(session.state.endReason, 'the LAN Lens helper ended (signal SIGKILL)');
    assert.equal(session.state.canSave, false, 'its recording went with it');
    assert.equal(session.snapshot?.running, false);
    assert.equal(updates.at(-1)?.snapshot.running, false, 'the views were told');
    await restarted;
    assert.notEqual(client.pid, pid);
    await session.start({ interface: 'ticks' });
    assert.equal(session.state.phase, 'running');
  } finally {
    session.dispose();
    await client.dispose();
  }
});
