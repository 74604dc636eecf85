// Issue 18, item 9: port-scan progress is sent as deltas and folded back into whole hosts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProgressTracker } from '../../../../src/helper/portscan/portScanProgress';
import type { HostRun } from '../../../../src/helper/portscan/hostRun';
import type { PortScanProgressParams } from '../../../../src/shared/helperProtocol';
import type { HostPorts, PortResult } from '../../../../src/shared/model/ports';
import { mergePortProgress } from '../../../../src/shared/ports/portProgress';

const open = (port: number): PortResult => ({ port, protocol: 'tcp', state: 'open', reason: 'syn-ack' });
const host = (ports: PortResult[], extra: Partial<HostPorts> = {}): HostPorts => ({
  ip: '10.213.0.5',
  up: true,
  ports,
  notShown: {},
  ...extra,
});

test('deltas fold into the whole host: ports added, changed and, once only counted, dropped', () => {
  let known = mergePortProgress(undefined, host([open(80), open(22)]));
  known = mergePortProgress(known, host([open(443), { ...open(80), state: 'closed', reason: 'reset' }]));
  assert.deepEqual(
    known.ports.map((port) => `${port.port}:${port.state}`),
    ['22:open', '80:closed', '443:open'],
  );
  known = mergePortProgress(
    known,
    host([], { notShown: { closed: 30 }, notShownPorts: { tcp: { closed: '1-21,23-79,81-88' } } }),
  );
  assert.deepEqual(
    known.ports.map((port) => port.port),
    [22, 443],
  );
  assert.equal(known.notShown.closed, 30);
});

test('the tracker sends each open port once, however often its host changes', async () => {
  const sent: PortScanProgressParams[] = [];
  const run = { text: '10.213.0.5', tcp: new Map(), udp: new Map() } as unknown as HostRun;
  const tracker = new ProgressTracker(
    's',
    [run],
    { tcpPorts: [1, 2, 3, 4], udpPorts: [] },
    {
      onProgress: (params) => sent.push(params),
      progressIntervalMs: 1,
    },
  );
  const verdict = (port: number) => {
    (run.tcp as Map<number, unknown>).set(port, { state: 'open', reason: 'syn-ack' });
    tracker.changed(run);
  };
  verdict(1);
  verdict(2);
  await new Promise((resolve) => setTimeout(resolve, 20));
  verdict(3);
  await new Promise((resolve) => setTimeout(resolve, 20));
  tracker.stop();
  assert.deepEqual(
    sent.map((update) => update.hosts[0]?.ports.map((port) => port.port)),
    [[1, 2], [3]],
  );
});
