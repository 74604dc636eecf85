// Captured traffic attributed to the program's sockets: a flow of the capture's flow table whose
// addresses and ports are a socket's (either way round) is that socket's, and so its process's.
// From those flows come the server names (TLS SNI, HTTP Host, DNS), resets and the TLS handshakes,
// and from the recent packets the HTTP lines; DNS answers name the hosts the program contacted. Pure: the capture
// store's snapshot in, the panel's lists out. Sockets that opened and closed between two readings
// have no process, so their flows are not attributed.
import type { ConversationKey } from '../../shared/helperProtocol';
import type { SocketRow } from '../../shared/model/sockets';
import type { FlowSummary, TrafficSnapshot } from '../../shared/model/traffic';
import type { CapturedTraffic } from '../../shared/socketsViewProtocol';

/** The most lines of each list kept (the newest). */
const MAX_LINES = 500;

/** An IPv4-mapped IPv6 address (a dual-stack socket's) as the IPv4 address the capture shows. */
function plain(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

function key(transport: string, a: string, aPort: number, b: string, bPort: number): string {
  return `${transport} ${plain(a)} ${aPort} ${plain(b)} ${bPort}`;
}

/** Rows by both orientations of their 5-tuple. */
function rowIndex(rows: Iterable<SocketRow>): Map<string, SocketRow> {
  const index = new Map<string, SocketRow>();
  for (const row of rows) {
    if (!row.remotePort) continue;
    index.set(key(row.protocol, row.localAddress, row.localPort, row.remoteAddress, row.remotePort), row);
  }
  return index;
}

function rowOf(index: Map<string, SocketRow>, flow: FlowSummary): SocketRow | undefined {
  if (flow.transport !== 'tcp' && flow.transport !== 'udp') return undefined;
  return (
    index.get(key(flow.transport, flow.aAddr, flow.aPort, flow.bAddr, flow.bPort)) ??
    index.get(key(flow.transport, flow.bAddr, flow.bPort, flow.aAddr, flow.aPort))
  );
}

const remoteOf = (row: SocketRow): string =>
  row.remoteAddress.includes(':')
    ? `[${row.remoteAddress}]:${row.remotePort}`
    : `${row.remoteAddress}:${row.remotePort}`;

/** What the capture saw on `rows`' connections. */
export function attributeCapture(rows: Iterable<SocketRow>, snapshot: TrafficSnapshot): CapturedTraffic {
  const index = rowIndex(rows);
  const byFlow = new Map<string, SocketRow>();
  const flows: CapturedTraffic['flows'] = [];
  const remotes = new Set<string>();
  for (const flow of snapshot.flows) {
    const row = rowOf(index, flow);
    if (!row) continue;
    byFlow.set(flow.id, row);
    remotes.add(plain(row.remoteAddress));
    flows.push({
      id: row.id,
      ...(flow.app ? { app: flow.app } : {}),
      ...(flow.serverName ? { serverName: flow.serverName } : {}),
      reset: flow.tcpState === 'reset',
      packets: flow.packetsAtoB + flow.packetsBtoA,
    });
  }
  // A TLS or QUIC flow's server name is read from its whole Client Hello; the recent packets keep
  // only their first bytes, which seldom reach the SNI extension.
  const tls: CapturedTraffic['tls'] = snapshot.flows
    .filter((flow) => (flow.app === 'tls' || flow.app === 'quic') && flow.serverName && byFlow.has(flow.id))
    .map((flow) => {
      const row = byFlow.get(flow.id)!;
      return { time: flow.firstSeen, pid: row.pid, remote: remoteOf(row), serverName: flow.serverName! };
    })
    .sort((a, b) => a.time - b.time);
  const http: CapturedTraffic['http'] = [];
  for (const packet of snapshot.recent) {
    const row = packet.flowId === undefined ? undefined : byFlow.get(packet.flowId);
    if (row && packet.protocol.startsWith('HTTP') && packet.info !== 'Continuation')
      http.push({ time: packet.time, pid: row.pid, remote: remoteOf(row), line: packet.info });
  }
  const names = snapshot.dnsNames
    .filter((entry) => entry.source === 'dns' && remotes.has(entry.addr))
    .map((entry) => ({ name: entry.name, address: entry.addr }));
  return { flows, names, tls: tls.slice(-MAX_LINES), http: http.slice(-MAX_LINES) };
}

/**
 * The conversations of `rows` (connected TCP and UDP sockets, open or closed), as the capture
 * names them: what "the session's packets" are.
 */
export function sessionConversations(rows: Iterable<SocketRow>): ConversationKey[] {
  const conversations = new Map<string, ConversationKey>();
  for (const row of rows) {
    if (!row.remotePort) continue;
    const conversation: ConversationKey = {
      transport: row.protocol,
      a: plain(row.localAddress),
      aPort: row.localPort,
      b: plain(row.remoteAddress),
      bPort: row.remotePort,
    };
    const id = key(row.protocol, conversation.a, row.localPort, conversation.b, row.remotePort);
    conversations.set(id, conversation);
  }
  return [...conversations.values()];
}
