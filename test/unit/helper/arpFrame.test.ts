import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ARP_FRAME_LENGTH, ArpOperation, parseArpFrame, writeArpRequest } from '../../../src/helper/decode/arp';
import { parseIpv4 } from '../../../src/shared/cidr';
import { parseMac } from '../../../src/shared/mac';

const source = parseMac('02:00:00:00:00:01')!;

/** A reply as a host would send it, written byte by byte from RFC 826 rather than with our builder. */
function handMadeReply(vlan = false): Buffer {
  const hex =
    '020000000001' + // destination: us
    'b827eb000011' + // source: the host
    (vlan ? '8100' + '0064' : '') + // optional 802.1Q tag, VLAN 100
    '0806' + // ARP
    '0001' +
    '0800' +
    '06' +
    '04' +
    '0002' + // Ethernet/IPv4, reply
    'b827eb000011' +
    '0ad5000b' + // sender 10.213.0.11
    '020000000001' +
    '0ad50001'; // target: us, 10.213.0.1
  return Buffer.from(hex, 'hex');
}

describe('ARP frames', () => {
  it('writes a broadcast request byte for byte', () => {
    const frame = Buffer.alloc(64, 0xaa);
    const length = writeArpRequest(frame, source, parseIpv4('10.213.0.1')!, parseIpv4('10.213.0.42')!);
    assert.equal(length, ARP_FRAME_LENGTH);
    assert.equal(
      frame.subarray(0, length).toString('hex'),
      'ffffffffffff' +
        '020000000001' +
        '0806' +
        '0001080006040001' +
        '020000000001' +
        '0ad50001' +
        '000000000000' +
        '0ad5002a',
    );
  });

  it('parses its own request back', () => {
    const frame = Buffer.alloc(64);
    writeArpRequest(frame, source, parseIpv4('10.213.0.1')!, parseIpv4('10.213.0.42')!);
    const packet = parseArpFrame(frame, ARP_FRAME_LENGTH);
    assert.deepEqual(packet, {
      operation: ArpOperation.Request,
      senderMac: '02:00:00:00:00:01',
      senderIp: parseIpv4('10.213.0.1'),
      targetMac: '00:00:00:00:00:00',
      targetIp: parseIpv4('10.213.0.42'),
    });
  });

  for (const vlan of [false, true]) {
    it(`parses a hand-made reply${vlan ? ' behind an 802.1Q tag' : ''}`, () => {
      const packet = parseArpFrame(handMadeReply(vlan));
      assert.equal(packet?.operation, ArpOperation.Reply);
      assert.equal(packet?.senderMac, 'b8:27:eb:00:00:11');
      assert.equal(packet?.senderIp, parseIpv4('10.213.0.11'));
      assert.equal(packet?.targetIp, parseIpv4('10.213.0.1'));
    });
  }

  it('honours the captured length, not the buffer size (cap reuses one big buffer)', () => {
    const buffer = Buffer.alloc(65535);
    handMadeReply().copy(buffer);
    assert.ok(parseArpFrame(buffer, 42));
    assert.equal(parseArpFrame(buffer, 41), undefined);
  });

  it('rejects non-ARP, non-Ethernet/IPv4 ARP and truncated frames', () => {
    const ipv4 = handMadeReply();
    ipv4.writeUInt16BE(0x0800, 12);
    assert.equal(parseArpFrame(ipv4), undefined);
    const tokenRing = handMadeReply();
    tokenRing.writeUInt16BE(6, 14);
    assert.equal(parseArpFrame(tokenRing), undefined);
    for (let length = 0; length < 42; length++) assert.equal(parseArpFrame(handMadeReply(), length), undefined);
  });

  it('never throws on random or mutated bytes', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let i = 0; i < 20000; i++) {
      const frame = i % 2 ? handMadeReply(i % 4 === 1) : Buffer.alloc(Math.floor(random() * 80));
      for (let j = 0; j < 4; j++) frame[Math.floor(random() * frame.length)] = Math.floor(random() * 256);
      parseArpFrame(frame, Math.floor(random() * (frame.length + 10)));
    }
  });
});
