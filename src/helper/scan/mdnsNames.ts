import { createSocket } from 'node:dgram';
import * as dnsPacket from 'dns-packet';
import { addressOfReverseName, cleanHostname, reverseName } from './reverseName';

const MDNS_GROUP = '224.0.0.251';
const MDNS_PORT = 5353;

/**
 * Asks the local link by mDNS for the names of `ips`. Queries leave from an ephemeral port (a
 * "legacy unicast" query, RFC 6762 §6.7), so responders answer us directly and nothing is joined.
 * The socket is bound to the interface's own address so the multicast never leaves that link.
 */
export async function mdnsNames(
  ips: string[],
  interfaceAddress: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (ips.length === 0) return names;
  const wanted = new Set(ips);
  const socket = createSocket({ type: 'udp4', reuseAddr: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address: interfaceAddress, port: 0 }, () => resolve());
  });
  socket.on('error', () => undefined);
  socket.setMulticastInterface(interfaceAddress);
  socket.setMulticastTTL(255);
  socket.on('message', (message) => {
    let packet: dnsPacket.Packet;
    try {
      packet = dnsPacket.decode(message);
    } catch {
      return; // a hostile or broken answer is simply not a name
    }
    for (const answer of [...(packet.answers ?? []), ...(packet.additionals ?? [])]) {
      if (answer.type !== 'PTR' || typeof answer.data !== 'string') continue;
      const ip = addressOfReverseName(answer.name);
      const name = cleanHostname(answer.data);
      if (ip && name && wanted.has(ip) && !names.has(ip)) names.set(ip, name);
    }
  });
  // A few questions per packet keeps each query well under the link MTU.
  for (let i = 0; i < ips.length; i += 16) {
    const questions = ips
      .slice(i, i + 16)
      .map((ip) => ({ type: 'PTR' as const, name: reverseName(ip), class: 'IN' as const }));
    const query = dnsPacket.encode({ type: 'query', id: 0, flags: 0, questions });
    socket.send(query, MDNS_PORT, MDNS_GROUP);
  }
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  socket.close();
  return names;
}
