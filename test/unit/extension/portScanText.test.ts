import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  OpenPortTally,
  portScanRequest,
  portScanSummary,
  progressText,
} from '../../../src/extension/ports/portScanText';
import type { HostPorts } from '../../../src/shared/model/ports';

const host = (ip: string, open: number[]): HostPorts => ({
  ip,
  up: true,
  ports: open.map((port) => ({ port, protocol: 'tcp', state: 'open', reason: 'syn-ack' })),
  notShown: {},
});

test('the request carries the choices, a canonical custom spec, and confirmation only when given', () => {
  const request = portScanRequest(
    's1',
    {
      targets: ['10.0.0.5'],
      tcp: { set: 'custom', ranges: ' 80, 22 ,81' },
      udp: false,
      serviceDetection: true,
      osDetection: false,
    },
    { method: 'auto', maxRate: undefined },
    false,
  );
  assert.deepEqual(request, {
    scanId: 's1',
    targets: ['10.0.0.5'],
    tcp: { set: 'custom', ranges: '22,80-81' },
    udp: undefined,
    method: 'auto',
    serviceDetection: true,
    osDetection: false,
    maxRate: undefined,
    confirmed: undefined,
  });
  const confirmed = portScanRequest(
    's2',
    { targets: ['8.8.8.8'], tcp: { set: 'top100' }, udp: true, serviceDetection: false, osDetection: false },
    { method: 'connect', maxRate: 100 },
    true,
  );
  assert.equal(confirmed.confirmed, true);
  assert.equal(confirmed.udp, true);
  assert.equal(confirmed.maxRate, 100);
});

test('progress counts open ports per host as batches replace each other', () => {
  const tally = new OpenPortTally();
  tally.add([host('10.0.0.1', [22]), host('10.0.0.2', [])]);
  tally.add([host('10.0.0.1', [22, 80])]);
  assert.equal(progressText(tally, 1200, 4000), '2 open ports on 1 host · 1,200 of 4,000 probes');
});

test('summary of a scan and of a cancelled one', () => {
  const result = {
    scanId: 's',
    method: 'syn' as const,
    hosts: [host('10.0.0.1', [22, 80]), host('10.0.0.2', [443]), { ...host('10.0.0.3', []), up: false }],
    cancelled: false,
    warnings: [],
    durationMs: 1234,
    probesSent: 3000,
  };
  assert.equal(portScanSummary(result), 'LAN Lens: 3 open ports on 2 of 2 hosts up (SYN scan) in 1.2 s');
  assert.equal(
    portScanSummary({ ...result, cancelled: true }),
    'LAN Lens: port scan cancelled after 1.2 s; 3 open ports on 2 of 2 hosts up so far',
  );
});
