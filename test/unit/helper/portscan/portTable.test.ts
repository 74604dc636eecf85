// The port table's service names are IANA's. That its "top N" lists equal nmap's --top-ports N is
// checked against nmap itself in test/integration/topPorts.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serviceName } from '../../../../src/helper/portscan/portTable';

test('service names come from the IANA registry', () => {
  assert.equal(serviceName('tcp', 22), 'ssh');
  assert.equal(serviceName('tcp', 80), 'http');
  assert.equal(serviceName('udp', 53), 'domain');
  assert.equal(serviceName('tcp', 6379), 'redis');
  assert.equal(serviceName('tcp', 1), 'tcpmux');
});
