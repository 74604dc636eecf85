// tshark as the oracle for decoding: per packet, the protocol stack up to the transport layer and
// the transport ports, next to what our reader and decoders make of the same file.
import { spawnSync } from 'node:child_process';
import type { PacketLayer } from '../../src/shared/model/traffic';
import { openPcapFile } from '../../src/helper/capture/pcapFile';
import type { PcapRecord } from '../../src/helper/capture/pcapRecord';
import { AppInfo } from '../../src/helper/decode/app/appInfo';
import { decodeApp } from '../../src/helper/decode/app/decodeApp';
import { decodePacket } from '../../src/helper/decode/decodePacket';
import { DecodedPacket } from '../../src/helper/decode/packet';
import { protocolStack } from '../../src/helper/decode/protocolStack';
import { TUNNEL_NAMES } from '../../src/helper/decode/tunnel/tunnelRegistry';

/** One packet as either side sees it. */
export interface PacketView {
  stack: string;
  /** "src>dst" for TCP and UDP, empty otherwise */
  ports: string;
}

/** Why a tool cannot be used here, or undefined when it can. */
export function missingTool(name: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 ? undefined : `${name} is not installed (scripts/setup.sh installs it)`;
}

// Layers we decode, in Wireshark's names; tshark's others (ethertype, data, dns…) are left out.
const DECODED = new Set(
  (
    'eth sll null raw nflog radiotap wlan_radio wlan pktap user_dlt vlan ieee8021ad arp llc ip ipv6 ipv6.hopopts ' +
    'ipv6.routing ipv6.fraghdr ipv6.dstopts ah ' +
    'tcp udp icmp icmpv6 esp'
  ).split(' '),
);
for (const name of TUNNEL_NAMES) if (name) DECODED.add(name);
const TRANSPORTS = new Set(['tcp', 'udp', 'icmp', 'icmpv6', 'esp']);
/** Names a transport may be followed by in our stack: the tunnels carried in UDP. */
const AFTER_TRANSPORT = new Set(TUNNEL_NAMES.filter((name) => name !== undefined));

/** Runs tshark with `args` (ending in `-T fields` and `-e` fields): each packet's values, in order. */
export function tsharkFieldRows(args: readonly string[]): string[][] {
  const run = spawnSync('tshark', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`tshark failed: ${run.stderr}`);
  return run.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t'));
}

/** tshark's view of every packet in `file`, reassembly off (we decode packet by packet). */
export function tsharkView(file: string): PacketView[] {
  const args = ['-r', file, '-n', '-o', 'ip.defragment:FALSE', '-o', 'ipv6.defragment:FALSE'];
  args.push('-o', 'tcp.desegment_tcp_streams:FALSE', '-T', 'fields');
  // The innermost ports: a tunnel in UDP (VXLAN) has the outer ones first.
  args.push('-E', 'occurrence=l');
  for (const field of ['frame.protocols', 'tcp.srcport', 'tcp.dstport', 'udp.srcport', 'udp.dstport']) {
    args.push('-e', field);
  }
  return tsharkFieldRows(args).map(([protocols = '', tcpSrc, tcpDst, udpSrc, udpDst]) => {
    const stack: string[] = [];
    const names = protocols.split(':').filter((name) => DECODED.has(name));
    for (let i = 0; i < names.length; i++) {
      stack.push(names[i]);
      // What follows a transport is an ICMP error's quoted packet, which we do not decode, unless
      // it is a tunnel carried in UDP (VXLAN, GENEVE…).
      if (TRANSPORTS.has(names[i]) && !AFTER_TRANSPORT.has(names[i + 1] ?? '')) break;
    }
    const last = stack[stack.length - 1];
    const ports = last === 'tcp' ? `${tcpSrc}>${tcpDst}` : last === 'udp' ? `${udpSrc}>${udpDst}` : '';
    return { stack: stack.join(':'), ports };
  });
}

/** Every value our details pane shows for `field` of the layers named `layer`, in order. */
export function detailValues(layers: readonly PacketLayer[], layer: string, field: string): string[] {
  return layers
    .filter((candidate) => candidate.name === layer)
    .flatMap((candidate) => candidate.fields.filter((shown) => shown.name === field))
    .map((shown) => shown.value);
}

/**
 * Reads `file` with our reader and decoders, and calls `visit` with each packet decoded (its
 * application layer too) and its record: what every oracle's "our view" is made from.
 */
export function mapDecodedPackets<T>(
  file: string,
  visit: (packet: DecodedPacket, app: AppInfo, record: PcapRecord) => T,
): T[] {
  const reader = openPcapFile(file);
  const packet = new DecodedPacket();
  const app = new AppInfo();
  const views: T[] = [];
  try {
    for (let record = reader.next(); record; record = reader.next()) {
      decodePacket(packet, record.linkType, record.data, record.offset, record.capturedLength);
      decodeApp(packet, app);
      views.push(visit(packet, app, record));
    }
  } finally {
    reader.close();
  }
  return views;
}

/** Our reader's and decoders' view of every packet in `file`. */
export function ourView(file: string): PacketView[] {
  return mapDecodedPackets(file, (packet) => {
    const stack = protocolStack(packet);
    const last = stack[stack.length - 1];
    const withPorts = last === 'tcp' || last === 'udp';
    return { stack: stack.join(':'), ports: withPorts ? `${packet.srcPort}>${packet.dstPort}` : '' };
  });
}
