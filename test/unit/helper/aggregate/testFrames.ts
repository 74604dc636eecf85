// Frames for the aggregator tests, assembled field by field (Ethernet II, IPv4/IPv6, TCP/UDP, ARP).
import { parseIpv4 } from '../../../../src/shared/cidr';

export interface FrameSpec {
  src: string;
  dst: string;
  protocol: 'tcp' | 'udp' | 'icmp';
  sport?: number;
  dport?: number;
  /** TCP flags byte (0x02 SYN, 0x12 SYN-ACK, 0x10 ACK, 0x11 FIN-ACK, 0x04 RST) */
  flags?: number;
  payload?: number;
  /** the payload itself (instead of `payload` bytes of 'a') */
  payloadBytes?: Buffer;
  srcMac?: string;
}

const macBytes = (mac: string) => Buffer.from(mac.replace(/:/g, ''), 'hex');

function ipv6Bytes(text: string): Buffer {
  const [head = '', tail = ''] = text.split('::');
  const parts = (s: string) => (s ? s.split(':') : []);
  const groups = [
    ...parts(head),
    ...Array<string>(8 - parts(head).length - parts(tail).length).fill('0'),
    ...parts(tail),
  ];
  return Buffer.from(groups.map((group: string) => group.padStart(4, '0')).join(''), 'hex');
}

/** A TCP segment's spec: the form most tests need. */
export const tcp = (src: string, dst: string, sport: number, dport: number, flags: number, payload = 0): FrameSpec => ({
  src,
  dst,
  protocol: 'tcp',
  sport,
  dport,
  flags,
  payload,
});

/** An Ethernet frame carrying IPv4 or IPv6 (by the address form) and TCP, UDP or ICMP. */
export function ipFrame(spec: FrameSpec): Buffer {
  const v6 = spec.src.includes(':');
  const payload = spec.payloadBytes ?? Buffer.alloc(spec.payload ?? 0, 0x61);
  let transport: Buffer;
  if (spec.protocol === 'tcp') {
    transport = Buffer.alloc(20);
    transport.writeUInt16BE(spec.sport ?? 0, 0);
    transport.writeUInt16BE(spec.dport ?? 0, 2);
    transport[12] = 0x50;
    transport[13] = spec.flags ?? 0x10;
  } else if (spec.protocol === 'udp') {
    transport = Buffer.alloc(8);
    transport.writeUInt16BE(spec.sport ?? 0, 0);
    transport.writeUInt16BE(spec.dport ?? 0, 2);
    transport.writeUInt16BE(8 + payload.length, 4);
  } else {
    transport = Buffer.from([8, 0, 0, 0, 0, 1, 0, 1]);
  }
  const body = Buffer.concat([transport, payload]);
  const number = { tcp: 6, udp: 17, icmp: v6 ? 58 : 1 }[spec.protocol];
  let ip: Buffer;
  if (v6) {
    ip = Buffer.alloc(40);
    ip[0] = 0x60;
    ip.writeUInt16BE(body.length, 4);
    ip[6] = number;
    ip[7] = 64;
    ipv6Bytes(spec.src).copy(ip, 8);
    ipv6Bytes(spec.dst).copy(ip, 24);
  } else {
    ip = Buffer.alloc(20);
    ip[0] = 0x45;
    ip.writeUInt16BE(20 + body.length, 2);
    ip[8] = 64;
    ip[9] = number;
    ip.writeUInt32BE(parseIpv4(spec.src)!, 12);
    ip.writeUInt32BE(parseIpv4(spec.dst)!, 16);
  }
  const eth = Buffer.concat([
    macBytes('02:00:00:00:00:ff'),
    macBytes(spec.srcMac ?? '02:00:00:00:00:01'),
    Buffer.from(v6 ? [0x86, 0xdd] : [0x08, 0x00]),
  ]);
  return Buffer.concat([eth, ip, body]);
}

/** An Ethernet ARP frame (request 1 or reply 2). */
export function arpFrame(operation: number, senderMac: string, senderIp: string, targetIp: string): Buffer {
  const arp = Buffer.alloc(28);
  arp.writeUInt16BE(1, 0);
  arp.writeUInt16BE(0x0800, 2);
  arp[4] = 6;
  arp[5] = 4;
  arp.writeUInt16BE(operation, 6);
  macBytes(senderMac).copy(arp, 8);
  arp.writeUInt32BE(parseIpv4(senderIp)!, 14);
  arp.writeUInt32BE(parseIpv4(targetIp)!, 24);
  return Buffer.concat([macBytes('ff:ff:ff:ff:ff:ff'), macBytes(senderMac), Buffer.from([0x08, 0x06]), arp]);
}
