// Puts `lanlens stats` (the aggregator's snapshot of a file) next to tshark's statistics of the
// same file, in shapes that compare with deepEqual: each table as sorted text lines.
import assert from 'node:assert/strict';
import { analyseCaptureFile } from '../../src/helper/captureFile/analyseCaptureFile';
import { APP_PROTOCOL_NAMES } from '../../src/helper/decode/app/appRegistry';
import { TUNNEL_NAMES } from '../../src/helper/decode/tunnel/tunnelRegistry';
import type { TrafficSnapshot } from '../../src/shared/model/traffic';
import type { TsharkConversation } from './tsharkStats';
import { tsharkDirectedBytes, tsharkSize, tsharkStats } from './tsharkStats';

/** The snapshot `lanlens stats FILE --json` prints. */
export async function lanlensSnapshot(file: string): Promise<TrafficSnapshot> {
  const analysed = await analyseCaptureFile(file);
  try {
    assert.equal(analysed.read.error, undefined, `${file} read whole`);
    return analysed.snapshot();
  } finally {
    analysed.close();
  }
}

const isIpv6 = (addr: string) => addr.includes(':');

// Application protocols LAN Lens names; what tshark names beyond them is `data` to LAN Lens (the
// payload of a protocol it does not decode), and what tshark finds inside them is not compared.
const KNOWN_APPS = new Set([...Object.values(APP_PROTOCOL_NAMES), '_ws.malformed', '_ws.short', '_ws.unreassembled']);
const TRANSPORTS = new Set(['tcp', 'udp']);
/** Tunnels carried in UDP (VXLAN, GENEVE…) are layers LAN Lens decodes, not an application after it. */
const TUNNELS = new Set(TUNNEL_NAMES.filter((name) => name !== undefined));

/** tshark's hierarchy with unknown application protocols counted as `data`, as LAN Lens counts them. */
function comparableHierarchy(hierarchy: Map<string, { frames: number; bytes: number }>): string[] {
  const merged = new Map<string, { frames: number; bytes: number }>();
  for (const [path, node] of hierarchy) {
    const names = path.split(':');
    const transport = names.findIndex((name, i) => TRANSPORTS.has(name) && !TUNNELS.has(names[i + 1] ?? ''));
    const app = transport >= 0 ? names[transport + 1] : undefined;
    if (app !== undefined && !KNOWN_APPS.has(app)) {
      // Only the unknown protocol's own node becomes `data`; what it contains is beyond LAN Lens.
      if (names.length > transport + 2) continue;
      names[transport + 1] = 'data';
    } else if (app !== undefined && names.length > transport + 2 && names[transport + 2] !== '_ws.malformed') continue;
    const key = names.join(':');
    const row = merged.get(key) ?? { frames: 0, bytes: 0 };
    row.frames += node.frames;
    row.bytes += node.bytes;
    merged.set(key, row);
  }
  return [...merged].map(([path, node]) => `${path} ${node.frames}/${node.bytes}`).sort();
}

function conversationLines(rows: TsharkConversation[]): string[] {
  return rows
    .map((row) => `${row.a} -> ${row.b} ${row.framesAtoB}/${row.bytesAtoB} <- ${row.framesBtoA}/${row.bytesBtoA}`)
    .sort();
}

interface Directed {
  a: string;
  b: string;
  packetsAtoB: number;
  bytesAtoB: number;
  packetsBtoA: number;
  bytesBtoA: number;
}

function ourConversationLines(rows: Directed[]): string[] {
  return conversationLines(
    rows.map((row) => ({
      a: row.a,
      b: row.b,
      framesAtoB: row.packetsAtoB,
      bytesAtoB: tsharkSize(row.bytesAtoB),
      framesBtoA: row.packetsBtoA,
      bytesBtoA: tsharkSize(row.bytesBtoA),
    })),
  );
}

/** Every table of both tools, as sorted lines; equal tables mean equal counts. */
export interface StatsView {
  totals: string;
  hierarchy: string[];
  ipConversations: string[];
  ipv6Conversations: string[];
  tcpConversations: string[];
  udpConversations: string[];
  endpoints: string[];
  /** exact frames and bytes per direction (`src>dst`, `tcp src:port>dst:port`) */
  directedBytes: string[];
}

export function tsharkView(file: string): StatsView {
  const stats = tsharkStats(file);
  const roots = [...stats.hierarchy].filter(([path]) => !path.includes(':'));
  const endpointLines = [...stats.endpoints, ...stats.ipv6Endpoints].map(
    (row) => `${row.addr} tx ${row.txPackets}/${row.txBytes} rx ${row.rxPackets}/${row.rxBytes}`,
  );
  return {
    totals: `${roots.reduce((sum, [, node]) => sum + node.frames, 0)} frames ${roots.reduce((sum, [, node]) => sum + node.bytes, 0)} bytes`,
    hierarchy: comparableHierarchy(stats.hierarchy),
    ipConversations: conversationLines(stats.ipConversations),
    ipv6Conversations: conversationLines(stats.ipv6Conversations),
    tcpConversations: conversationLines(stats.tcpConversations),
    udpConversations: conversationLines(stats.udpConversations),
    endpoints: endpointLines.sort(),
    directedBytes: [...tsharkDirectedBytes(file)].map(([key, row]) => `${key} ${row.frames}/${row.bytes}`).sort(),
  };
}

export function lanlensView(snapshot: TrafficSnapshot): StatsView {
  const conversations = snapshot.conversations.map((row) => ({ ...row, a: row.aAddr, b: row.bAddr }));
  const endpoint = (addr: string, port: number) => `${addr}:${port}`;
  const flows = (transport: string) =>
    ourConversationLines(
      snapshot.flows
        .filter((flow) => flow.transport === transport)
        .map((flow) => ({ ...flow, a: endpoint(flow.aAddr, flow.aPort), b: endpoint(flow.bAddr, flow.bPort) })),
    );
  const directed = new Map<string, { frames: number; bytes: number }>();
  const add = (key: string, frames: number, bytes: number) => {
    if (frames === 0) return;
    const row = directed.get(key) ?? { frames: 0, bytes: 0 };
    row.frames += frames;
    row.bytes += bytes;
    directed.set(key, row);
  };
  for (const row of snapshot.conversations) {
    add(`${row.aAddr}>${row.bAddr}`, row.packetsAtoB, row.bytesAtoB);
    add(`${row.bAddr}>${row.aAddr}`, row.packetsBtoA, row.bytesBtoA);
  }
  for (const flow of snapshot.flows) {
    if (flow.transport !== 'tcp' && flow.transport !== 'udp') continue;
    const a = endpoint(flow.aAddr, flow.aPort);
    const b = endpoint(flow.bAddr, flow.bPort);
    add(`${flow.transport} ${a}>${b}`, flow.packetsAtoB, flow.bytesAtoB);
    add(`${flow.transport} ${b}>${a}`, flow.packetsBtoA, flow.bytesBtoA);
  }
  return {
    totals: `${snapshot.counters.packets} frames ${snapshot.counters.bytes} bytes`,
    hierarchy: snapshot.protocols.map((node) => `${node.path} ${node.frames}/${node.bytes}`).sort(),
    ipConversations: ourConversationLines(conversations.filter((row) => !isIpv6(row.a))),
    ipv6Conversations: ourConversationLines(conversations.filter((row) => isIpv6(row.a))),
    tcpConversations: flows('tcp'),
    udpConversations: flows('udp'),
    endpoints: snapshot.hosts
      .map((host) => `${host.addr} tx ${host.packetsOut}/${host.bytesOut} rx ${host.packetsIn}/${host.bytesIn}`)
      .sort(),
    directedBytes: [...directed].map(([key, row]) => `${key} ${row.frames}/${row.bytes}`).sort(),
  };
}

/** Asserts every table equal, naming the first that differs. */
export async function assertStatsAsTshark(file: string, label: string): Promise<StatsView> {
  const theirs = tsharkView(file);
  const ours = lanlensView(await lanlensSnapshot(file));
  for (const table of Object.keys(theirs) as (keyof StatsView)[]) {
    assert.deepEqual(ours[table], theirs[table], `${label}: ${table}`);
  }
  return theirs;
}
