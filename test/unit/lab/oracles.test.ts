// The lab's oracles must read their tools correctly, or every comparison built on them is void.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseNmapXml } from '../../lab/oracles';
import { organisationKey, ouiOf, vendorMac } from '../../lab/vendors';

// Trimmed from `nmap -sn -n -e llb-scan 10.213.10.0/24 -oX -` (nmap 7.93).
const nmapXml = `<?xml version="1.0" encoding="UTF-8"?>
<nmaprun scanner="nmap" args="nmap -sn -n -e llb-scan 10.213.10.0/24 -oX -">
<host><status state="up" reason="arp-response" reason_ttl="0"/>
<address addr="10.213.10.2" addrtype="ipv4"/>
<address addr="B8:27:EB:00:01:00" addrtype="mac" vendor="Raspberry Pi Foundation"/>
<hostnames>
</hostnames>
<times srtt="337" rttvar="5000" to="100000"/>
</host>
<host><status state="up" reason="localhost-response" reason_ttl="0"/>
<address addr="10.213.10.1" addrtype="ipv4"/>
<hostnames>
</hostnames>
</host>
<host><status state="down" reason="no-response" reason_ttl="0"/>
<address addr="10.213.10.3" addrtype="ipv4"/>
</host>
<host><status state="up" reason="arp-response" reason_ttl="0"/>
<address addr="10.213.10.9" addrtype="ipv4"/>
<address addr="00:0C:29:00:01:01" addrtype="mac"/>
</host>
<runstats><finished time="1" timestr="x" elapsed="1.66"/><hosts up="3" down="1" total="4"/></runstats>
</nmaprun>`;

test('parseNmapXml keeps up hosts only, with lower-case MACs and vendors when given', () => {
  assert.deepEqual(parseNmapXml(nmapXml), [
    { ip: '10.213.10.2', mac: 'b8:27:eb:00:01:00', vendor: 'Raspberry Pi Foundation' },
    { ip: '10.213.10.1', mac: undefined, vendor: undefined },
    { ip: '10.213.10.9', mac: '00:0c:29:00:01:01', vendor: undefined },
  ]);
});

test('vendorMac puts the index in the low three bytes of a real OUI', () => {
  assert.equal(vendorMac('B827EB', 0x100), 'b8:27:eb:00:01:00');
  assert.equal(vendorMac('00000C', 0xabcdef), '00:00:0c:ab:cd:ef');
  assert.equal(ouiOf('b8:27:eb:00:01:00'), 'B827EB');
});

test('organisationKey compares registry spellings by their first word', () => {
  assert.equal(organisationKey('VMware, Inc.'), organisationKey('VMware'));
  assert.equal(organisationKey('Cisco Systems, Inc'), 'cisco');
  assert.notEqual(organisationKey('Intel Corporate'), organisationKey('Apple, Inc.'));
});
