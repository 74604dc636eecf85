import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLocallyAdministered, lookupVendor } from '../../../src/helper/identify/oui';

describe('OUI vendor lookup', () => {
  const cases: [string, string | undefined][] = [
    ['b8:27:eb:12:34:56', 'Raspberry Pi Foundation'],
    ['00:0C:29:AA:BB:CC', 'VMware, Inc.'],
    ['3c-5a-b4-00-00-01', 'Google, Inc.'],
    ['00:00:0c:00:00:01', 'Cisco Systems, Inc'],
    ['02:00:00:00:00:01', undefined],
    ['', undefined],
  ];
  for (const [mac, vendor] of cases) it(`${mac} → ${vendor}`, () => assert.equal(lookupVendor(mac), vendor));

  it('prefers a 28-bit (MA-M) block over the 24-bit block that contains it', () => {
    // 70:B3:D5 is the IEEE's own MA-L, sold in 36-bit MA-S blocks: the small block's owner wins.
    const vendor = lookupVendor('70:b3:d5:00:10:00');
    assert.ok(vendor && vendor !== 'IEEE Registration Authority', `got ${vendor}`);
  });

  it('tells locally administered addresses', () => {
    assert.ok(isLocallyAdministered('02:00:00:00:00:01'));
    assert.ok(isLocallyAdministered('1e:0a:1a:94:b9:cd'));
    assert.ok(!isLocallyAdministered('b8:27:eb:00:00:01'));
  });
});
