// Issue 18, item 2: every record of a message can point at one long label chain, so that reading
// each name walks the chain again. The work a message costs must stay linear in its length.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppInfo } from '../../../../../src/helper/decode/app/appInfo';
import { APP_PROTOCOL_NAMES } from '../../../../../src/helper/decode/app/appRegistry';
import { decodeApp } from '../../../../../src/helper/decode/app/decodeApp';
import { nameRead } from '../../../../../src/helper/decode/app/dnsName';
import { decodePacket } from '../../../../../src/helper/decode/decodePacket';
import { LinkType } from '../../../../../src/helper/decode/linkType';
import { DecodedPacket } from '../../../../../src/helper/decode/packet';
import { udpFrame } from '../../../../fixtures/appFrames';

/**
 * An mDNS answer of about `size` bytes: one question whose name is a chain of one-byte labels
 * (as long as a name may be read), then as many A records as fit, each named by a pointer to the
 * start of that chain.
 */
function chainMessage(size: number, chainLabels: number): Buffer {
  const header = Buffer.from([0, 0, 0x84, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  const chain = Buffer.alloc(chainLabels * 2 + 1);
  for (let i = 0; i < chainLabels; i++) chain.set([1, 0x61], i * 2);
  const question = Buffer.concat([chain, Buffer.from([0, 1, 0, 1])]);
  const record = Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 120, 0, 4, 10, 0, 0, 1]);
  const records = Math.floor((size - header.length - question.length) / record.length);
  header.writeUInt16BE(records, 6);
  return Buffer.concat([header, question, ...Array.from({ length: records }, () => record)]);
}

function decodeMdns(message: Buffer): AppInfo {
  const frame = udpFrame(5353, 5353, message);
  const packet = new DecodedPacket();
  const app = new AppInfo();
  decodePacket(packet, LinkType.Ethernet, frame, 0, frame.length);
  decodeApp(packet, app);
  assert.equal(APP_PROTOCOL_NAMES[app.protocol], 'mdns');
  return app;
}

describe('DNS name walking cost', () => {
  it('a 60 KB message whose records all point at one long chain walks a bounded number of labels', () => {
    const message = chainMessage(60_000, 500);
    const app = decodeMdns(message);
    // Without the budget each of the ~3,700 records walks 500 labels again: 1.9 million steps.
    assert.ok(nameRead.steps <= 4096 + 2 * message.length + 1, `walked ${nameRead.steps} labels`);
    assert.ok(app.malformed, 'a message that exhausts the budget is malformed');
  });

  it('a real-sized message with shared suffixes stays well inside the budget and decodes whole', () => {
    const message = chainMessage(400, 5);
    const app = decodeMdns(message);
    assert.equal(app.malformed, false);
    assert.equal(app.fields.dns.recordCount, Math.min(message.readUInt16BE(6), app.fields.dns.recordName.length));
    assert.equal(app.fields.dns.recordName[0], 'a.a.a.a.a');
  });
});
