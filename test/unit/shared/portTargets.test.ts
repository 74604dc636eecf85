import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatIpv4 } from '../../../src/shared/cidr';
import { TargetError, outsidePrivateReasons, parseTargets } from '../../../src/shared/portTargets';

const ips = (targets: string[]) => parseTargets(targets).addresses.map(formatIpv4);

test('addresses, last-octet ranges, full ranges and subnets', () => {
  assert.deepEqual(ips(['10.0.0.5']), ['10.0.0.5']);
  assert.deepEqual(ips(['10.0.0.1-3']), ['10.0.0.1', '10.0.0.2', '10.0.0.3']);
  assert.deepEqual(ips(['10.0.0.254-10.0.1.1']), ['10.0.0.254', '10.0.0.255', '10.0.1.0', '10.0.1.1']);
  assert.deepEqual(ips(['10.0.0.0/30']), ['10.0.0.1', '10.0.0.2'], 'network and broadcast left out, as nmap');
  assert.deepEqual(ips(['10.0.0.2', '10.0.0.0/30']), ['10.0.0.1', '10.0.0.2'], 'unique and sorted');
  assert.equal(ips(['192.168.0.0/16']).length, 65534);
});

test('bad targets name the entry', () => {
  const cases: [string[], RegExp][] = [
    [[], /No target/],
    [['10.0.0'], /"10.0.0" is not an IPv4 address/],
    [['printer.local'], /host names are not looked up/],
    [['10.0.0.9-3'], /must go upward/],
    [['10.0.0.1-x'], /"x" ends no range/],
    [['10.0.0.0/33'], /prefix length/],
    [['10.0.0.0/8'], /at most 65,536/],
  ];
  for (const [input, message] of cases) {
    assert.throws(
      () => parseTargets(input),
      (error: unknown) => error instanceof TargetError && message.test(error.message),
      input.join(' '),
    );
  }
});

test('only private, link-local and loopback targets go without confirmation', () => {
  const reasons = (targets: string[]) => outsidePrivateReasons(parseTargets(targets).entries);
  assert.deepEqual(reasons(['10.1.2.3', '192.168.1.0/24', '172.16.0.1-20', '169.254.1.1', '127.0.0.1']), []);
  assert.equal(reasons(['8.8.8.8']).length, 1);
  assert.match(reasons(['192.168.255.250-192.169.0.3'])[0], /outside private/);
});
