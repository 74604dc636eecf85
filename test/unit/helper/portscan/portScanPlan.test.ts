import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planPortScan } from '../../../../src/helper/portscan/portScanPlan';
import { topPorts } from '../../../../src/helper/portscan/portTable';
import { ScanInputError } from '../../../../src/helper/scan/scanTarget';
import { HelperErrorCode } from '../../../../src/shared/helperProtocol';
import type { PortScanRequest } from '../../../../src/shared/model/ports';

const request = (extra: Partial<PortScanRequest>): PortScanRequest => ({
  scanId: 't',
  targets: ['10.0.0.5'],
  tcp: { set: 'top100' },
  ...extra,
});

function rejects(extra: Partial<PortScanRequest>, code: HelperErrorCode, message: RegExp): void {
  assert.throws(
    () => planPortScan(request(extra)),
    (error: unknown) => error instanceof ScanInputError && error.code === code && message.test(error.message),
  );
}

test('named sets and UDP', () => {
  assert.equal(planPortScan(request({})).tcpPorts.length, 100);
  assert.deepEqual(
    planPortScan(request({ tcp: { set: 'top1000' } })).tcpPorts,
    [...topPorts('tcp', 1000)].sort((a, b) => a - b),
  );
  assert.equal(planPortScan(request({ tcp: { set: 'all' } })).tcpPorts.length, 65535);
  assert.deepEqual(planPortScan(request({ udp: true })).udpPorts, [53, 123, 137, 161, 1900, 5353]);
  assert.deepEqual(planPortScan(request({})).udpPorts, []);
  const custom = planPortScan(request({ tcp: { set: 'custom', ranges: '22,U:53' } }));
  assert.deepEqual([custom.tcpPorts, custom.udpPorts], [[22], [53]]);
  const both = planPortScan(request({ tcp: { set: 'custom', ranges: '22,80' }, udp: true }));
  assert.deepEqual(
    [both.tcpPorts, both.udpPorts],
    [
      [22, 80],
      [22, 80],
    ],
  );
});

test('bad input is InvalidParams naming the bad part', () => {
  rejects({ tcp: { set: 'custom', ranges: '22,65536' } }, HelperErrorCode.InvalidParams, /"65536" in "22,65536"/);
  rejects({ tcp: { set: 'custom' } }, HelperErrorCode.InvalidParams, /needs ranges/);
  rejects({ tcp: { set: 'top5' as 'top100' } }, HelperErrorCode.InvalidParams, /Unknown port set "top5"/);
  rejects({ targets: ['10.0.0.300'] }, HelperErrorCode.InvalidParams, /"10.0.0.300" is not an IPv4 address/);
  rejects({ tcp: { set: 'custom', ranges: 'T:' } }, HelperErrorCode.InvalidParams, /names no port/);
});

test('public targets and more than 65,536 host×port pairs need confirmation', () => {
  rejects({ targets: ['8.8.8.8'] }, HelperErrorCode.NeedsConfirmation, /outside private/);
  rejects(
    { targets: ['10.0.0.0/24'], tcp: { set: 'top1000' } },
    HelperErrorCode.NeedsConfirmation,
    /254 hosts × 1,000 ports/,
  );
  assert.equal(planPortScan(request({ targets: ['8.8.8.8'], confirmed: true })).addresses.length, 1);
  assert.equal(
    planPortScan(request({ tcp: { set: 'all' } })).tcpPorts.length,
    65535,
    'one host, every port: no question',
  );
  assert.equal(planPortScan(request({ targets: ['127.0.0.1'], tcp: { set: 'all' } })).addresses.length, 1);
});
