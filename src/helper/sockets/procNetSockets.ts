// The fallback socket table where the kernel's socket diagnostics cannot be used: /proc/net/tcp,
// tcp6, udp and udp6. They give states, addresses, owners' uids, inodes and retransmits, but no
// byte counters, round-trip times or close events.
import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { ipv4At, ipv6At } from '../decode/addressText';
import type { KernelSocket } from './nativeSockDiag';

/** The files read, with what each holds. */
const PROC_NET_FILES = [
  { file: 'tcp', protocol: 'tcp', family: 4 },
  { file: 'tcp6', protocol: 'tcp', family: 6 },
  { file: 'udp', protocol: 'udp', family: 4 },
  { file: 'udp6', protocol: 'udp', family: 6 },
] as const;

/** An address as /proc/net prints it: 32-bit words in hex, each in the machine's byte order. */
function parseAddress(hex: string, family: 4 | 6, littleEndian: boolean): string {
  const bytes = new Uint8Array(hex.length / 2);
  for (let word = 0; word < bytes.length / 4; word++) {
    for (let i = 0; i < 4; i++) {
      const at = word * 8 + (littleEndian ? 6 - 2 * i : 2 * i);
      bytes[word * 4 + i] = parseInt(hex.slice(at, at + 2), 16);
    }
  }
  return family === 4 ? ipv4At(bytes, 0) : ipv6At(bytes, 0);
}

/**
 * Parses one /proc/net/{tcp,tcp6,udp,udp6} file. Sockets without an inode (time-wait) are left
 * out: no process holds them. `littleEndian` is the machine's byte order.
 */
export function parseProcNet(
  text: string,
  protocol: 'tcp' | 'udp',
  family: 4 | 6,
  littleEndian = endianness() === 'LE',
): KernelSocket[] {
  const sockets: KernelSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const [local, remote, state, , , retransmits, uid, , inode] = fields.slice(1);
    const [localHex, localPort] = (local ?? '').split(':');
    const [remoteHex, remotePort] = (remote ?? '').split(':');
    const inodeNumber = Number(inode);
    if (!localHex || !remoteHex || !inodeNumber) continue;
    sockets.push({
      protocol,
      family,
      state: parseInt(state ?? '0', 16),
      localAddress: parseAddress(localHex, family, littleEndian),
      localPort: parseInt(localPort ?? '0', 16),
      remoteAddress: parseAddress(remoteHex, family, littleEndian),
      remotePort: parseInt(remotePort ?? '0', 16),
      uid: Number(uid),
      inode: inodeNumber,
      cookie: `inode:${inodeNumber}`,
      retransmits: parseInt(retransmits ?? '0', 16),
    });
  }
  return sockets;
}

/** Every TCP and UDP socket with an inode, from /proc/net; a missing file (no IPv6) adds none. */
export function readProcNetSockets(root = '/proc/net'): KernelSocket[] {
  const sockets: KernelSocket[] = [];
  for (const { file, protocol, family } of PROC_NET_FILES) {
    let text: string;
    try {
      text = readFileSync(`${root}/${file}`, 'utf8');
    } catch {
      continue;
    }
    for (const socket of parseProcNet(text, protocol, family)) sockets.push(socket);
  }
  return sockets;
}
