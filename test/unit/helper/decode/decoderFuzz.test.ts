import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeArp } from '../../../../src/helper/decode/arp';
import { decodePacket } from '../../../../src/helper/decode/decodePacket';
import { decodeIcmp } from '../../../../src/helper/decode/icmp';
import { decodeIcmpv6 } from '../../../../src/helper/decode/icmpv6';
import { decodeIpPayload } from '../../../../src/helper/decode/ipPayload';
import { decodeIpv4 } from '../../../../src/helper/decode/ipv4';
import { decodeIpv6 } from '../../../../src/helper/decode/ipv6';
import { LinkType } from '../../../../src/helper/decode/linkType';
import { LINK_DISSECTORS } from '../../../../src/helper/decode/link/linkRegistry';
import { DecodedPacket } from '../../../../src/helper/decode/packet';
import { decodeTcp } from '../../../../src/helper/decode/tcp';
import { readTcpOptions } from '../../../../src/helper/decode/tcpOptions';
import { TUNNEL_DISSECTORS } from '../../../../src/helper/decode/tunnel/tunnelRegistry';
import { decodeUdp } from '../../../../src/helper/decode/udp';
import type { EthernetBinding, FieldGroup, TransportBinding } from '../../../../src/helper/decode/app/appDissector';
import { AppInfo } from '../../../../src/helper/decode/app/appInfo';
import { APP_DISSECTORS, AppProtocol, GROUP_SLOT } from '../../../../src/helper/decode/app/appRegistry';
import { decodeApp } from '../../../../src/helper/decode/app/decodeApp';
import { decodeDhcp } from '../../../../src/helper/decode/app/dhcp';
import { decodeDns } from '../../../../src/helper/decode/app/dns';
import { decodeHttp } from '../../../../src/helper/decode/app/http';
import { decodeLine } from '../../../../src/helper/decode/app/lineProtocol';
import { decodeNbns } from '../../../../src/helper/decode/app/nbns';
import { decodeNtp } from '../../../../src/helper/decode/app/ntp';
import { decodeQuic } from '../../../../src/helper/decode/app/quic';
import { decodeSsh } from '../../../../src/helper/decode/app/ssh';
import { decodeTls, readHandshake } from '../../../../src/helper/decode/app/tls';
import { dissectPacket } from '../../../../src/helper/decode/dissect/dissectPacket';
import { packetColumns } from '../../../../src/helper/decode/summary/packetColumns';
import { appFrames } from '../../../fixtures/appFrames';
import { neighbourFrames } from '../../../fixtures/neighbourFrames';
import { handMadeFrames } from '../../../fixtures/handMadeFrames';
import { linkFrames } from '../../../fixtures/linkFrames';
import { tunnelFrames } from '../../../fixtures/tunnelFrames';

const FRAMES = 1_000_000;
const linkTypes = Object.values(LinkType);

/** Each layer's decoder on its own, fed from an arbitrary offset of the mutated frame. */
const layers: Array<(packet: DecodedPacket, data: Uint8Array, offset: number, end: number) => void> = [
  // every link-layer module, in each of its link types' variants
  ...LINK_DISSECTORS.flatMap((link) =>
    link.linkTypes.map(
      (linkType) => (p: DecodedPacket, d: Uint8Array, o: number, e: number) => link.decode(p, d, o, e, linkType),
    ),
  ),
  decodeArp,
  decodeIpv4,
  decodeIpv6,
  (p, d, o, e) => {
    p.ipVersion = 6;
    decodeIpPayload(p, d, d[o - 1] ?? 0, o, e, e + 7);
  },
  (p, d, o, e) => decodeTcp(p, d, o, e, e + 100),
  (p, d, o, e) => decodeUdp(p, d, o, e, e - 3),
  (p, d, o, e) => decodeIcmp(p, d, o, e, e),
  (p, d, o, e) => decodeIcmpv6(p, d, o, e, e),
  readTcpOptions,
  // every tunnel module, told the GRE flags and protocol types ERSPAN tells apart
  ...TUNNEL_DISSECTORS.flatMap((tunnel, index) =>
    [0, 0x100088be, 0x000088be, 0x100022eb].map(
      (context) => (p: DecodedPacket, d: Uint8Array, o: number, e: number) =>
        tunnel.decode(p, d, o, e, index + 1, context),
    ),
  ),
];

/** Each application decoder on its own, fed from an arbitrary offset of the mutated frame. */
const appLayers: Array<(app: AppInfo, data: Uint8Array, offset: number, end: number) => unknown> = [
  (a, d, o, e) => decodeDns(a.fields.dns, a, d, o, e, false),
  (a, d, o, e) => decodeDns(a.fields.dns, a, d, o, e, true),
  (a, d, o, e) => decodeNbns(a.fields.dns, a, d, o, e),
  (a, d, o, e) => decodeHttp(a.fields.http, a, d, o, e),
  (a, d, o, e) => decodeTls(a.fields.tls, a, d, o, e),
  (a, d, o, e) => readHandshake(a.fields.tls, a, d, o, e),
  (a, d, o, e) => decodeQuic(a.fields.quic, a, d, o, e),
  (a, d, o, e) => decodeSsh(a.fields.ssh, a, d, o, e),
  (a, d, o, e) => decodeLine(a.fields.line, a, d, o, e),
  (a, d, o, e) => decodeDhcp(a.fields.dhcp, a, d, o, e),
  (a, d, o, e) => decodeNtp(a.fields.ntp, a, d, o, e),
  // and every registered module's content tests and readers, with its own field group
  ...APP_DISSECTORS.flatMap((dissector) =>
    [dissector.tcp, dissector.udp].flatMap((binding?: TransportBinding<FieldGroup>) => {
      const group = (a: AppInfo) => a.groups[GROUP_SLOT[AppProtocol[dissector.name]]];
      const readers: Array<(a: AppInfo, d: Uint8Array, o: number, e: number) => unknown> = [];
      if (binding?.decode) readers.push((a, d, o, e) => binding.decode!(group(a), a, d, o, e));
      const heuristic = binding?.heuristic;
      if (heuristic) readers.push((a, d, o, e) => heuristic.test(group(a), a, d, o, e));
      if (heuristic?.decode) readers.push((a, d, o, e) => heuristic.decode!(group(a), a, d, o, e));
      return readers;
    }),
  ),
  // and the readers of protocols carried right in the frame (LLDP, CDP)
  ...APP_DISSECTORS.flatMap((dissector) => {
    const binding: EthernetBinding<FieldGroup> | undefined = dissector.ethernet;
    const group = (a: AppInfo) => a.groups[GROUP_SLOT[AppProtocol[dissector.name]]];
    return binding ? [(a: AppInfo, d: Uint8Array, o: number, e: number) => binding.decode(group(a), a, d, o, e)] : [];
  }),
];

// Bytes that steer parsers into their edge cases: lengths of 0 and 0xff, header-length nibbles,
// the EtherTypes and next-header values that make decoders loop or branch.
const INTERESTING = [
  0x00, 0xff, 0x01, 0x04, 0x05, 0x06, 0x0f, 0x11, 0x2b, 0x2c, 0x33, 0x3a, 0x3c, 0x40, 0x45, 0x60, 0x81, 0x86, 0x88,
  0xa8, 0xdd, 0x80, 0xc0, 0x16, 0x17, 0x03, 0x35, 0x20, 0x0d, 0x0a, 0x3a,
  // tunnels: GRE's protocol and flags, VXLAN's and GENEVE's ports, 0x6558, MPLS, ERSPAN
  0x2f, 0x10, 0x30, 0x40, 0x12, 0xb5, 0xc1, 0x65, 0x58, 0x47, 0xbe, 0xeb, 0x22, 0x08, 0x29,
];

describe('decoders under fuzzing', () => {
  it(
    `${FRAMES.toLocaleString('en')} mutated and truncated frames through every decoder, the app decoders, the packet list columns and the details dissection: nothing throws`,
    { timeout: 300_000 },
    (t) => {
      let seed = 0x2545f491;
      // xorshift32: cheap and allocation-free, so the loop measures the decoders, not the generator.
      const random = (n: number) => {
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        return (seed >>> 0) % n;
      };
      const packet = new DecodedPacket();
      const app = new AppInfo();
      const buffer = Buffer.alloc(4096);
      const seeds = [...handMadeFrames, ...linkFrames, ...tunnelFrames, ...appFrames, ...neighbourFrames];
      let decodes = 0;
      for (let i = 0; i < FRAMES; i++) {
        const frame = seeds[i % seeds.length];
        const size = frame.bytes.length;
        buffer.set(frame.bytes, 0);
        // Random tail bytes, so a mutated length can run on into something other than zeros.
        for (let j = size; j < size + 16; j++) buffer[j] = random(256);
        const mutations = 1 + random(6);
        for (let j = 0; j < mutations; j++) {
          const at = random(size);
          buffer[at] = random(4) === 0 ? INTERESTING[random(INTERESTING.length)] : random(256);
        }
        const length = random(3) === 0 ? random(size + 1) : random(8) === 0 ? size + random(16) : size;
        try {
          decodePacket(packet, frame.linkType, buffer, 0, length);
          decodeApp(packet, app);
          packetColumns(packet, app);
          // Dissection builds objects for one selected packet: a share of the frames is plenty.
          if (i % 4 === 0) dissectPacket(packet, app);
          decodePacket(packet, linkTypes[i % linkTypes.length], buffer, random(8), length);
          decodeApp(packet, app);
          packet.reset();
          const layer = layers[i % layers.length];
          const offset = random(size + 1);
          layer(packet, buffer, offset, Math.min(offset + random(size + 1), buffer.length));
          app.resetAll();
          const appOffset = random(size + 1);
          appLayers[i % appLayers.length](
            app,
            buffer,
            appOffset,
            Math.min(appOffset + random(size + 1), buffer.length),
          );
          // Called on their own, decoders fill fields without naming a protocol: clear everything.
          app.resetAll();
          decodes += 6;
        } catch (error) {
          assert.fail(
            `frame ${i} (${frame.name}, length ${length}) threw: ${String(error)}\n${buffer.toString('hex', 0, size + 16)}`,
          );
        }
        if (i % 997 === 0) {
          // Wherever decoding stopped, the offsets it reports stay inside the captured bytes.
          decodePacket(packet, frame.linkType, buffer, 0, length);
          const end = packet.frameOffset + packet.capturedLength;
          for (const offset of [packet.networkOffset, packet.transportOffset, packet.payloadOffset]) {
            assert.ok(offset === -1 || offset <= end, `frame ${i}: offset ${offset} past ${end}`);
          }
          if (packet.payloadOffset !== -1) assert.ok(packet.payloadOffset + packet.payloadLength <= end);
          // And so do the application layer's.
          decodeApp(packet, app);
          const { dns, dhcp, quic } = app.fields;
          for (let r = 0; r < dns.recordCount; r++) {
            assert.ok(dns.recordDataOffset[r] + dns.recordDataLength[r] <= end, `frame ${i}: DNS record ${r}`);
          }
          if (dhcp.clientMacOffset !== -1) assert.ok(dhcp.clientMacOffset + 6 <= end, `frame ${i}: chaddr`);
          if (quic.dcidOffset !== -1) assert.ok(quic.dcidOffset + quic.dcidLength <= end, `frame ${i}: DCID`);
          if (quic.scidOffset !== -1) assert.ok(quic.scidOffset + quic.scidLength <= end, `frame ${i}: SCID`);
        }
      }
      // How fast the decoders go is bench/decode.bench.ts's question; here only what ran is told.
      t.diagnostic(`${FRAMES} frames (${decodes} decoder calls)`);
    },
  );
});
