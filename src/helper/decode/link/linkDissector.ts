// What one link-layer module declares (Wireshark's `wtap_encap` dissector table: one dissector per
// LINKTYPE_*). The modules are listed in linkRegistry.ts; decodePacket finds a frame's module by its
// link type in a dense array and calls its `decode`.
import type { LayerBuilder } from '../dissect/layerBuilder';
import type { DecodedPacket } from '../packet';
import type { PacketColumns } from '../summary/columns';

/** One link-layer type: how its header is read, named, shown and dissected. */
export interface LinkDissector {
  /** LINKTYPE_* numbers (tcpdump.org/linktypes.html) this module decodes */
  readonly linkTypes: readonly number[];
  /** its name in tshark's `frame.protocols` and protocol hierarchy ('eth'), shared by variants ('sll') */
  readonly name: string;
  /** its names in tshark's `-z io,phs` when they differ from `name` (NFLOG: none, tshark leaves it out) */
  readonly hierarchy?: readonly string[];
  /**
   * Reads the header of the frame at `offset` (`end`: one past its last captured byte) and hands
   * what follows to the network layer (`decodeEtherType`, `decodeIpv4`…). Hot path: lax, never
   * throws, allocates nothing; a short header sets `packet.truncated`. `linkType` picks a variant.
   */
  decode(packet: DecodedPacket, data: Uint8Array, offset: number, end: number, linkType: number): void;
  /**
   * Adds its layers to the details pane for the header at `at` (the frame's start, or inside a
   * wrapper such as PKTAP); returns where the network layer (after any VLAN tags) begins.
   */
  dissect(b: LayerBuilder, packet: DecodedPacket, at: number): number;
  /** Protocol and Info of a frame with nothing decoded above the link layer (a Wi-Fi beacon), if it names them. */
  columns?(packet: DecodedPacket, at: number): PacketColumns | undefined;
}

/** How a module that wraps another link type (PKTAP) finds that type's id and module (linkRegistry's `linkEntry`). */
export type LinkLookup = (linkType: number) => { readonly id: number; readonly dissector: LinkDissector | undefined };
