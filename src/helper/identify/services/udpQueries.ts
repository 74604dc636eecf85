import { createSocket } from 'node:dgram';
import * as dnsPacket from 'dns-packet';
import { nodeStatusQuery } from '../os/netbiosStatus';

/**
 * What LAN Lens sends to a UDP port when the port scan brought no answer to read: a question each
 * service answers (a DNS CHAOS version.bind query, an NTP client packet, an SNMPv2c get of
 * sysDescr with community "public", a NetBIOS node status, a unicast SSDP search).
 */
export const udpQueries: Record<number, () => Buffer> = {
  53: () =>
    dnsPacket.encode({
      type: 'query',
      id: 0x4c4c,
      flags: 0,
      questions: [{ type: 'TXT', class: 'CH', name: 'version.bind' }],
    }),
  123: () => {
    const packet = Buffer.alloc(48);
    packet[0] = (4 << 3) | 3; // version 4, client mode
    return packet;
  },
  137: () => nodeStatusQuery(0x4c4c),
  161: () =>
    Buffer.from('302902010104067075626c6963a01c02044c4c4c4c020100020100300e300c06082b060102010101000500', 'hex'),
  1900: () =>
    Buffer.from(
      'M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\nMX: 1\r\nST: ssdp:all\r\n\r\n',
      'latin1',
    ),
};

/** Sends `query` to ip:port and resolves to the first datagram back from there, or undefined after `timeoutMs`. */
export function udpQuery(
  ip: string,
  port: number,
  query: Buffer,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    let done = false;
    const finish = (answer: Buffer | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(retry);
      signal?.removeEventListener('abort', onAbort);
      socket.close();
      resolve(answer);
    };
    const onAbort = () => finish(undefined);
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    // A datagram can be lost: ask once more halfway.
    const retry = setTimeout(() => socket.send(query, port, ip), timeoutMs / 2);
    signal?.addEventListener('abort', onAbort);
    socket.on('error', () => finish(undefined));
    socket.on('message', (message, remote) => {
      if (remote.address === ip && remote.port === port) finish(message);
    });
    socket.send(query, port, ip);
  });
}
