import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as dnsPacket from 'dns-packet';
import { parseEndpoint } from '../../../../src/helper/cli/identifyCommand';
import { nodeStatusQuery, parseNodeStatus } from '../../../../src/helper/identify/os/netbiosStatus';
import { HostTiming } from '../../../../src/helper/identify/services/hostTiming';
import { cleanField, printable } from '../../../../src/helper/identify/services/printable';
import { certificateInfo, splitAltNames } from '../../../../src/helper/identify/services/protocols/tls';
import { tunnelledName } from '../../../../src/shared/ports/serviceNames';
import { identifyUdpAnswer } from '../../../../src/helper/identify/services/udpAnswers';

describe('printable banners', () => {
  it('escapes control, backslash and non-ASCII bytes', () => {
    assert.equal(printable(Buffer.from('a\r\n\t\x1b[0m\\\xff', 'latin1')), 'a\\r\\n\\t\\x1b[0m\\\\\\xff');
  });
  it('caps the length with an ellipsis', () => {
    const text = printable(Buffer.alloc(10_000, 0x41), 64);
    assert.equal(text.length, 64);
    assert.ok(text.endsWith('…'));
  });
  it('cleans fields of controls and bidi overrides, folding spaces', () => {
    assert.equal(cleanField(' a\u202e b\x07\n c '), 'a b c');
    assert.equal(cleanField('\x00\x01'), undefined);
  });
});

describe('TLS certificate fields', () => {
  const pem = path.join(__dirname, '..', '..', '..', 'fixtures', 'identify', 'selfSigned.pem');
  const info = certificateInfo(new X509Certificate(readFileSync(pem)), 'TLSv1.3', 'http/1.1');

  it('tells a self-signed certificate', () => {
    assert.equal(info.selfSigned, true);
    assert.equal(info.subject, 'CN=printer.lab, O=LAN Lens test');
    assert.equal(info.issuer, info.subject);
    assert.equal(info.alpn, 'http/1.1');
  });
  it('splits alternative names, keeping quoted commas', () => {
    assert.deepEqual(splitAltNames('DNS:a.lab, IP Address:10.0.0.1, DirName:"CN=x, O=y"'), [
      'DNS:a.lab',
      'IP Address:10.0.0.1',
      'DirName:"CN=x, O=y"',
    ]);
  });
});

describe('names inside TLS', () => {
  for (const [plain, secure] of [
    ['http', 'https'],
    ['imap', 'imaps'],
    ['mqtt', 'secure-mqtt'],
    ['redis', 'ssl/redis'],
    [undefined, 'ssl'],
  ] as const) {
    it(`${plain} → ${secure}`, () => assert.equal(tunnelledName(plain), secure));
  }
});

/** A node-status answer as Samba's nmbd builds it: FILESERVER <00>, <20>, WORKGROUP <00> group. */
function nodeStatusAnswer(names: [string, number, boolean][], mac = [0, 0, 0, 0, 0, 0]): Buffer {
  const header = Buffer.from(
    'abcd8400000000010000000020434b4141414141414141414141414141414141414141414141414141414141410000210001000000000000',
    'hex',
  );
  const entries = names.map(([name, suffix, group]) => {
    const entry = Buffer.alloc(18, 0x20);
    entry.write(name, 0, 'latin1');
    entry[15] = suffix;
    entry.writeUInt16BE(group ? 0x8400 : 0x0400, 16);
    return entry;
  });
  const body = Buffer.concat([Buffer.of(names.length), ...entries, Buffer.from(mac), Buffer.alloc(40)]);
  header.writeUInt16BE(body.length, header.length - 2);
  return Buffer.concat([header, body]);
}

describe('NetBIOS node status', () => {
  it('asks for the wildcard name with an NBSTAT question', () => {
    const query = nodeStatusQuery(0x1234);
    assert.equal(query.length, 50);
    assert.equal(query.subarray(13, 45).toString('latin1'), 'CK' + 'A'.repeat(30));
    assert.equal(query.readUInt16BE(46), 0x21);
  });
  it('reads the name, workgroup and adapter address', () => {
    const status = parseNodeStatus(
      nodeStatusAnswer(
        [
          ['FILESERVER', 0x00, false],
          ['FILESERVER', 0x20, false],
          ['WORKGROUP', 0x00, true],
        ],
        [0x00, 0x15, 0x5d, 0x01, 0x02, 0x03],
      ),
    );
    assert.equal(status?.name, 'FILESERVER');
    assert.equal(status?.workgroup, 'WORKGROUP');
    assert.equal(status?.mac, '00:15:5d:01:02:03');
    assert.equal(status?.names.length, 3);
  });
  it('refuses truncated and hostile answers without throwing', () => {
    const answer = nodeStatusAnswer([['EVIL\x1b[2J', 0, false]]);
    assert.equal(parseNodeStatus(answer)?.name, 'EVIL[2J');
    for (let length = 0; length < 70; length++) parseNodeStatus(answer.subarray(0, length));
    assert.equal(parseNodeStatus(answer.subarray(0, 60)), undefined);
  });
});

describe('UDP answers', () => {
  it('DNS with version.bind', () => {
    const answer = dnsPacket.encode({
      type: 'response',
      id: 6,
      flags: dnsPacket.AUTHORITATIVE_ANSWER,
      questions: [{ type: 'TXT', class: 'CH', name: 'version.bind' }],
      answers: [{ type: 'TXT', class: 'CH', name: 'version.bind', data: 'dnsmasq-2.89' }],
    });
    const info = identifyUdpAnswer(53, answer);
    assert.equal(info.name, 'domain');
    assert.equal(info.extraInfo, 'dnsmasq-2.89');
  });
  it('NTP server mode, version 4', () => {
    const answer = Buffer.alloc(48);
    answer[0] = (4 << 3) | 4;
    assert.deepEqual(
      [identifyUdpAnswer(123, answer).name, identifyUdpAnswer(123, answer).extraInfo],
      ['ntp', 'NTP v4'],
    );
  });
  it('SNMP v2c', () => {
    const answer = Buffer.from('302902010104067075626c6963a21c', 'hex');
    assert.equal(identifyUdpAnswer(161, answer).product, 'SNMPv2c server');
  });
  it('SSDP names its UPnP stack', () => {
    const answer = Buffer.from(
      'HTTP/1.1 200 OK\r\nSERVER: Linux/5.4 UPnP/1.0 MiniUPnPd/2.2\r\nST: upnp:rootdevice\r\n\r\n',
    );
    const info = identifyUdpAnswer(1900, answer);
    assert.equal(info.name, 'upnp');
    assert.equal(info.product, 'Linux/5.4 UPnP/1.0 MiniUPnPd/2.2');
  });
  it('no answer: the port table with low confidence', () => {
    assert.deepEqual(identifyUdpAnswer(161, undefined), { name: 'snmp', method: 'port-table', confidence: 0.2 });
  });
  it('an answer no reader knows keeps its printable bytes', () => {
    const info = identifyUdpAnswer(53, Buffer.from([1, 2, 3]));
    assert.equal(info.method, 'port-table');
    assert.equal(info.banner, '\\x01\\x02\\x03');
  });
});

describe('adaptive waits', () => {
  it('grow with the round trip and stay within the maximum', () => {
    const timing = new HostTiming(2000);
    const before = timing.answerWaitMs();
    for (let i = 0; i < 20; i++) timing.note(300);
    assert.ok(timing.answerWaitMs() > before);
    assert.equal(timing.answerWaitMs(), 2000);
    const fast = new HostTiming(2000);
    fast.note(0.2);
    assert.equal(fast.answerWaitMs(), 500);
    assert.equal(fast.glanceWaitMs(), 50);
    assert.equal(fast.glanceWaitMs(true), 20);
  });
});

describe('lanlens identify arguments', () => {
  it('reads IP:PORT and IP:PORT/udp', () => {
    assert.deepEqual(parseEndpoint('10.0.0.5:22'), { ip: '10.0.0.5', port: 22, protocol: 'tcp' });
    assert.deepEqual(parseEndpoint('10.0.0.5:53/udp'), { ip: '10.0.0.5', port: 53, protocol: 'udp' });
  });
  for (const bad of ['10.0.0.5', '10.0.0.5:0', '10.0.0.5:70000', '300.0.0.1:22', 'host:22', '10.0.0.5:22/sctp']) {
    it(`refuses ${bad}`, () => assert.equal(typeof parseEndpoint(bad), 'string'));
  }
});
