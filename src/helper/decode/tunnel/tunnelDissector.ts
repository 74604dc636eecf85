// What one tunnel module declares (Wireshark registers each in the tables of the layer that
// carries it: "ip.proto", "udp.port", "ethertype", "gre.proto"). The modules are listed in
// tunnelRegistry.ts, which fills the tables the network and transport layers consult.
import type { LayerBuilder } from '../dissect/layerBuilder';
import type { DecodedPacket } from '../packet';
import type { PacketColumns } from '../summary/columns';
import type { TunnelDecode } from './tunnelTables';

/** One tunnel (encapsulation) protocol: where it is found, how its header is read, named and shown. */
export interface TunnelDissector {
  /** its name in tshark's `frame.protocols` and protocol hierarchy ('gre'); '' when it has no header of its own (IP in IP) */
  readonly name: string;
  /** IP protocol numbers that carry it (GRE: 47) */
  readonly ipProtocols?: readonly number[];
  /** UDP ports it is registered on, as Wireshark registers it (VXLAN: 4789) */
  readonly udpPorts?: readonly number[];
  /** EtherTypes that carry it (MPLS: 0x8847, 0x8848) */
  readonly etherTypes?: readonly number[];
  /** GRE protocol types that carry it (ERSPAN: 0x88be, 0x22eb) */
  readonly greProtocols?: readonly number[];
  /**
   * Reads the header at `offset` and hands what it carries on (tunnelLevel.ts: `beginTunnel` once
   * the header is there, then `carryEthernet`, `carryIp`… or `carryData`). Hot path for tunnelled
   * traffic: lax, never throws, allocates nothing; a short header sets `packet.truncated`.
   */
  readonly decode: TunnelDecode;
  /** Protocol and Info of a packet whose innermost decoded layer is this tunnel (`packet.tunnel`). */
  columns(packet: DecodedPacket): PacketColumns;
  /** Adds its layer(s) to the details pane for the record whose layers end in this tunnel. */
  dissect(b: LayerBuilder, packet: DecodedPacket): void;
}
