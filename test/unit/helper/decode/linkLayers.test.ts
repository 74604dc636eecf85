// The link layers beyond Ethernet (NFLOG, radiotap and 802.11, PKTAP): their columns and details
// on the hand-made frames, and hostile headers: lengths past the frame, zero-length TLVs, endless
// present-word chains, a PKTAP that names itself. Hostile input must cost time linear in the
// frame and never throw; the reads are counted, not timed, so the proof does not depend on load.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppInfo } from '../../../../src/helper/decode/app/appInfo';
import { decodeApp } from '../../../../src/helper/decode/app/decodeApp';
import { decodePacket } from '../../../../src/helper/decode/decodePacket';
import { dissectPacket } from '../../../../src/helper/decode/dissect/dissectPacket';
import { LinkType } from '../../../../src/helper/decode/linkType';
import { DecodedPacket, NetworkLayer } from '../../../../src/helper/decode/packet';
import { protocolStack } from '../../../../src/helper/decode/protocolStack';
import { packetColumns } from '../../../../src/helper/decode/summary/packetColumns';
import { hex } from '../../../fixtures/handMadeFrames';
import { linkFrames } from '../../../fixtures/linkFrames';
import { countedReads } from './countedReads';

const packet = new DecodedPacket();
const app = new AppInfo();

function decode(linkType: number, bytes: Uint8Array) {
  decodePacket(packet, linkType, bytes, 0, bytes.length);
  decodeApp(packet, app);
  return packet;
}

const frame = (name: string) => linkFrames.find((candidate) => candidate.name.startsWith(name))!;

describe('link layers: columns and details', () => {
  const cases: [string, string, string][] = [
    ['radiotap with an FCS', '802.11', 'Beacon frame, SN=6, FN=0, Flags=........C, BI=100, SSID="LabNet"'],
    ['radiotap with chained', '802.11', 'Probe Request, SN=7, FN=0, Flags=........, SSID=Wildcard (Broadcast)'],
    ['radiotap, 802.11 protected', '802.11', 'QoS Data, SN=3, FN=0, Flags=.p.....T'],
    ['radiotap, 802.11 control frames: ack', '802.11', 'Acknowledgement, Flags=........'],
    ['radiotap, 802.11 null function', '802.11', 'Null function (No data), SN=9, FN=0, Flags=...P...T'],
    ['PKTAP header with no packet', 'PKTAP', 'PKTAP, 108 byte header'],
    ['NFLOG, IPv4', 'UDP', '5000 → 5001 Len=5'],
  ];
  for (const [name, protocol, info] of cases) {
    it(`${name}: ${protocol} ${info}`, () => {
      const { linkType, bytes } = frame(name);
      assert.deepEqual(packetColumns(decode(linkType, bytes), app), { protocol, info });
    });
  }

  it('the details pane names what each header says', () => {
    const values = (name: string) => {
      const { linkType, bytes } = frame(name);
      const layers = dissectPacket(decode(linkType, bytes), app);
      return Object.fromEntries(
        layers.flatMap((layer) => layer.fields.map((f) => [`${layer.name}.${f.name}`, f.value])),
      );
    };
    const nflog = values('NFLOG, IPv4');
    assert.equal(nflog['nflog.Prefix'], 'lanlens: ');
    assert.equal(nflog['nflog.Netfilter hook'], 'Local in (1)');
    assert.equal(nflog['nflog.UID'], '1000');
    const beacon = values('radiotap with an FCS');
    assert.equal(beacon['wlan.mgt.SSID'], 'LabNet');
    assert.equal(beacon['wlan.Frame check sequence'], '0x669c9a7f');
    const radio = values('radiotap, 802.11 data to the AP');
    assert.equal(radio['wlan_radio.Channel'], '1');
    assert.equal(radio['wlan_radio.Signal strength'], '-40 dBm');
    assert.equal(radio['wlan.BSS Id'], '02:00:00:00:00:aa');
    const pktap = values('PKTAP, Ethernet');
    assert.equal(pktap['pktap.Command name'], 'curl');
    assert.equal(pktap['pktap.Interface name'], 'en0');
    assert.equal(pktap['eth.Source'], '02:00:00:00:00:01');
  });

  it('hostile strings (an SSID with a newline and a NUL) are shown escaped and cut at the NUL', () => {
    const beacon = hex(`8000 0000 ffffffffffff 0200000000aa 0200000000aa 0000 0000000000000000 6400 0100
      00 08 61 0a 62 1b 63 00 64 64`);
    const { info } = packetColumns(decode(LinkType.Ieee80211, beacon), app);
    assert.equal(info, 'Beacon frame, SN=0, FN=0, Flags=........, BI=100, SSID="a\\nb\\033c"');
  });
});

describe('link layers: hostile headers', () => {
  it('NFLOG: a TLV longer than the frame cuts it; a zero length ends the walk; neither throws', () => {
    const long = hex('02 00 0001  ff00 0200 00000001');
    assert.equal(decode(LinkType.Nflog, long).truncated, true);
    const zero = hex('02 00 0001  0000 0900 45000014');
    assert.deepEqual(protocolStack(decode(LinkType.Nflog, zero)), ['nflog']);
    assert.equal(packet.truncated, false);
  });

  it('NFLOG: 16,000 empty TLVs cost one step each, and the payload after them is still found', () => {
    const tlvs = Buffer.alloc(64_000);
    for (let at = 0; at < tlvs.length; at += 4) tlvs.writeUInt16LE(4, at);
    const ip = hex('45 00 001c 0001 0000 40 11 0000 0a000001 0a000002 0001 0002 0008 0000');
    const bytes = Buffer.concat([hex('02 00 0001'), tlvs, hex('2000 0900'), ip]);
    const { data, reads } = countedReads(bytes);
    decodePacket(packet, LinkType.Nflog, data, 0, bytes.length);
    assert.deepEqual(protocolStack(packet), ['nflog', 'ip', 'udp']);
    assert.ok(reads() < 2 * bytes.length, `${reads()} reads for ${bytes.length} bytes`);
  });

  it('radiotap: a present-word chain as long as the frame is walked once, decoded and dissected without throwing', () => {
    const bytes = Buffer.alloc(65_535 + 32, 0xff);
    bytes.writeUInt8(0, 0);
    bytes.writeUInt16LE(65_535, 2);
    const { data, reads } = countedReads(bytes);
    decodePacket(packet, LinkType.Ieee80211Radiotap, data, 0, bytes.length);
    assert.ok(reads() < 2 * bytes.length, `${reads()} reads for ${bytes.length} bytes`);
    const layers = dissectPacket(decode(LinkType.Ieee80211Radiotap, bytes), app);
    const radiotap = layers.find((layer) => layer.name === 'radiotap')!;
    assert.ok(radiotap.fields.length < 80, `${radiotap.fields.length} fields listed`);
  });

  it('radiotap: a bad version or length is malformed, a length past the frame truncated', () => {
    assert.equal(decode(LinkType.Ieee80211Radiotap, hex('01 00 0800 00000000 d400 0000 020000000001')).malformed, true);
    assert.equal(decode(LinkType.Ieee80211Radiotap, hex('00 00 0400 00000000')).malformed, true);
    assert.equal(decode(LinkType.Ieee80211Radiotap, hex('00 00 ff00 00000000 d400')).truncated, true);
  });

  it('PKTAP: a length past the frame, a short header, itself as the inner link type, an unknown one', () => {
    const header = Buffer.from(frame('PKTAP, Ethernet').bytes);
    header.writeUInt32LE(0xffffffff, 0);
    assert.equal(decode(LinkType.Pktap, header).truncated, true);
    header.writeUInt32LE(64, 0);
    assert.equal(decode(LinkType.Pktap, header).malformed, true);
    header.writeUInt32LE(108, 0);
    for (const dlt of [LinkType.Pktap, LinkType.User2, 9999]) {
      header.writeUInt32LE(dlt, 8);
      assert.deepEqual(protocolStack(decode(LinkType.Pktap, header)), ['pktap'], `DLT ${dlt}`);
      assert.equal(packet.network, NetworkLayer.None);
      assert.equal(packetColumns(packet, app).protocol, 'PKTAP');
    }
  });

  it('802.11: every frame control value, cut at every length up to a header and a body, never throws', () => {
    const bytes = Buffer.alloc(64, 0xaa);
    for (let fc = 0; fc < 65_536; fc += 7) {
      bytes.writeUInt16BE(fc, 0);
      for (const length of [1, 2, 9, 10, 16, 23, 24, 25, 30, 31, 36, 64]) {
        decodePacket(packet, LinkType.Ieee80211, bytes, 0, length);
        decodeApp(packet, app);
        packetColumns(packet, app);
        if (fc % 91 === 0) dissectPacket(packet, app);
      }
    }
  });
});
