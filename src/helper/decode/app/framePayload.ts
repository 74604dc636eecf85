// Protocols carried right in the frame rather than over TCP or UDP (LLDP by EtherType, CDP by
// 802.2 SNAP code): which module reads a frame whose network layer decodePacket left undecoded,
// and where its bytes start.
import { u16 } from '../bytes';
import { NetworkLayer, TransportLayer } from '../packet';
import type { DecodedPacket } from '../packet';
import type { EthernetBinding, FieldGroup } from './appDissector';
import type { AppInfo } from './appInfo';
import { APP_DISSECTORS, AppProtocol, GROUP_SLOT } from './appRegistry';

/** LLC header announcing SNAP (DSAP 0xaa, SSAP 0xaa, UI) then the 5-byte SNAP header. */
const LLC_SNAP_LENGTH = 8;

/** The protocol id reading each EtherType (0: none). */
const BY_ETHER_TYPE = new Uint8Array(65536);
/** The protocol id reading each SNAP code (OUI × 0x10000 + protocol id); SNAP frames are rare, so a Map. */
const BY_SNAP = new Map<number, number>();
/** Each protocol id's binding. */
const BINDINGS: (EthernetBinding<FieldGroup> | undefined)[] = [undefined, undefined];

for (const dissector of APP_DISSECTORS) {
  const binding: EthernetBinding<FieldGroup> | undefined = dissector.ethernet;
  BINDINGS.push(binding);
  const id = AppProtocol[dissector.name];
  for (const type of binding?.etherTypes ?? []) {
    if (BY_ETHER_TYPE[type]) throw new Error(`EtherType ${type} is registered twice`);
    BY_ETHER_TYPE[type] = id;
  }
  for (const code of binding?.snap ?? []) {
    if (BY_SNAP.has(code)) throw new Error(`SNAP code ${code} is registered twice`);
    BY_SNAP.set(code, id);
  }
}

/** Whether decodeApp should look at a frame with no transport layer: its network layer was not read. */
export function hasFramePayload(packet: DecodedPacket): boolean {
  return (
    packet.transport === TransportLayer.None &&
    (packet.network === NetworkLayer.Other || packet.network === NetworkLayer.Llc)
  );
}

/** Where a frame-level protocol's bytes start: the network header, or past LLC and SNAP. */
export function framePayloadStart(packet: DecodedPacket): number {
  return packet.network === NetworkLayer.Llc ? packet.networkOffset + LLC_SNAP_LENGTH : packet.networkOffset;
}

/** The SNAP code of an LLC frame (OUI × 0x10000 + protocol id), or -1 when it is not SNAP. */
function snapCode(data: Uint8Array, at: number, end: number): number {
  if (end - at < LLC_SNAP_LENGTH || data[at] !== 0xaa || data[at + 1] !== 0xaa || data[at + 2] !== 0x03) return -1;
  return ((data[at + 3]! << 16) | (data[at + 4]! << 8) | data[at + 5]!) * 0x10000 + u16(data, at + 6);
}

/** Names and reads a frame-level protocol (see `hasFramePayload`); leaves `out` at None when no module reads it. */
export function decodeFramePayload(packet: DecodedPacket, out: AppInfo): void {
  const data = packet.data;
  let end = packet.frameOffset + packet.capturedLength;
  if (end > data.length) end = data.length;
  const at = packet.networkOffset;
  // An 802.3 frame's length field bounds its LLC payload: what follows is Ethernet padding.
  if (packet.network === NetworkLayer.Llc && packet.etherType > 0 && at + packet.etherType < end) {
    end = at + packet.etherType;
  }
  if (at < 0 || at >= end) return;
  const protocol =
    packet.network === NetworkLayer.Other
      ? BY_ETHER_TYPE[packet.etherType]!
      : (BY_SNAP.get(snapCode(data, at, end)) ?? 0);
  const binding = BINDINGS[protocol];
  if (!binding) return;
  out.protocol = protocol;
  out.byContent = true;
  const start = framePayloadStart(packet);
  binding.decode(out.groups[GROUP_SLOT[protocol]!]!, out, data, start < end ? start : end, end);
}
