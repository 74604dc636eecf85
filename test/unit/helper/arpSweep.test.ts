import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ArpOperation, parseArpFrame } from '../../../src/helper/decode/arp';
import { arpSweep } from '../../../src/helper/scan/arpSweep';
import { formatIpv4, hostAddresses, parseCidr, parseIpv4 } from '../../../src/shared/cidr';
import { parseMac } from '../../../src/shared/mac';
import type { FrameLink } from '../../../src/helper/capture/rawLink';

const OUR_MAC = '02:00:00:00:00:01';
const OUR_IP = parseIpv4('10.213.0.1')!;

interface FakeHost {
  mac: string;
  /** answer only the n-th request and later (1 = the first) */
  answerFrom?: number;
  /** extra MACs that also answer: a duplicate address */
  alsoFrom?: string[];
  delayMs?: number;
}

/** A link that answers ARP requests the way the hosts in `hosts` would, through one reused buffer as cap does. */
function fakeLink(hosts: Map<string, FakeHost>) {
  const buffer = Buffer.alloc(65535);
  const asked = new Map<string, number>();
  let handler: ((frame: Buffer, length: number) => void) | undefined;
  let closed = false;
  const reply = (mac: string, ip: string) => {
    const bytes = Buffer.from(
      OUR_MAC.replace(/:/g, '') +
        mac.replace(/:/g, '') +
        '0806' +
        '0001080006040002' +
        mac.replace(/:/g, '') +
        parseIpv4(ip)!.toString(16).padStart(8, '0') +
        OUR_MAC.replace(/:/g, '') +
        OUR_IP.toString(16).padStart(8, '0'),
      'hex',
    );
    buffer.fill(0xee); // stale bytes from "earlier packets" must not matter
    bytes.copy(buffer);
    handler?.(buffer, bytes.length);
  };
  const link: FrameLink = {
    send(frame, length) {
      const packet = parseArpFrame(frame, length);
      assert.ok(packet && packet.operation === (ArpOperation.Request as number));
      assert.equal(packet.senderMac, OUR_MAC);
      const ip = formatIpv4(packet.targetIp);
      const count = (asked.get(ip) ?? 0) + 1;
      asked.set(ip, count);
      const host = hosts.get(ip);
      if (!host || count < (host.answerFrom ?? 1)) return;
      setTimeout(() => {
        if (closed) return;
        reply(host.mac, ip);
        for (const other of host.alsoFrom ?? []) reply(other, ip);
      }, host.delayMs ?? 0);
    },
    onFrame: (next) => (handler = next),
    close: () => (closed = true),
  };
  return { link, asked };
}

const targets = hostAddresses(parseCidr('10.213.0.0/24')).filter((ip) => ip !== OUR_IP);
const base = { sourceMac: parseMac(OUR_MAC)!, sourceIp: OUR_IP, targets, timeoutMs: 200 };

describe('ARP sweep', () => {
  it('finds every host that answers, with its MAC and an RTT', async () => {
    const hosts = new Map<string, FakeHost>([
      ['10.213.0.11', { mac: 'b8:27:eb:00:00:11' }],
      ['10.213.0.12', { mac: '00:0c:29:00:00:12', delayMs: 5 }],
      ['10.213.0.254', { mac: '3c:5a:b4:00:00:fe' }],
    ]);
    const { link, asked } = fakeLink(hosts);
    const result = await arpSweep({ ...base, link, retries: 2 });
    assert.deepEqual(
      result.answers.map((answer) => [answer.ip, answer.mac]).sort(),
      [...hosts].map(([ip, host]) => [ip, host.mac]).sort(),
    );
    assert.ok(result.answers.every((answer) => answer.rttMs >= 0));
    // Everyone gets the first request; only the silent ones are asked again, once per retry.
    assert.equal(result.sent, 253 + 2 * 250);
    assert.equal(asked.get('10.213.0.11'), 1);
    assert.equal(asked.get('10.213.0.100'), 3);
    assert.equal(asked.has('10.213.0.1'), false);
  });

  it('asks silent hosts again, so a host that misses the first request is still found', async () => {
    const { link } = fakeLink(new Map([['10.213.0.50', { mac: 'b8:27:eb:00:00:50', answerFrom: 3 }]]));
    const withRetries = await arpSweep({ ...base, link, retries: 2 });
    assert.deepEqual(
      withRetries.answers.map((answer) => answer.ip),
      ['10.213.0.50'],
    );
    const { link: again } = fakeLink(new Map([['10.213.0.50', { mac: 'b8:27:eb:00:00:50', answerFrom: 3 }]]));
    const withoutRetries = await arpSweep({ ...base, link: again, retries: 0 });
    assert.deepEqual(withoutRetries.answers, []);
  });

  it('reports an address answered from two MACs', async () => {
    const { link } = fakeLink(new Map([['10.213.0.9', { mac: 'b8:27:eb:00:00:09', alsoFrom: ['00:0c:29:66:66:66'] }]]));
    const result = await arpSweep({ ...base, link, retries: 0 });
    assert.deepEqual(result.conflicts, [{ ip: '10.213.0.9', macs: ['b8:27:eb:00:00:09', '00:0c:29:66:66:66'] }]);
  });

  it('ignores replies for other targets, other addresses and requests', async () => {
    const { link } = fakeLink(new Map([['10.213.1.5', { mac: 'b8:27:eb:00:01:05' }]]));
    const result = await arpSweep({ ...base, link, targets: [parseIpv4('10.213.1.5')!, ...targets], retries: 0 });
    assert.equal(result.answers.length, 1);
    const { link: other } = fakeLink(new Map());
    const empty = await arpSweep({ ...base, link: other, retries: 0 });
    assert.equal(empty.answers.length, 0);
  });

  it('stops when cancelled and says so', async () => {
    const abort = new AbortController();
    const { link } = fakeLink(new Map([['10.213.0.11', { mac: 'b8:27:eb:00:00:11' }]]));
    const result = await arpSweep({
      ...base,
      link,
      retries: 5,
      timeoutMs: 60_000,
      signal: abort.signal,
      onSent: (sent) => sent === 100 && abort.abort(),
    });
    assert.equal(result.cancelled, true);
    assert.equal(result.sent, 100);
  });
});
