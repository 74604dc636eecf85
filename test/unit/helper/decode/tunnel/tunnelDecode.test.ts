import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppInfo } from '../../../../../src/helper/decode/app/appInfo';
import { decodeApp } from '../../../../../src/helper/decode/app/decodeApp';
import { decodePacket } from '../../../../../src/helper/decode/decodePacket';
import { dissectPacket } from '../../../../../src/helper/decode/dissect/dissectPacket';
import { LinkType } from '../../../../../src/helper/decode/linkType';
import { DecodedPacket } from '../../../../../src/helper/decode/packet';
import { protocolStack } from '../../../../../src/helper/decode/protocolStack';
import { packetAddresses, packetColumns } from '../../../../../src/helper/decode/summary/packetColumns';
import { MAX_TUNNEL_DEPTH } from '../../../../../src/helper/decode/tunnel/tunnelLevel';
import { hex } from '../../../../fixtures/handMadeFrames';
import { tunnelFrames, tunnelId } from '../../../../fixtures/tunnelFrames';

const packet = new DecodedPacket();
const app = new AppInfo();
const frame = (name: string) => tunnelFrames.find((f) => f.name.startsWith(name))!;
const decode = (bytes: Buffer, linkType: number = LinkType.Ethernet) => {
  decodePacket(packet, linkType, bytes, 0, bytes.length);
  decodeApp(packet, app);
  return packet;
};
const pick = (record: DecodedPacket, keys: string[]) =>
  Object.fromEntries(keys.map((key) => [key, (record as unknown as Record<string, unknown>)[key]]));

describe('tunnels: the layers outside each tunnel', () => {
  for (const f of tunnelFrames) {
    it(f.name, () => {
      decode(f.bytes, f.linkType);
      assert.equal(packet.tunnelDepth, f.outer.length, 'tunnels crossed');
      f.outer.forEach((expected, i) => {
        assert.deepEqual(pick(packet.outer[i], Object.keys(expected)), expected, `outer record ${i}`);
      });
    });
  }

  it('a frame without a tunnel after a tunnelled one shows none of its outer records', () => {
    decode(frame('Nested').bytes);
    assert.equal(packet.tunnelDepth, 2);
    const plain = hex(`020000000002 020000000001 0800 45 00 001c 0001 0000 40 01 0000 0a000001 0a000002
      08 00 0000 0001 0001`);
    decode(plain);
    assert.equal(packet.tunnelDepth, 0);
    assert.deepEqual(protocolStack(packet), ['eth', 'ip', 'icmp']);
    assert.deepEqual(packetAddresses(packet), { src: '10.0.0.1', dst: '10.0.0.2' });
  });

  it('copyFrom copies every field (a field added later must be added there and in reset)', () => {
    const source = new DecodedPacket();
    for (const [key, value] of Object.entries(source)) {
      const fields = source as unknown as Record<string, unknown>;
      fields[key] = typeof value === 'boolean' ? !value : typeof value === 'number' ? 7 : new Uint8Array(3);
    }
    const copy = new DecodedPacket();
    copy.copyFrom(source);
    assert.deepEqual({ ...copy }, { ...source });
  });
});

describe('tunnels: hostile nesting costs bounded work', () => {
  it(`GRE inside GRE inside GRE…: followed ${MAX_TUNNEL_DEPTH} deep, the rest left as data`, () => {
    // 40 levels of IPv4 + GRE around a UDP datagram: each level is 24 bytes.
    let inner = hex('45 00 0020 0001 0000 40 11 0000 0a000001 0a000002  0001 0002 000c 0000 61626364');
    for (let level = 0; level < 40; level++) {
      const gre = Buffer.concat([hex('0000 0800'), inner]);
      const length = (20 + gre.length).toString(16).padStart(4, '0');
      inner = Buffer.concat([hex(`45 00 ${length} 0001 0000 40 2f 0000 0a000001 0a000002`), gre]);
    }
    decode(Buffer.concat([hex('020000000002 020000000001 0800'), inner]));
    assert.equal(packet.tunnelDepth, MAX_TUNNEL_DEPTH);
    assert.equal(packet.tunnel, tunnelId('gre'));
    assert.ok(packet.tunnelDataOffset > 0, 'what the deepest tunnel carries is data');
    assert.equal(protocolStack(packet).filter((name) => name === 'gre').length, MAX_TUNNEL_DEPTH + 1);
    assert.equal(packet.truncated, false);
  });

  it('an MPLS stack of 10,000 labels without a bottom: read once, cut short', () => {
    const labels = Buffer.alloc(40_000);
    for (let at = 0; at < labels.length; at += 4) labels.writeUInt32BE(0x00064040, at);
    decode(Buffer.concat([hex('020000000002 020000000001 8847'), labels]));
    assert.equal(packet.tunnel, tunnelId('mpls'));
    assert.equal(packet.tunnelCount, 10_000);
    assert.equal(packet.truncated, true);
  });

  it('GENEVE options longer than the datagram, and a GRE routing list without its end, are cut short', () => {
    decode(
      hex(`020000000002 020000000001 0800 45 00 0028 0001 0000 40 11 0000 0a000001 0a000002
      c000 17c1 0014 0000  3f 00 6558 000001 00  00000000`),
    );
    assert.deepEqual([packet.tunnel, packet.truncated], [tunnelId('geneve'), true]);
    decode(
      hex(`020000000002 020000000001 0800 45 00 0024 0001 0000 40 2f 0000 0a000001 0a000002
      4000 0800 0000 0000  0800 00 ff 00000000`),
    );
    assert.deepEqual([packet.tunnel, packet.truncated], [tunnelId('gre'), true]);
  });
});

describe('tunnels: which port decides', () => {
  it('a VXLAN port loses to an application port lower than it (53 → 4789 is DNS, as in Wireshark)', () => {
    const bytes = Buffer.from(frame('VXLAN (RFC 7348').bytes);
    bytes.writeUInt16BE(53, 34);
    decode(bytes);
    assert.equal(packet.tunnelDepth, 0);
    assert.deepEqual(protocolStack(packet), ['eth', 'ip', 'udp']);
    assert.equal(packet.tunnel, 0);
  });

  it('a VXLAN datagram whose payload the snap length cut off is VXLAN cut short, not plain UDP', () => {
    const bytes = frame('VXLAN (RFC 7348').bytes;
    decodePacket(packet, LinkType.Ethernet, bytes, 0, 42);
    assert.deepEqual(protocolStack(packet), ['eth', 'ip', 'udp', 'vxlan']);
    assert.equal(packet.truncated, true);
  });
});

describe('tunnels: columns and the details pane', () => {
  it('the innermost protocol names the packet; the innermost addresses are its source and destination', () => {
    decode(frame('VXLAN (RFC 7348').bytes);
    assert.equal(packetColumns(packet, app).protocol, 'HTTP');
    assert.deepEqual(packetAddresses(packet), { src: '192.168.9.1', dst: '192.168.9.2' });
  });

  it('a tunnel with nothing decoded inside names the packet itself', () => {
    decode(frame('GRE keepalive').bytes);
    assert.deepEqual(packetColumns(packet, app), { protocol: 'GRE', info: 'Encapsulated IP' });
    decode(frame('GENEVE with a protocol type').bytes);
    assert.deepEqual(packetColumns(packet, app), { protocol: 'Geneve', info: 'Encapsulated 0x1234 (unknown)' });
  });

  it('ARP inside GRE has no addresses of its own: the tunnel endpoints are shown, as Wireshark does', () => {
    decode(frame('GRE carrying an ARP').bytes);
    assert.deepEqual(packetAddresses(packet), { src: '198.51.100.1', dst: '198.51.100.2' });
  });

  it('the details pane has each layer, with the tunnel headers, in order', () => {
    const layers = (name: string) => {
      decode(frame(name).bytes);
      return dissectPacket(packet, app);
    };
    const names = (name: string) =>
      layers(name)
        .map((layer) => layer.name)
        .join(':');
    assert.equal(names('VXLAN (RFC 7348'), 'frame:eth:ip:udp:vxlan:eth:ip:tcp:http');
    assert.equal(names('MPLS label stack of three'), 'frame:eth:mpls:mpls:mpls:ipv6:udp:data');
    assert.equal(names('ERSPAN type III with frame type 2'), 'frame:eth:ip:gre:erspan:data');
    const gre = layers('GRE with checksum').find((layer) => layer.name === 'gre')!;
    assert.equal(gre.title, 'Generic Routing Encapsulation (IP)');
    const field = (name: string) => gre.fields.find((f) => f.name === name)?.value;
    assert.deepEqual([field('Key'), field('Sequence Number')], ['0x0000002a', '7']);
    const erspan = layers('ERSPAN type III (GRE').find((layer) => layer.name === 'erspan')!;
    assert.equal(erspan.title, 'Encapsulated Remote Switch Packet ANalysis Type III');
    assert.equal(erspan.length, 20);
  });

  it('cut at every length: the details pane never shows a byte that was not captured', () => {
    for (const f of tunnelFrames) {
      for (let length = 0; length <= f.bytes.length; length++) {
        decodePacket(packet, f.linkType, f.bytes, 0, length);
        decodeApp(packet, app);
        packetColumns(packet, app);
        for (const layer of dissectPacket(packet, app)) {
          assert.ok(
            layer.offset >= 0 && layer.offset + layer.length <= length,
            `${f.name} at ${length}: ${layer.name}`,
          );
          for (const field of layer.fields) {
            if (field.offset === undefined) continue;
            assert.ok(field.offset + field.length! <= length, `${f.name} at ${length}: ${layer.name}.${field.name}`);
          }
        }
      }
    }
  });
});
