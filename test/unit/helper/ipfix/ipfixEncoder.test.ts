import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ENCODER_OPTIONS, IpfixEncoder, IpfixFlowRecord } from '../../../../src/helper/ipfix/ipfixEncoder';
import { IPV4_TEMPLATE, IPV6_TEMPLATE, TEMPLATES } from '../../../../src/helper/ipfix/ipfixTemplates';
import { parseIpv4 } from '../../../../src/shared/cidr';
import { IpfixReader } from './ipfixReader';

const NOW = 1_800_000_000_123;

function collect(options = DEFAULT_ENCODER_OPTIONS) {
  const messages: { message: Buffer; records: number }[] = [];
  const encoder = new IpfixEncoder((message, records) => messages.push({ message, records }), options);
  return { encoder, messages };
}

function v4Record(i: number): IpfixFlowRecord {
  const record = new IpfixFlowRecord();
  record.addresses[3] = parseIpv4('10.0.0.1')!;
  record.addresses[7] = parseIpv4('10.0.0.2')! + i;
  record.sourcePort = 40000 + i;
  record.destinationPort = 443;
  record.protocol = 6;
  record.tcpFlags = 0x1b;
  record.octets = 2 ** 40 + i; // beyond 32 bits: both halves of the unsigned64 matter
  record.packets = 7;
  record.layer2Octets = 2 ** 40 + i + 7 * 14;
  record.startMs = NOW - 5000;
  record.endMs = NOW - 10;
  record.endReason = 2;
  return record;
}

describe('IpfixEncoder', () => {
  it('writes a header, the templates and a data set that a collector reads back field by field', () => {
    const { encoder, messages } = collect();
    encoder.add(v4Record(0), NOW);
    encoder.flush();
    assert.equal(messages.length, 1);
    assert.equal(messages[0].records, 1);
    const decoded = new IpfixReader().read(messages[0].message);
    assert.equal(decoded.version, 10);
    assert.equal(decoded.exportTime, Math.floor(NOW / 1000));
    assert.equal(decoded.sequence, 0);
    assert.equal(decoded.domain, 1);
    assert.deepEqual([...decoded.templates.keys()], [256, 257]);
    assert.deepEqual(
      decoded.templates.get(256),
      IPV4_TEMPLATE.fields.map((f) => [f.id, f.length]),
    );
    assert.deepEqual(decoded.records, [
      {
        templateId: 256,
        sourceIPv4Address: parseIpv4('10.0.0.1'),
        destinationIPv4Address: parseIpv4('10.0.0.2'),
        sourceTransportPort: 40000,
        destinationTransportPort: 443,
        protocolIdentifier: 6,
        tcpControlBits: 0x1b,
        octetDeltaCount: 2 ** 40,
        packetDeltaCount: 7,
        layer2OctetDeltaCount: 2 ** 40 + 98,
        flowStartMilliseconds: NOW - 5000,
        flowEndMilliseconds: NOW - 10,
        flowEndReason: 2,
      },
    ]);
  });

  it('each template record is as long as its fields say', () => {
    for (const template of TEMPLATES) {
      assert.equal(
        template.recordBytes,
        template.fields.reduce((sum, f) => sum + f.length, 0),
      );
    }
    assert.equal(IPV4_TEMPLATE.recordBytes, 56);
    assert.equal(IPV6_TEMPLATE.recordBytes, 80);
  });

  it('IPv6 records go in a set of their own template, in the same message', () => {
    const { encoder, messages } = collect();
    const record = v4Record(0);
    encoder.add(record, NOW);
    record.ipVersion = 6;
    record.addresses.set([0xfd000000, 0, 0, 1, 0xfd000000, 0, 0, 2]);
    encoder.add(record, NOW);
    encoder.flush();
    const decoded = new IpfixReader().read(messages[0].message);
    assert.deepEqual(
      decoded.records.map((r) => [r.templateId, r.sourceIPv6Address ?? r.sourceIPv4Address]),
      [
        [256, parseIpv4('10.0.0.1')],
        [257, 'fd00:0:0:0:0:0:0:1'],
      ],
    );
    assert.equal(decoded.records[1].destinationIPv6Address, 'fd00:0:0:0:0:0:0:2');
  });

  it('splits records over messages below the size limit, numbering records across them', () => {
    const { encoder, messages } = collect();
    for (let i = 0; i < 100; i++) encoder.add(v4Record(i), NOW);
    encoder.flush();
    assert.ok(messages.length > 1);
    const reader = new IpfixReader();
    let expected = 0;
    const ports: number[] = [];
    for (const { message, records } of messages) {
      assert.ok(message.length <= DEFAULT_ENCODER_OPTIONS.maxMessageBytes, `${message.length} bytes`);
      const decoded = reader.read(message);
      assert.equal(decoded.sequence, expected, 'the sequence number counts the records sent before');
      assert.equal(decoded.records.length, records);
      expected += records;
      ports.push(...decoded.records.map((r) => r.sourceTransportPort as number));
    }
    assert.equal(expected, 100);
    assert.deepEqual(
      ports,
      Array.from({ length: 100 }, (_, i) => 40000 + i),
    );
    assert.equal(encoder.sequence, 100);
  });

  it('sends the templates first, then again after the refresh time or message count', () => {
    const options = { ...DEFAULT_ENCODER_OPTIONS, templateRefreshMs: 10_000, templateRefreshMessages: 3 };
    const { encoder, messages } = collect(options);
    encoder.sendTemplates(NOW);
    const send = (at: number) => {
      encoder.add(v4Record(0), at);
      encoder.flush();
    };
    send(NOW + 1000);
    send(NOW + 2000);
    send(NOW + 3000); // the third message since the templates
    send(NOW + 4000);
    send(NOW + 14_000); // the refresh time since the last templates
    const reader = new IpfixReader();
    const withTemplates = messages.map(({ message }) => reader.read(message).templates.size > 0);
    assert.deepEqual(withTemplates, [true, false, false, true, false, true]);
    assert.equal(messages[0].records, 0);
    assert.equal(reader.read(messages[1].message).sequence, 0, 'a template-only message counts no records');
  });

  it('wraps the sequence number at 2^32', () => {
    const { encoder, messages } = collect();
    encoder.sequence = 2 ** 32 - 1;
    encoder.add(v4Record(0), NOW);
    encoder.add(v4Record(1), NOW);
    encoder.flush();
    encoder.add(v4Record(2), NOW);
    encoder.flush();
    const reader = new IpfixReader();
    assert.equal(reader.read(messages[0].message).sequence, 2 ** 32 - 1);
    assert.equal(reader.read(messages[1].message).sequence, 1);
  });

  it('refuses a message size that cannot hold the templates and a record', () => {
    assert.throws(() => collect({ ...DEFAULT_ENCODER_OPTIONS, maxMessageBytes: 100 }), /cannot hold/);
  });
});
