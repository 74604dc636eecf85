// tshark as the oracle for tunnel layers: per packet, the fields of every GRE, VXLAN, GENEVE, MPLS
// and ERSPAN header (as tshark's fields name them, all occurrences) and the packet list's columns,
// next to our details pane's fields and columns for the same file.
import { dissectPacket } from '../../src/helper/decode/dissect/dissectPacket';
import { packetSummary } from '../../src/helper/decode/summary/packetColumns';
import { detailValues, mapDecodedPackets, tsharkFieldRows } from './tsharkOracle';

/** One packet's tunnel fields (tshark's names, occurrences joined with ',') and its columns. */
export interface TunnelView {
  fields: Record<string, string>;
  /** the Protocol column */
  protocol: string;
  /** the Source and Destination columns */
  addresses: string;
  /** the Info column, whitespace folded */
  info: string;
  /** our decode found a header cut short (tshark then adds "[Malformed Packet]" to Info) */
  truncated?: boolean;
}

// tshark field → the layer and field of our details pane that shows it.
const FIELDS: Record<string, [layer: string, field: string]> = {
  'gre.proto': ['gre', 'Protocol Type'],
  'gre.checksum': ['gre', 'Checksum'],
  'gre.offset': ['gre', 'Offset'],
  'gre.key': ['gre', 'Key'],
  'gre.sequence_number': ['gre', 'Sequence Number'],
  'vxlan.flags': ['vxlan', 'Flags'],
  'vxlan.vni': ['vxlan', 'VXLAN Network Identifier (VNI)'],
  'geneve.proto_type': ['geneve', 'Protocol Type'],
  'geneve.vni': ['geneve', 'Virtual Network Identifier (VNI)'],
  'mpls.label': ['mpls', 'MPLS Label'],
  'mpls.exp': ['mpls', 'MPLS Experimental Bits'],
  'mpls.bottom': ['mpls', 'MPLS Bottom Of Label Stack'],
  'mpls.ttl': ['mpls', 'MPLS TTL'],
  'erspan.version': ['erspan', 'Version'],
  'erspan.vlan': ['erspan', 'Vlan'],
  'erspan.spanid': ['erspan', 'SpanID'],
  'erspan.index': ['erspan', 'Index'],
  'erspan.timestamp': ['erspan', 'Timestamp'],
  'erspan.ft': ['erspan', 'Frame Type'],
  'erspan.hw': ['erspan', 'Hardware ID'],
};
const NAMES = Object.keys(FIELDS);

/** A value as both sides write it: `IP (0x0800)` and `0x0000c8 (200)` are compared by their number. */
function normalize(value: string): string {
  const hex = /\((0x[0-9a-f]+)\)$/.exec(value);
  return hex ? hex[1] : value.replace(/ \(\d+\)$/, '');
}

const fold = (text: string) => text.replace(/\s+/g, ' ').trim();

/** tshark's view of every packet in `file` (absolute TCP sequence numbers, no analysis: one packet at a time). */
export function tsharkTunnelView(file: string): TunnelView[] {
  const args = [
    '-r',
    file,
    '-n',
    '-o',
    'tcp.relative_sequence_numbers:FALSE',
    '-o',
    'tcp.analyze_sequence_numbers:FALSE',
  ];
  args.push('-o', 'ip.defragment:FALSE', '-o', 'tcp.desegment_tcp_streams:FALSE', '-T', 'fields');
  args.push('-E', 'occurrence=a', '-E', 'aggregator=,');
  for (const field of ['_ws.col.Protocol', '_ws.col.Source', '_ws.col.Destination', '_ws.col.Info', ...NAMES]) {
    args.push('-e', field);
  }
  return tsharkFieldRows(args).map(([protocol = '', src = '', dst = '', info = '', ...values]) => {
    const fields: Record<string, string> = {};
    NAMES.forEach((name, i) => {
      if (values[i]) fields[name] = values[i];
    });
    // Our columns name the broadcast address as Wireshark does with MAC names on; -n shows it bare.
    const named = (address: string) => (address === 'ff:ff:ff:ff:ff:ff' ? 'Broadcast' : address);
    return { fields, protocol, addresses: `${named(src)} → ${named(dst)}`, info: fold(info) };
  });
}

/** Our view of every packet in `file`: the details pane's tunnel fields and the packet list's columns. */
export function ourTunnelView(file: string): TunnelView[] {
  return mapDecodedPackets(file, (packet, app, record) => {
    const layers = dissectPacket(packet, app);
    const fields: Record<string, string> = {};
    for (const name of NAMES) {
      const [layerName, fieldName] = FIELDS[name];
      const values = detailValues(layers, layerName, fieldName).map(normalize);
      if (values.length > 0) fields[name] = values.join(',');
    }
    const summary = packetSummary(packet, app, 1, 0, record.originalLength);
    return {
      fields,
      protocol: summary.protocol,
      addresses: `${summary.src} → ${summary.dst}`,
      info: fold(summary.info),
      truncated: packet.truncated,
    };
  });
}
