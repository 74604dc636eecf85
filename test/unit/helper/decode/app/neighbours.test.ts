// LLDP and CDP against hostile announcements: lengths past the frame, TLVs of no length, address
// counts in the billions. Nothing throws, the reads stay linear in the frame, strings stay bounded.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppInfo } from '../../../../../src/helper/decode/app/appInfo';
import { AppProtocol } from '../../../../../src/helper/decode/app/appRegistry';
import { decodeApp } from '../../../../../src/helper/decode/app/decodeApp';
import { MAX_FIELD_LENGTH } from '../../../../../src/helper/decode/app/text';
import { decodePacket } from '../../../../../src/helper/decode/decodePacket';
import { LinkType } from '../../../../../src/helper/decode/linkType';
import { DecodedPacket } from '../../../../../src/helper/decode/packet';
import { packetColumns } from '../../../../../src/helper/decode/summary/packetColumns';
import { hex } from '../../../../fixtures/handMadeFrames';
import { countedReads } from '../countedReads';

const packet = new DecodedPacket();
const app = new AppInfo();
const LLDP = '0180c200000e 020000000099 88cc';
const CDP_SNAP = 'aaaa03 00000c 2000';

function decode(bytes: Uint8Array): AppInfo {
  decodePacket(packet, LinkType.Ethernet, bytes, 0, bytes.length);
  decodeApp(packet, app);
  return app;
}

/** An 802.3 CDP frame around `body` (the CDP message), its length field filled in. */
function cdpFrame(body: Buffer): Buffer {
  const llc = Buffer.concat([hex(CDP_SNAP), body]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(llc.length);
  return Buffer.concat([hex('01000ccccccc 020000000098'), length, llc]);
}

describe('LLDP and CDP on hostile announcements', () => {
  it('LLDP: a TLV longer than the frame marks it truncated and keeps what came before', () => {
    decode(hex(`${LLDP} 0207 04 020000000099 0a7f 6162`));
    assert.equal(app.protocol, AppProtocol.lldp);
    assert.equal(app.truncated, true);
    assert.equal(app.fields.neighbour.chassisId, '02:00:00:00:00:99');
  });

  it('LLDP: 30,000 zero-length TLVs cost one step each; the End TLV after them still ends it', () => {
    const empty = Buffer.alloc(60_000);
    for (let at = 0; at < empty.length; at += 2) empty.writeUInt16BE(5 << 9, at); // system name, length 0
    const bytes = Buffer.concat([hex(LLDP), empty, hex('0602 0078 0000')]);
    const { data, reads } = countedReads(bytes);
    decodePacket(packet, LinkType.Ethernet, data, 0, bytes.length);
    decodeApp(packet, app);
    assert.equal(app.fields.neighbour.ttl, 120);
    assert.equal(app.truncated, false);
    assert.ok(reads() < 2 * bytes.length, `${reads()} reads for ${bytes.length} bytes`);
  });

  it('LLDP: a 511-byte name is kept whole, escaped in the Info column, and any string is bounded', () => {
    const name = Buffer.alloc(511, 0x41);
    name[0] = 0x0a;
    decode(Buffer.concat([hex(`${LLDP} 0207 04 020000000099 0403 07 3137 0602 0078 0bff`), name, hex('0000')]));
    assert.equal(app.fields.neighbour.systemName.length, 511);
    assert.ok(app.fields.neighbour.systemName.length <= MAX_FIELD_LENGTH);
    assert.match(packetColumns(packet, app).info, /SysN=\\nAAA/);
  });

  it('CDP: a TLV length below its header is malformed, one past the frame truncated', () => {
    decode(cdpFrame(hex('02 b4 0000 0001 0002')));
    assert.equal(app.malformed, true);
    decode(cdpFrame(hex('02 b4 0000 0001 00ff 6162')));
    assert.equal(app.truncated, true);
  });

  it('CDP: an address count of four billion reads only the addresses there are', () => {
    const addresses = hex('0002 0011 ffffffff 01 01 cc 0004 0a000001');
    const bytes = cdpFrame(Buffer.concat([hex('02 b4 0000'), addresses]));
    const { data, reads } = countedReads(bytes);
    decodePacket(packet, LinkType.Ethernet, data, 0, bytes.length);
    decodeApp(packet, app);
    assert.equal(app.fields.neighbour.addressCount, 1);
    assert.ok(reads() < 4 * bytes.length, `${reads()} reads for ${bytes.length} bytes`);
  });

  it('CDP: 300 minimal TLVs (an 802.3 frame holds at most 1,500 bytes) cost one step each, and addresses beyond the cap are not kept', () => {
    const tlvs = Buffer.alloc(1_200);
    for (let at = 0; at < tlvs.length; at += 4) tlvs.writeUInt32BE(0x00990004, at); // unknown type, length 4
    const many = Buffer.concat([
      hex('0016 0062 0000000a'),
      ...Array.from({ length: 10 }, () => hex('01 01 cc 0004 0a000001')),
    ]);
    const bytes = cdpFrame(Buffer.concat([hex('02 b4 0000'), tlvs, many]));
    const { data, reads } = countedReads(bytes);
    decodePacket(packet, LinkType.Ethernet, data, 0, bytes.length);
    decodeApp(packet, app);
    assert.equal(app.fields.neighbour.addressCount, 8);
    assert.ok(reads() < 2 * bytes.length, `${reads()} reads for ${bytes.length} bytes`);
  });
});
