// tshark as the oracle for `lanlens stats`: its statistics tables (`-z io,phs`, `conv,ip`,
// `conv,ipv6`, `endpoints,ip`, `endpoints,ipv6`, `conv,tcp`, `conv,udp`) parsed into plain rows,
// and exact per-direction byte counts summed from its per-packet fields (its conversation tables
// print bytes rounded to kB). Names are never resolved (-n), and IP reassembly and TCP
// desegmentation are off, so every frame is counted where it is (LAN Lens decodes frame by frame).
import { spawnSync } from 'node:child_process';

/** Options that make tshark count frame by frame, as LAN Lens does. */
export const TSHARK_FRAME_BY_FRAME = [
  '-n',
  '-o',
  'ip.defragment:FALSE',
  '-o',
  'ipv6.defragment:FALSE',
  '-o',
  'tcp.desegment_tcp_streams:FALSE',
];

/** One row of a conversation table, directions as tshark prints them ("->" is A to B). */
export interface TsharkConversation {
  a: string;
  b: string;
  framesAtoB: number;
  /** as tshark prints it: '378 bytes', '12 kB' */
  bytesAtoB: string;
  framesBtoA: number;
  bytesBtoA: string;
}

/** One row of an endpoint table. */
export interface TsharkEndpoint {
  addr: string;
  txPackets: number;
  txBytes: number;
  rxPackets: number;
  rxBytes: number;
}

export interface TsharkStats {
  /** `eth:ip:tcp` → frames and bytes */
  hierarchy: Map<string, { frames: number; bytes: number }>;
  ipConversations: TsharkConversation[];
  ipv6Conversations: TsharkConversation[];
  tcpConversations: TsharkConversation[];
  udpConversations: TsharkConversation[];
  endpoints: TsharkEndpoint[];
  ipv6Endpoints: TsharkEndpoint[];
}

function tshark(args: string[]): string {
  const result = spawnSync('tshark', args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`tshark ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** Runs tshark once over `file` for every table. */
export function tsharkStats(file: string): TsharkStats {
  const tables = ['io,phs', 'conv,ip', 'conv,ipv6', 'conv,tcp', 'conv,udp', 'endpoints,ip', 'endpoints,ipv6'];
  const output = tshark(['-r', file, ...TSHARK_FRAME_BY_FRAME, '-q', ...tables.flatMap((table) => ['-z', table])]);
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of output.split('\n')) {
    const title =
      /^(IPv4 Conversations|IPv6 Conversations|TCP Conversations|UDP Conversations|IPv4 Endpoints|IPv6 Endpoints|Protocol Hierarchy Statistics)$/.exec(
        line.trim(),
      );
    if (title) {
      current = [];
      sections.set(title[1], current);
    } else if (/^={10,}$/.test(line.trim())) current = undefined;
    else current?.push(line);
  }
  return {
    hierarchy: parseHierarchy(sections.get('Protocol Hierarchy Statistics') ?? []),
    ipConversations: parseConversations(sections.get('IPv4 Conversations') ?? [], false),
    ipv6Conversations: parseConversations(sections.get('IPv6 Conversations') ?? [], false),
    tcpConversations: parseConversations(sections.get('TCP Conversations') ?? [], true),
    udpConversations: parseConversations(sections.get('UDP Conversations') ?? [], true),
    endpoints: parseEndpoints(sections.get('IPv4 Endpoints') ?? []),
    ipv6Endpoints: parseEndpoints(sections.get('IPv6 Endpoints') ?? []),
  };
}

function parseHierarchy(lines: string[]): TsharkStats['hierarchy'] {
  const nodes = new Map<string, { frames: number; bytes: number }>();
  const stack: string[] = [];
  for (const line of lines) {
    const match = /^(\s*)(\S+)\s+frames:(\d+) bytes:(\d+)$/.exec(line);
    if (!match) continue;
    const depth = match[1].length / 2;
    stack.length = depth;
    stack.push(match[2]);
    nodes.set(stack.join(':'), { frames: Number(match[3]), bytes: Number(match[4]) });
  }
  return nodes;
}

function parseConversations(lines: string[], withPorts: boolean): TsharkConversation[] {
  const rows: TsharkConversation[] = [];
  for (const line of lines) {
    // "A <-> B  framesBtoA bytesBtoA  framesAtoB bytesAtoB  total... start duration"
    const match =
      /^(\S+)\s+<->\s+(\S+)\s+(\d+)\s+(\d+ (?:bytes|kB|MB|GB|TB))\s+(\d+)\s+(\d+ (?:bytes|kB|MB|GB|TB))\s+/.exec(line);
    if (!match) continue;
    rows.push({
      a: withPorts ? match[1] : match[1],
      b: match[2],
      framesBtoA: Number(match[3]),
      bytesBtoA: match[4],
      framesAtoB: Number(match[5]),
      bytesAtoB: match[6],
    });
  }
  return rows;
}

function parseEndpoints(lines: string[]): TsharkEndpoint[] {
  const rows: TsharkEndpoint[] = [];
  for (const line of lines) {
    const match = /^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$/.exec(line);
    if (!match) continue;
    rows.push({
      addr: match[1],
      txPackets: Number(match[4]),
      txBytes: Number(match[5]),
      rxPackets: Number(match[6]),
      rxBytes: Number(match[7]),
    });
  }
  return rows;
}

/** Bytes as tshark's tables print them (wsutil's format_size, SI units, whole numbers): `378 bytes`, `12 kB`. */
export function tsharkSize(bytes: number): string {
  const units = ['TB', 'GB', 'MB', 'kB'];
  for (let i = 0; i < units.length; i++) {
    const scale = 1000 ** (units.length - i);
    if (bytes / scale >= 10) return `${Math.floor(bytes / scale)} ${units[i]}`;
  }
  return `${bytes} bytes`;
}

/**
 * Exact bytes per direction between addresses (`src>dst`) and between endpoints of TCP and UDP
 * (`src:port>dst:port`), summed over tshark's per-packet fields: every IP header of each frame
 * (a tunnelled frame has one per level) and every TCP or UDP header, as its conversation taps
 * count them, but not the packet an ICMP error quotes.
 */
export function tsharkDirectedBytes(file: string): Map<string, { frames: number; bytes: number }> {
  const fields = [
    'frame.len',
    'frame.protocols',
    'ip.src',
    'ip.dst',
    'ipv6.src',
    'ipv6.dst',
    'tcp.srcport',
    'tcp.dstport',
    'udp.srcport',
    'udp.dstport',
    'tcp.hdr_len',
    'udp.length',
    'ipv6.fraghdr.offset',
  ];
  const output = tshark([
    '-r',
    file,
    ...TSHARK_FRAME_BY_FRAME,
    '-T',
    'fields',
    '-E',
    'occurrence=a',
    '-E',
    'aggregator=,',
    ...fields.flatMap((field) => ['-e', field]),
  ]);
  const totals = new Map<string, { frames: number; bytes: number }>();
  const add = (key: string, bytes: number) => {
    const row = totals.get(key) ?? { frames: 0, bytes: 0 };
    row.frames++;
    row.bytes += bytes;
    totals.set(key, row);
  };
  for (const line of output.split('\n')) {
    if (!line) continue;
    const [length, protocols = '', ...rest] = line.split('\t');
    const [src4, dst4, src6, dst6, tcpSrc, tcpDst, udpSrc, udpDst, tcpHeader, udpLength, fragment] = rest.map(
      (value) => (value ? value.split(',') : []),
    );
    const bytes = Number(length);
    // Walk the layers in order, each taking the next occurrence of its fields.
    const next = { ip: 0, ipv6: 0, tcp: 0, udp: 0, fragment: 0 };
    let src: string | undefined;
    let dst: string | undefined;
    const layers = protocols.split(':');
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i];
      // What follows an ICMP error is the packet it quotes, which no tap counts.
      if (layer === 'icmp' || layer === 'icmpv6') break;
      if (layer === 'ip') {
        src = src4[next.ip];
        dst = dst4[next.ip++];
        if (src && dst) add(`${src}>${dst}`, bytes);
      } else if (layer === 'ipv6') {
        src = src6[next.ipv6];
        dst = dst6[next.ipv6++];
        // Its IPv6 tap skips a later fragment it does not reassemble (its conv,ipv6 table shows it).
        const laterFragment = layers[i + 1] === 'ipv6.fraghdr' && Number(fragment[next.fragment++] ?? 0) !== 0;
        if (src && dst && !laterFragment) add(`${src}>${dst}`, bytes);
      } else if (layer === 'tcp') {
        // A header cut before its length field, or a bogus length (below 20 for TCP, 1 to 7 for
        // UDP), stops the dissector before its conversation tap (its conv tables show it).
        const at = next.tcp++;
        if (src && dst && Number(tcpHeader[at]) >= 20) add(`tcp ${src}:${tcpSrc[at]}>${dst}:${tcpDst[at]}`, bytes);
      } else if (layer === 'udp') {
        const at = next.udp++;
        const length = udpLength[at] ? Number(udpLength[at]) : -1;
        if (src && dst && (length >= 8 || length === 0)) add(`udp ${src}:${udpSrc[at]}>${dst}:${udpDst[at]}`, bytes);
      }
    }
  }
  return totals;
}
