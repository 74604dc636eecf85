// What one application-protocol module declares, after Wireshark's dissector tables: the ports it
// is registered on ("tcp.port", "udp.port"), the content tests that recognise it (heuristic
// dissectors), or the EtherType or SNAP code of a protocol carried right in the frame (LLDP, CDP);
// how it reads a payload into its own field group, and its columns and details. The modules are
// listed, in priority order, in appRegistry.ts; decodeApp walks that table.
import type { PacketLayer } from '../../../shared/model/traffic';
import type { LayerBuilder } from '../dissect/layerBuilder';
import type { DecodedPacket } from '../packet';

/**
 * What every application decoder reports besides its own fields: the part of the per-packet
 * record (AppInfo) that is not a protocol's. Numbers are 0 and strings '' when absent.
 */
export class AppStatus {
  /** the protocol's id (`AppProtocol`): 0 no payload, 1 data, then the registered modules */
  protocol = 0;
  /** the payload ended inside a structure the decoder was reading */
  truncated = false;
  /** the payload contradicted itself (lengths, pointers); decoding stopped there */
  malformed = false;
  /** named by content (false: only the well-known port said so, as tshark does for continuations) */
  byContent = false;
  /** the server name this packet carries (TLS or QUIC SNI, HTTP Host), for flows (hostile) */
  serverName = '';
}

/**
 * A protocol's own fields, read by its decoder. One instance per AppInfo is reused for every
 * packet, and `reset` runs only after a packet of the protocol filled it. Offsets index
 * `DecodedPacket.data` (-1 when absent); every string comes from the network: escape it.
 */
export interface FieldGroup {
  /** clears every field (arrays need only their counts cleared) */
  reset(): void;
}

/** How a field group is made, and its key in `AppInfo.fields`; protocols that share a format share one. */
export interface FieldKind<K extends string, F extends FieldGroup> {
  readonly key: K;
  create(): F;
}

/**
 * A content test (a heuristic dissector). It runs before the port tables when it is `strong`,
 * otherwise after the ports that decide first (every UDP port; TCP ports marked `portFirst`).
 */
export interface Heuristic<F> {
  /** tried before any port: the content proves the protocol (a TLS record header, an SSH banner) */
  readonly strong?: boolean;
  /** whether a payload starting with `byte` may pass (tests run only for those: a 256-entry filter built once) */
  acceptsFirstByte?(byte: number): boolean;
  /** Whether the payload `start..end` is this protocol. It may read fields as it goes, but leaves them clean when it says no. */
  test(fields: F, app: AppStatus, data: Uint8Array, start: number, end: number): boolean;
  /** reads the payload the test accepted; absent when the test read it already */
  decode?(fields: F, app: AppStatus, data: Uint8Array, start: number, end: number): void;
}

/** A module's registration in one transport (TCP or UDP). */
export interface TransportBinding<F> {
  /** well-known ports, as Wireshark registers the protocol by default (`tshark -G decodes`) */
  readonly ports?: readonly number[];
  /** on TCP, the port decides before the weak content tests (DNS's binary length must not be read as text) */
  readonly portFirst?: boolean;
  readonly heuristic?: Heuristic<F>;
  /**
   * Reads a payload its port named. Absent when a payload the content test turned down is a
   * continuation: named by the port, but not read.
   */
  decode?(fields: F, app: AppStatus, data: Uint8Array, start: number, end: number): void;
}

/**
 * A module's registration below IP, for frames whose network layer decodePacket does not read
 * (Wireshark's "ethertype" and SNAP tables): LLDP by its EtherType, CDP by its SNAP code. Such a
 * payload runs from the network header (after any VLAN tags; after LLC and SNAP) to the frame's end.
 */
export interface EthernetBinding<F> {
  /** EtherTypes it reads (0x88cc LLDP) */
  readonly etherTypes?: readonly number[];
  /** 802.2 SNAP codes it reads, OUI × 0x10000 + protocol id (0x00000c_2000: Cisco's CDP) */
  readonly snap?: readonly number[];
  /** reads the payload (an EtherType or SNAP code names it unambiguously: no content test) */
  decode(fields: F, app: AppStatus, data: Uint8Array, start: number, end: number): void;
}

/**
 * One application protocol. Decoding is pure and lax: never throws, reads only `start..end`, and
 * allocates only the strings of fields it finds; columns and details build strings freely (they
 * run for the packets a view shows).
 */
export interface AppDissector<K extends string = string, F extends FieldGroup = FieldGroup> {
  /** the name as tshark's `frame.protocols` and `-z io,phs` spell it ('dns') */
  readonly name: string;
  /** the details pane's title, in Wireshark's words ('Domain Name System') */
  readonly title: string;
  /** the field group its decoder fills */
  readonly fields: FieldKind<K, F>;
  readonly tcp?: TransportBinding<F>;
  readonly udp?: TransportBinding<F>;
  readonly ethernet?: EthernetBinding<F>;
  /** the Protocol column ('DNS', 'TLSv1.3') */
  protocolColumn(fields: F, app: AppStatus): string;
  /** the Info column; `fromServer`: the packet's source port is the server's (registered, or the lower) */
  infoColumn(packet: DecodedPacket, fields: F, app: AppStatus, fromServer: boolean): string;
  /** adds the protocol's fields to its layer of the details pane (the layer, its notes and title exist) */
  dissect(b: LayerBuilder, layer: PacketLayer, packet: DecodedPacket, fields: F, app: AppStatus): void;
}

/**
 * Declares a module, keeping its name as a literal type (the registry derives its typed ids from
 * the names) and typing its methods' `fields` from its field group.
 */
export function appDissector<const N extends string, K extends string, F extends FieldGroup>(
  dissector: AppDissector<K, F> & { readonly name: N },
): AppDissector<K, F> & { readonly name: N } {
  return dissector;
}
