import { createSocket } from 'node:dgram';
import { cleanField } from '../services/printable';

/** What a NetBIOS node-status answer (RFC 1002 §4.2.18) says about a host. Strings are hostile. */
export interface NetbiosStatus {
  /** the machine's NetBIOS name (unique name with suffix 0x00), e.g. 'FILESERVER' */
  name?: string;
  /** its workgroup or domain (group name with suffix 0x00) */
  workgroup?: string;
  /** the adapter address it reports, lower case with colons (absent when all zero, as Samba sends) */
  mac?: string;
  /** every name in its table: [name, suffix byte, group] */
  names: { name: string; suffix: number; group: boolean }[];
}

const NBSTAT = 0x21;
const NETBIOS_NS_PORT = 137;

/** A node-status request for the wildcard name `*`, which every NetBIOS host answers. */
export function nodeStatusQuery(transactionId: number): Buffer {
  const query = Buffer.alloc(50);
  query.writeUInt16BE(transactionId & 0xffff, 0);
  query.writeUInt16BE(0, 2); // flags: a plain query
  query.writeUInt16BE(1, 4); // one question
  query[12] = 32; // the encoded name's length
  // '*' then fifteen NULs, each half-byte as 'A'+nibble (RFC 1001 §14.1): 'CK' then 30 × 'A'.
  query.write('CK' + 'A'.repeat(30), 13, 'latin1');
  query[45] = 0;
  query.writeUInt16BE(NBSTAT, 46);
  query.writeUInt16BE(1, 48); // class IN
  return query;
}

/** Skips a (possibly compressed) DNS-style name; returns the offset after it, or -1 when malformed. */
function skipName(data: Buffer, offset: number): number {
  for (let guard = 0; guard < 64 && offset < data.length; guard++) {
    const length = data[offset]!;
    if (length === 0) return offset + 1;
    if ((length & 0xc0) === 0xc0) return offset + 2;
    if (length > 63) return -1;
    offset += 1 + length;
  }
  return -1;
}

/** Reads a node-status answer; undefined when the bytes are not one. */
export function parseNodeStatus(data: Buffer): NetbiosStatus | undefined {
  if (data.length < 12 + 2 + 10) return undefined;
  const flags = data.readUInt16BE(2);
  if ((flags & 0x8000) === 0 || data.readUInt16BE(6) < 1) return undefined;
  let at = skipName(data, 12);
  if (at < 0 || at + 10 > data.length) return undefined;
  const type = data.readUInt16BE(at);
  const length = data.readUInt16BE(at + 8);
  at += 10;
  if (type !== NBSTAT || at + length > data.length || length < 1) return undefined;
  const count = data[at]!;
  at += 1;
  if (at + count * 18 > data.length) return undefined;
  const status: NetbiosStatus = { names: [] };
  for (let i = 0; i < count; i++, at += 18) {
    const name = cleanField(
      data
        .subarray(at, at + 15)
        .toString('latin1')
        .replace(/[\0 ]+$/, ''),
      15,
    );
    const suffix = data[at + 15]!;
    const group = (data.readUInt16BE(at + 16) & 0x8000) !== 0;
    if (!name) continue;
    status.names.push({ name, suffix, group });
    if (suffix === 0 && !group && !status.name) status.name = name;
    if (suffix === 0 && group && !status.workgroup) status.workgroup = name;
  }
  if (at + 6 <= data.length) {
    const mac = data.subarray(at, at + 6);
    if (mac.some((byte) => byte !== 0))
      status.mac = [...mac].map((byte) => byte.toString(16).padStart(2, '0')).join(':');
  }
  return status;
}

/**
 * Asks each host for its NetBIOS node status over UDP 137, twice (a datagram can be lost), and
 * waits `timeoutMs` for the answers. Hosts without NetBIOS simply stay out of the map.
 */
export async function netbiosStatuses(
  ips: string[],
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<Map<string, NetbiosStatus>> {
  const results = new Map<string, NetbiosStatus>();
  if (ips.length === 0 || options.signal?.aborted) return results;
  const timeoutMs = options.timeoutMs ?? 600;
  const wanted = new Set(ips);
  const socket = createSocket('udp4');
  socket.on('error', () => undefined);
  socket.on('message', (message, remote) => {
    if (!wanted.has(remote.address) || results.has(remote.address)) return;
    const status = parseNodeStatus(message);
    if (status) results.set(remote.address, status);
  });
  await new Promise<void>((resolve) => socket.bind(0, resolve));
  const id = Math.floor(Math.random() * 0xffff);
  const sendAll = () => {
    for (const ip of ips) if (!results.has(ip)) socket.send(nodeStatusQuery(id), NETBIOS_NS_PORT, ip);
  };
  await new Promise<void>((resolve) => {
    sendAll();
    const retry = setTimeout(sendAll, timeoutMs / 2);
    const done = () => {
      clearTimeout(retry);
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    options.signal?.addEventListener('abort', done);
  });
  socket.close();
  return results;
}

/** One host's NetBIOS name and workgroup, or undefined when it does not answer. */
export async function netbiosName(
  ip: string,
  signal?: AbortSignal,
  timeoutMs = 600,
): Promise<NetbiosStatus | undefined> {
  return (await netbiosStatuses([ip], { signal, timeoutMs })).get(ip);
}
