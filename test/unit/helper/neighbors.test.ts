import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseProcNetArp } from '../../../src/helper/os/neighbors';
import { parseOpenFileLimit } from '../../../src/helper/os/openFileLimit';

const PROC_NET_ARP = `IP address       HW type     Flags       HW address            Mask     Device
10.213.0.11      0x1         0x2         b8:27:eb:00:00:11     *        br-t
10.213.0.12      0x1         0x0         00:00:00:00:00:00     *        br-t
10.213.0.13      0x1         0x6         00:0C:29:00:00:13     *        br-t
192.0.2.1        0x1         0x2         02:fc:00:00:00:02     *        eth0
garbage line
`;

describe('kernel neighbour table', () => {
  it('keeps complete entries only, with normalised MACs', () => {
    assert.deepEqual(parseProcNetArp(PROC_NET_ARP), [
      { ip: '10.213.0.11', mac: 'b8:27:eb:00:00:11', interface: 'br-t' },
      { ip: '10.213.0.13', mac: '00:0c:29:00:00:13', interface: 'br-t' },
      { ip: '192.0.2.1', mac: '02:fc:00:00:00:02', interface: 'eth0' },
    ]);
  });
  it('survives an empty table', () => assert.deepEqual(parseProcNetArp(''), []));
});

describe('open file limit', () => {
  it('reads the soft limit', () => {
    const text =
      'Limit                     Soft Limit           Hard Limit           Units\nMax open files            1024                 524288               files\n';
    assert.equal(parseOpenFileLimit(text), 1024);
  });
  it('is undefined for unlimited or missing', () => {
    assert.equal(
      parseOpenFileLimit('Max open files            unlimited            unlimited            files'),
      undefined,
    );
    assert.equal(parseOpenFileLimit(''), undefined);
  });
});
