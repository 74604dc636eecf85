import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveScanTarget, ScanInputError } from '../../../src/helper/scan/scanTarget';
import { HelperErrorCode } from '../../../src/shared/helperProtocol';
import type { NetworkInterfaceInfo } from '../../../src/shared/model/network';

const nic = (
  name: string,
  address: string,
  prefixLength: number,
  cidr: string,
  extra: Partial<NetworkInterfaceInfo> = {},
): NetworkInterfaceInfo => ({
  name,
  mac: '02:00:00:00:00:01',
  ipv4: [{ address, prefixLength, cidr }],
  ipv6: [],
  up: true,
  internal: false,
  isDefault: false,
  ...extra,
});
const interfaces = [
  nic('eth0', '192.168.1.20', 24, '192.168.1.0/24', { isDefault: true, gateway: '192.168.1.1' }),
  nic('br-t', '10.213.0.1', 24, '10.213.0.0/24'),
  nic('wg0', '203.0.113.5', 24, '203.0.113.0/24'),
];

describe('resolveScanTarget', () => {
  const good: [string, { cidr?: string; interface?: string; confirmed?: boolean }, string, string, boolean][] = [
    ['a lab subnet finds its interface', { cidr: '10.213.0.0/24' }, 'br-t', '10.213.0.0/24', true],
    ['part of a subnet is still on link', { cidr: '10.213.0.128/25' }, 'br-t', '10.213.0.128/25', true],
    ['no CIDR means the default interface subnet', {}, 'eth0', '192.168.1.0/24', true],
    ['an interface alone means its subnet', { interface: 'br-t' }, 'br-t', '10.213.0.0/24', true],
    ['an off-link private range goes by the default route', { cidr: '10.9.9.0/24' }, 'eth0', '10.9.9.0/24', false],
    ['a confirmed public range is allowed', { cidr: '203.0.113.0/24', confirmed: true }, 'wg0', '203.0.113.0/24', true],
  ];
  for (const [name, request, iface, cidr, onLink] of good) {
    it(name, () => {
      const target = resolveScanTarget({ scanId: 't', ...request }, interfaces, 'eth0');
      assert.equal(target.interface.name, iface);
      assert.equal(target.cidr.text, cidr);
      assert.equal(target.onLink, onLink);
    });
  }

  const bad: [string, { cidr?: string; interface?: string; confirmed?: boolean }, HelperErrorCode, RegExp][] = [
    ['a malformed CIDR', { cidr: '10.213.0.0/40' }, HelperErrorCode.InvalidParams, /prefix length/],
    [
      'a subnet the named interface does not hold',
      { cidr: '10.213.0.0/24', interface: 'eth0' },
      HelperErrorCode.InvalidParams,
      /not on eth0 \(192\.168\.1\.0\/24\)/,
    ],
    [
      'an unknown interface',
      { interface: 'eth9' },
      HelperErrorCode.UnknownInterface,
      /Unknown interface "eth9".*eth0, br-t, wg0/,
    ],
    ['more than a /16', { cidr: '10.0.0.0/14' }, HelperErrorCode.NeedsConfirmation, /more than a \/16/],
    [
      'more than a /12, even confirmed',
      { cidr: '0.0.0.0/0', confirmed: true },
      HelperErrorCode.InvalidParams,
      /at most a \/12/,
    ],
    ['public space', { cidr: '8.8.8.0/24' }, HelperErrorCode.NeedsConfirmation, /outside private/],
  ];
  for (const [name, request, code, message] of bad) {
    it(`refuses ${name}`, () =>
      assert.throws(
        () => resolveScanTarget({ scanId: 't', ...request }, interfaces, 'eth0'),
        (error: unknown) => error instanceof ScanInputError && error.code === code && message.test(error.message),
      ));
  }
});
