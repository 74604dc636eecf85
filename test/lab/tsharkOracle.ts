// tshark as the oracle for decoding: per packet, the protocol stack up to the transport layer and
// the transport ports, next to what our reader and decoders make of the same file.
import { spawnSync } from 'node:child_process';
import { openPcapFile } from '../../src/helper/capture/pcapFile';
import { decodePacket } from '../../src/helper/decode/decodePacket';
import { DecodedPacket, TransportLayer } from '../../src/helper/decode/packet';
import { protocolStack } from '../../src/helper/decode/protocolStack';

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
const TRANSPORTS = new Set(['tcp', 'udp', 'icmp', 'icmpv6', 'esp']);

/** tshark's view of every packet in `file`, reassembly off (we decode packet by packet). */
export function tsharkView(file: string): PacketView[] {
  const run = spawnSync(
    'tshark',
    [
      '-r',
      file,
      '-n',
      '-o',
      'ip.defragment:FALSE',
      '-o',
      'ipv6.defragment:FALSE',
      '-o',
      'tcp.desegment_tcp_streams:FALSE',
      '-T',
      'fields',
      '-E',
      'occurrence=f',
      '-e',
      'frame.protocols',
      '-e',
      'tcp.srcport',
      '-e',
      'tcp.dstport',
      '-e',
      'udp.srcport',
      '-e',
      'udp.dstport',
    ],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`tshark failed: ${run.stderr}`);
  return run.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [protocols = '', tcpSrc, tcpDst, udpSrc, udpDst] = line.split('\t');
      const stack: string[] = [];
      for (const name of protocols.split(':')) {
        if (!DECODED.has(name)) continue;
        stack.push(name);
        // What follows the first transport is an ICMP error's quoted packet, which we do not decode.
        if (TRANSPORTS.has(name)) break;
      }
      const last = stack[stack.length - 1];
      const ports = last === 'tcp' ? `${tcpSrc}>${tcpDst}` : last === 'udp' ? `${udpSrc}>${udpDst}` : '';
      return { stack: stack.join(':'), ports };
    });
}

/** Our reader's and decoders' view of every packet in `file`. */
export function ourView(file: string): PacketView[] {
  const reader = openPcapFile(file);
  const packet = new DecodedPacket();
  const views: PacketView[] = [];
  try {
    for (let record = reader.next(); record; record = reader.next()) {
      decodePacket(packet, record.linkType, record.data, record.offset, record.capturedLength);
      const withPorts = packet.transport === TransportLayer.Tcp || packet.transport === TransportLayer.Udp;
      views.push({
        stack: protocolStack(packet).join(':'),
        ports: withPorts ? `${packet.srcPort}>${packet.dstPort}` : '',
      });
    }
  } finally {
    reader.close();
  }
  return views;
}
