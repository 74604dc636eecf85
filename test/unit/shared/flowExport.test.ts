import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCollectorAddress, parseCollectorAddress } from '../../../src/shared/traffic/flowExport';

describe('parseCollectorAddress', () => {
  const good: [string, string, number][] = [
    ['127.0.0.1:9995', '127.0.0.1', 9995],
    [' collector.example:4739 ', 'collector.example', 4739],
    ['nfcapd:2055', 'nfcapd', 2055],
    ['[::1]:4739', '::1', 4739],
    ['[fd00::10]:65535', 'fd00::10', 65535],
  ];
  for (const [text, host, port] of good) {
    it(`reads ${text}`, () => {
      assert.deepEqual(parseCollectorAddress(text), { host, port });
    });
  }
  const bad: [string, RegExp][] = [
    ['', /HOST:PORT.*not an empty text/],
    ['127.0.0.1', /has no port.*4739.*9995/],
    ['127.0.0.1:', /has no port/],
    ['127.0.0.1:0', /"0" .* is not a UDP port \(1-65535\)/],
    ['127.0.0.1:70000', /not a UDP port/],
    ['127.0.0.1:port', /not a UDP port/],
    ['::1:4739', /several colons: put an IPv6 address in brackets/],
    ['[::1]', /has no port/],
    ['[10.0.0.1]:4739', /"10\.0\.0\.1" .* is not a host name or an IP address/],
    ['300.1.1.1:4739', /"300\.1\.1\.1" .* not a host name or an IP address/],
    ['bad_host:4739', /"bad_host" .* not a host name/],
    ['http://x:4739', /several colons/],
  ];
  for (const [text, message] of bad) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      const result = parseCollectorAddress(text);
      assert.equal(typeof result, 'string');
      assert.match(result as string, message);
    });
  }
  it('writes an IPv6 collector back in brackets', () => {
    assert.equal(formatCollectorAddress({ host: '::1', port: 4739 }), '[::1]:4739');
    assert.equal(formatCollectorAddress({ host: '10.0.0.1', port: 9995 }), '10.0.0.1:9995');
  });
});
