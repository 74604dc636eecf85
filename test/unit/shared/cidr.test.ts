import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CidrError,
  cidrContains,
  confirmationReasons,
  formatIpv4,
  hostAddresses,
  isPrivateOrLinkLocal,
  parseCidr,
  parseIpv4,
} from '../../../src/shared/cidr';

describe('parseIpv4', () => {
  const cases: [string, number | undefined][] = [
    ['0.0.0.0', 0],
    ['10.213.0.1', 0x0ad50001],
    ['255.255.255.255', 0xffffffff],
    [' 192.168.1.7 ', 0xc0a80107],
    ['256.1.1.1', undefined],
    ['1.2.3', undefined],
    ['1.2.3.4.5', undefined],
    ['01.2.3.4', undefined],
    ['a.b.c.d', undefined],
    ['', undefined],
    ['1..2.3', undefined],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} → ${expected}`, () => assert.equal(parseIpv4(text), expected));
  }
  it('formats back', () => assert.equal(formatIpv4(0xc0a80107), '192.168.1.7'));
});

describe('parseCidr', () => {
  const good: [string, string, number][] = [
    ['10.213.0.0/24', '10.213.0.0/24', 256],
    ['10.213.0.77/24', '10.213.0.0/24', 256],
    ['192.168.1.5', '192.168.1.5/32', 1],
    ['0.0.0.0/0', '0.0.0.0/0', 2 ** 32],
    ['172.16.5.4/12', '172.16.0.0/12', 2 ** 20],
    ['10.0.0.1/31', '10.0.0.0/31', 2],
  ];
  for (const [text, canonical, size] of good) {
    it(`${text} → ${canonical}`, () => {
      const cidr = parseCidr(text);
      assert.equal(cidr.text, canonical);
      assert.equal(cidr.size, size);
    });
  }
  const bad: [string, RegExp][] = [
    ['10.213.0.0/33', /prefix length/],
    ['10.213.0.0/-1', /prefix length/],
    ['10.213.0.0/', /prefix length/],
    ['10.213.0/24', /not an IPv4 address/],
    ['10.213.0.0/24/1', /not a subnet/],
    ['', /not a subnet/],
    ['eth0', /not an IPv4 address/],
  ];
  for (const [text, message] of bad) {
    it(`rejects ${JSON.stringify(text)}`, () =>
      assert.throws(
        () => parseCidr(text),
        (error: Error) => error instanceof CidrError && message.test(error.message),
      ));
  }
});

describe('hostAddresses', () => {
  it('skips network and broadcast in a /24', () => {
    const hosts = hostAddresses(parseCidr('10.213.0.0/24'));
    assert.equal(hosts.length, 254);
    assert.equal(formatIpv4(hosts[0]), '10.213.0.1');
    assert.equal(formatIpv4(hosts[253]), '10.213.0.254');
  });
  it('keeps both addresses of a /31 and the one of a /32', () => {
    assert.deepEqual(hostAddresses(parseCidr('10.0.0.0/31')).map(formatIpv4), ['10.0.0.0', '10.0.0.1']);
    assert.deepEqual(hostAddresses(parseCidr('10.0.0.9/32')).map(formatIpv4), ['10.0.0.9']);
  });
  it('counts a /16', () => assert.equal(hostAddresses(parseCidr('10.1.0.0/16')).length, 65534));
});

describe('containment and confirmation', () => {
  it('contains', () => {
    const cidr = parseCidr('10.213.0.0/24');
    assert.ok(cidrContains(cidr, '10.213.0.200'));
    assert.ok(!cidrContains(cidr, '10.213.1.1'));
    assert.ok(!cidrContains(cidr, 'garbage'));
  });
  const cases: [string, boolean, number][] = [
    ['10.213.0.0/24', true, 0],
    ['192.168.0.0/16', true, 0],
    ['169.254.0.0/16', true, 0],
    ['172.31.255.0/24', true, 0],
    ['172.32.0.0/24', false, 1],
    ['10.0.0.0/8', true, 1],
    ['8.8.8.0/24', false, 1],
    ['0.0.0.0/0', false, 2],
    ['192.0.2.0/24', false, 1],
  ];
  for (const [text, local, reasons] of cases) {
    it(`${text}: local=${local}, ${reasons} reason(s)`, () => {
      const cidr = parseCidr(text);
      assert.equal(isPrivateOrLinkLocal(cidr), local);
      assert.equal(confirmationReasons(cidr).length, reasons);
    });
  }
});
