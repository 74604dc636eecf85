// DNS over TCP: the version.bind query nmap's DNSVersionBindReqTCP sends, and the answers of real
// servers read as nmap reads them (dnsmasq-2.90 is dnsmasq 2.90), refusals still a DNS server,
// and nothing else taken for DNS.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as dnsPacket from 'dns-packet';
import { dnsProduct } from '../../../../src/helper/identify/services/protocols/dnsVersion';
import { dns, parseDnsTcpAnswer } from '../../../../src/helper/identify/services/protocols/dns';
import { parseAnswer, probesForPort } from '../../../../src/helper/identify/services/probes';

const context = { ip: '10.213.250.10', port: 53 };

/** A server's answer to the probe: `text` as version.bind, or `rcode` alone. */
function answer({ text, rcode = 0, id = 6 }: { text?: string; rcode?: number; id?: number }): Buffer {
  return dnsPacket.streamEncode({
    type: 'response',
    id,
    flags: dnsPacket.AUTHORITATIVE_ANSWER | rcode,
    questions: [{ type: 'TXT', class: 'CH', name: 'version.bind' }],
    answers: text === undefined ? [] : [{ type: 'TXT', class: 'CH', name: 'version.bind', ttl: 0, data: text }],
  });
}

test('the probe: a length-prefixed CHAOS TXT query for version.bind, first for port 53', () => {
  const query = Buffer.from(dns.request!(context));
  assert.equal(query.readUInt16BE(0), query.length - 2);
  const decoded = dnsPacket.streamDecode(query);
  assert.deepEqual(decoded.questions, [{ type: 'TXT', class: 'CH', name: 'version.bind' }]);
  assert.equal(probesForPort(53)[0]?.id, 'dns');
  assert.equal(dns.complete!(query.subarray(0, 10)), false);
  assert.equal(dns.complete!(query), true);
});

test('answers: the server and version nmap names, refusals, and what is not DNS', () => {
  const cases: [Buffer, ReturnType<typeof parseDnsTcpAnswer>][] = [
    [answer({ text: 'dnsmasq-2.90' }), { name: 'domain', product: 'dnsmasq', version: '2.90', confidence: 1 }],
    [
      answer({ text: '9.18.28-1~deb12u2-Debian' }),
      { name: 'domain', product: 'ISC BIND', version: '9.18.28-1~deb12u2-Debian', confidence: 1 },
    ],
    [answer({ text: 'unbound 1.17.1' }), { name: 'domain', product: 'Unbound', version: '1.17.1', confidence: 1 }],
    [
      answer({ text: 'none of your business' }),
      { name: 'domain', confidence: 0.9, extraInfo: 'none of your business' },
    ],
    [answer({ rcode: 5 }), { name: 'domain', confidence: 0.9, extraInfo: 'generic dns response: REFUSED' }],
    [answer({ text: 'dnsmasq-2.90', id: 7 }), undefined],
    [Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'), undefined],
    [Buffer.from([0, 1, 0]), undefined],
  ];
  for (const [bytes, expected] of cases) assert.deepEqual(parseDnsTcpAnswer(bytes), expected);
  assert.equal(parseAnswer(answer({ text: 'dnsmasq-2.90' }), context)?.product, 'dnsmasq');
  assert.equal(dnsProduct(undefined), undefined);
});
