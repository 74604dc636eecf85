import type { DecodedPacket } from '../packet';
import { TransportLayer } from '../packet';
import type { FieldGroup, Heuristic, TransportBinding } from './appDissector';
import type { AppInfo } from './appInfo';
import { APP_DISSECTORS, AppProtocol, GROUP_SLOT } from './appRegistry';
import { decodeFramePayload, hasFramePayload } from './framePayload';
import { PORT_FIRST, PORT_PROTOCOL, TCP_PORTS, UDP_PORTS, byPort } from './ports';

// The entries are plain objects of one shape, so the per-packet loads from them stay monomorphic
// whatever the modules' objects look like.
/** One content test of a transport, with the protocol it names and the slot of its field group. */
interface HeuristicEntry {
  readonly protocol: number;
  readonly slot: number;
  readonly heuristic: Heuristic<FieldGroup>;
  /** the heuristic has a `decode` to run after its test */
  readonly decodes: boolean;
}

/** A protocol's registration in a transport, for payloads its port names. */
interface PortEntry {
  readonly slot: number;
  readonly binding: TransportBinding<FieldGroup> | undefined;
  /** the binding has a `decode` (false: a payload named by port is not read) */
  readonly decodes: boolean;
}

/** What decodeApp walks for one transport, built once from the registry. */
interface TransportTable {
  /** port → protocol id, with PORT_FIRST when the port decides before the weak content tests */
  readonly ports: Uint8Array;
  /** by a payload's first byte, the strong content tests it may pass, in registry order */
  readonly strong: readonly (readonly HeuristicEntry[])[];
  /** by a payload's first byte, the weak content tests it may pass, in registry order */
  readonly weak: readonly (readonly HeuristicEntry[])[];
  /** each protocol id's registration in this transport */
  readonly byPort: readonly PortEntry[];
}

const NONE: readonly HeuristicEntry[] = [];

function transportTable(transport: 'tcp' | 'udp', ports: Uint8Array): TransportTable {
  const strong: HeuristicEntry[][] = [];
  const weak: HeuristicEntry[][] = [];
  const none: PortEntry = { slot: -1, binding: undefined, decodes: false };
  const byPort: PortEntry[] = [none, none];
  for (const dissector of APP_DISSECTORS) {
    const binding: TransportBinding<FieldGroup> | undefined = dissector[transport];
    const protocol = AppProtocol[dissector.name];
    const slot = GROUP_SLOT[protocol]!;
    byPort.push({ slot, binding, decodes: binding?.decode !== undefined });
    const heuristic = binding?.heuristic;
    if (!heuristic) continue;
    const entry = { protocol, slot, heuristic, decodes: heuristic.decode !== undefined };
    const lists = heuristic.strong ? strong : weak;
    for (let byte = 0; byte < 256; byte++) {
      if (heuristic.acceptsFirstByte && !heuristic.acceptsFirstByte(byte)) continue;
      (lists[byte] ??= []).push(entry);
    }
  }
  const byByte = (lists: HeuristicEntry[][]) => Array.from({ length: 256 }, (_, byte) => lists[byte] ?? NONE);
  return { ports, strong: byByte(strong), weak: byByte(weak), byPort };
}

const TCP = transportTable('tcp', TCP_PORTS);
const UDP = transportTable('udp', UDP_PORTS);

/**
 * Names and reads the application layer of a decoded packet into `out` (reset first) and returns
 * `out.protocol`, walking the registry as Wireshark walks its tables: strong content tests (a TLS
 * record, an SSH banner), then ports that decide first (every UDP port; DNS over TCP), then weak
 * content tests (an HTTP start line; on UDP: DHCP, QUIC, SSDP, DNS), then the other ports; a
 * payload nobody claims is `data`. A frame without IP is read by the module of its EtherType or
 * SNAP code, if any (framePayload.ts). Pure and lax: never throws, reads only
 * `packet.payloadOffset..+payloadLength`, and allocates only the strings of fields it finds.
 */
export function decodeApp(packet: DecodedPacket, out: AppInfo): AppProtocol {
  out.reset();
  const start = packet.payloadOffset;
  if (start < 0 || packet.payloadLength <= 0) {
    if (hasFramePayload(packet)) decodeFramePayload(packet, out);
    return out.protocol;
  }
  const data = packet.data;
  let end = start + packet.payloadLength;
  if (end > data.length) end = data.length;
  switch (packet.transport) {
    case TransportLayer.Tcp:
      walk(TCP, packet, out, data, start, end);
      break;
    case TransportLayer.Udp:
      walk(UDP, packet, out, data, start, end);
      break;
    case TransportLayer.Icmp:
    case TransportLayer.Icmpv6:
      // Echo requests and replies carry opaque data, which tshark lists as `data`.
      if (isEcho(packet)) out.protocol = AppProtocol.Data;
      break;
  }
  return out.protocol;
}

function isEcho(packet: DecodedPacket): boolean {
  const type = packet.icmpType;
  return packet.transport === TransportLayer.Icmp ? type === 0 || type === 8 : type === 128 || type === 129;
}

function walk(
  table: TransportTable,
  packet: DecodedPacket,
  out: AppInfo,
  data: Uint8Array,
  start: number,
  end: number,
) {
  const first = data[start]!;
  if (tryContent(table.strong[first]!, out, data, start, end)) return;
  const port = byPort(table.ports, packet.srcPort, packet.dstPort);
  if ((port & PORT_FIRST) === 0 && tryContent(table.weak[first]!, out, data, start, end)) return;
  if (port === 0) {
    out.protocol = AppProtocol.Data;
    return;
  }
  // Named by its port: read what the module reads there (nothing for a continuation).
  const protocol = port & PORT_PROTOCOL;
  out.protocol = protocol;
  const entry = table.byPort[protocol]!;
  if (entry.decodes) entry.binding!.decode!(out.groups[entry.slot]!, out, data, start, end);
}

/** Runs content tests in order; the first that accepts names the payload and reads it. */
function tryContent(
  tests: readonly HeuristicEntry[],
  out: AppInfo,
  data: Uint8Array,
  start: number,
  end: number,
): boolean {
  for (let i = 0; i < tests.length; i++) {
    const entry = tests[i]!;
    const fields = out.groups[entry.slot]!;
    const heuristic = entry.heuristic;
    if (heuristic.test(fields, out, data, start, end)) {
      out.protocol = entry.protocol;
      out.byContent = true;
      if (entry.decodes) heuristic.decode!(fields, out, data, start, end);
      return true;
    }
    // A test that read as it went may have flagged what it read; its fields it cleared itself.
    out.truncated = false;
    out.malformed = false;
    out.serverName = '';
  }
  return false;
}
