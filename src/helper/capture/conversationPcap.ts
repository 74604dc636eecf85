// The packets of some conversations, out of a capture's recording, as a pcap of their own: what the
// debug panel exports as "the session's packets". The recording is read record by record and each
// frame decoded for its innermost 5-tuple; matches are streamed to the destination through the
// project's pcap writer, so neither file is ever held in memory. A conversation is matched either
// way round; non-first IP fragments carry no ports and are left out.
import { closeSync, openSync, writeSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConversationKey } from '../../shared/helperProtocol';
import { ipv4Text, ipv6At } from '../decode/addressText';
import { decodePacket } from '../decode/decodePacket';
import { DecodedPacket, TransportLayer } from '../decode/packet';
import { asInvokingUser } from '../os/dropPrivileges';
import { ClassicPcapReader } from './classicPcapReader';
import { namingFile, namingFileAsync } from './fileNamedErrors';
import { openPcapFile } from './pcapFile';
import { PcapWriter } from './pcapWriter';

/** Records read between two yields to the event loop, so other requests are served meanwhile. */
const RECORDS_PER_SLICE = 16_384;

/** An IPv4-mapped IPv6 address (a dual-stack socket's) as the IPv4 address on the wire. */
function wireAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

function key(transport: string, a: string, aPort: number, b: string, bPort: number): string {
  return `${transport} ${a} ${aPort} ${b} ${bPort}`;
}

/** The conversations as lookup keys, both orientations. */
export function conversationKeys(conversations: readonly ConversationKey[]): Set<string> {
  const keys = new Set<string>();
  for (const { transport, a, aPort, b, bPort } of conversations) {
    const [x, y] = [wireAddress(a), wireAddress(b)];
    keys.add(key(transport, x, aPort, y, bPort));
    keys.add(key(transport, y, bPort, x, aPort));
  }
  return keys;
}

/** The key of a decoded packet's innermost TCP or UDP 5-tuple, undefined for anything else. */
export function packetKey(packet: DecodedPacket): string | undefined {
  const transport =
    packet.transport === TransportLayer.Tcp ? 'tcp' : packet.transport === TransportLayer.Udp ? 'udp' : undefined;
  if (!transport || packet.isFragment) return undefined;
  const source = packet.ipVersion === 4 ? ipv4Text(packet.srcIpv4) : ipv6At(packet.data, packet.srcAddrOffset);
  const destination = packet.ipVersion === 4 ? ipv4Text(packet.dstIpv4) : ipv6At(packet.data, packet.dstAddrOffset);
  return key(transport, source, packet.srcPort, destination, packet.dstPort);
}

/** Checks conversations from the protocol: a clear message names the first bad one. */
export function checkConversations(value: unknown): ConversationKey[] {
  if (!Array.isArray(value)) throw new Error('conversations must be a list.');
  if (value.length === 0) throw new Error('conversations must name at least one conversation.');
  if (value.length > 1_000_000) throw new Error(`conversations holds ${value.length} entries; at most 1,000,000.`);
  const port = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 65535;
  value.forEach((entry: Partial<ConversationKey> | null, index) => {
    const bad = (why: string) => new Error(`conversations[${index}] ${why}: ${JSON.stringify(entry)?.slice(0, 200)}`);
    if (!entry || typeof entry !== 'object') throw bad('is not an object');
    if (entry.transport !== 'tcp' && entry.transport !== 'udp') throw bad('needs transport "tcp" or "udp"');
    if (typeof entry.a !== 'string' || !isIP(entry.a) || typeof entry.b !== 'string' || !isIP(entry.b))
      throw bad('needs IP addresses a and b');
    if (!port(entry.aPort) || !port(entry.bPort)) throw bad('needs ports aPort and bPort from 0 to 65535');
  });
  return value as ConversationKey[];
}

/**
 * Writes the packets of `conversations` among the first `untilByte` bytes of the classic pcap at
 * `recording` to `destination` (replaced; created as the invoking user when the helper runs as root
 * for one). Answers how many packets and bytes (file size) were written.
 */
export async function writeConversationPcap(
  recording: string,
  untilByte: number,
  destination: string,
  conversations: readonly ConversationKey[],
): Promise<{ packets: number; bytes: number }> {
  const keys = conversationKeys(conversations);
  const reader = openPcapFile(recording);
  try {
    if (!(reader instanceof ClassicPcapReader)) throw new Error('the recording is not a classic pcap');
    // Records appended after this call are not read: the copy is the recording as it is now.
    reader.until = untilByte;
    // Opened synchronously: the effective user must not change back before the file exists.
    const fd = asInvokingUser(() => openSync(destination, 'w', 0o644));
    let bytes = 0;
    const writer = new PcapWriter(
      {
        write: (buffer, length) => {
          for (let written = 0; written < length;)
            written += namingFile(destination, () => writeSync(fd, buffer, written, length - written));
          bytes += length;
        },
        close: () => namingFile(destination, () => closeSync(fd)),
      },
      { linkType: reader.linkType, snapLength: reader.snapLength, nanoseconds: reader.nanosPerUnit === 1 },
    );
    let packets = 0;
    // The reader's errors are the recording's (writes to the destination already name it).
    const copy = async () => {
      const packet = new DecodedPacket();
      for (let read = 0; ; read++) {
        if (read > 0 && read % RECORDS_PER_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
        const record = reader.next();
        if (!record) break;
        decodePacket(packet, record.linkType, record.data, record.offset, record.capturedLength);
        const found = packetKey(packet);
        if (found === undefined || !keys.has(found)) continue;
        writer.write(
          record.seconds,
          record.nanoseconds,
          record.data,
          record.offset,
          record.capturedLength,
          record.originalLength,
        );
        packets++;
      }
    };
    try {
      await namingFileAsync(recording, copy);
    } finally {
      writer.close();
    }
    return { packets, bytes };
  } finally {
    reader.close();
  }
}
