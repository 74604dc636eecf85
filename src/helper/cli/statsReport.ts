// The human form of `lanlens stats`: the tables tshark's `-z io,phs`, `-z conv,ip`, `-z
// endpoints,ip`, `-z conv,tcp` and `-z conv,udp` print, plus top talkers, DNS names and the
// devices that announced themselves with LLDP or CDP.
import { renderTable } from './table';
import { formatPercent, formatSeconds } from '../../shared/format/displayFormat';
import type { FlowSummary, IpConversation, LinkNeighbour, TrafficSnapshot } from '../../shared/model/traffic';
import { topConversations, topTalkers, totalBytes } from '../../shared/traffic/topTalkers';

const isIpv6 = (addr: string) => addr.includes(':');

function heading(title: string): string {
  return `\n${title}\n${'='.repeat(title.length)}`;
}

function hierarchy(snapshot: TrafficSnapshot): string {
  const rows = snapshot.protocols.map((node) => {
    const names = node.path.split(':');
    return [`${'  '.repeat(names.length - 1)}${names[names.length - 1]!}`, String(node.frames), String(node.bytes)];
  });
  // Children follow their parents in first-seen order; sort siblings as the paths sort, parents first.
  const order = snapshot.protocols.map((node, i) => ({ path: node.path.split(':'), row: rows[i]! }));
  order.sort((a, b) => comparePaths(a.path, b.path));
  return renderTable(
    ['PROTOCOL', 'FRAMES', 'BYTES'],
    order.map((entry) => entry.row),
  );
}

function comparePaths(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length - b.length;
}

function conversations(rows: IpConversation[], start: number): string {
  return renderTable(
    [
      'ADDRESS A',
      'ADDRESS B',
      'FRAMES A→B',
      'BYTES A→B',
      'FRAMES B→A',
      'BYTES B→A',
      'FRAMES',
      'BYTES',
      'REL START',
      'DURATION',
    ],
    topConversations(rows, rows.length).map((row) => [
      row.aAddr,
      row.bAddr,
      String(row.packetsAtoB),
      String(row.bytesAtoB),
      String(row.packetsBtoA),
      String(row.bytesBtoA),
      String(row.packetsAtoB + row.packetsBtoA),
      String(totalBytes(row)),
      formatSeconds(row.firstSeen - start),
      formatSeconds(row.lastSeen - row.firstSeen),
    ]),
  );
}

function flows(rows: FlowSummary[], start: number): string {
  return renderTable(
    ['A', 'B', 'FRAMES A→B', 'BYTES A→B', 'FRAMES B→A', 'BYTES B→A', 'REL START', 'DURATION', 'APP', 'SERVER', 'STATE'],
    topConversations(rows, rows.length).map((row) => [
      endpoint(row.aAddr, row.aPort),
      endpoint(row.bAddr, row.bPort),
      String(row.packetsAtoB),
      String(row.bytesAtoB),
      String(row.packetsBtoA),
      String(row.bytesBtoA),
      formatSeconds(row.firstSeen - start),
      formatSeconds(row.lastSeen - row.firstSeen),
      row.app ?? '-',
      row.serverName ?? '-',
      row.tcpState ?? '-',
    ]),
  );
}

function endpoint(addr: string, port: number): string {
  return isIpv6(addr) ? `[${addr}]:${port}` : `${addr}:${port}`;
}

function endpoints(snapshot: TrafficSnapshot, ipv6: boolean): string {
  const hosts = snapshot.hosts
    .filter((host) => isIpv6(host.addr) === ipv6)
    .sort((a, b) => b.bytesIn + b.bytesOut - (a.bytesIn + a.bytesOut));
  return renderTable(
    ['ADDRESS', 'PACKETS', 'BYTES', 'TX PACKETS', 'TX BYTES', 'RX PACKETS', 'RX BYTES', 'MAC', 'NAME'],
    hosts.map((host) => [
      host.addr,
      String(host.packetsIn + host.packetsOut),
      String(host.bytesIn + host.bytesOut),
      String(host.packetsOut),
      String(host.bytesOut),
      String(host.packetsIn),
      String(host.bytesIn),
      host.mac ?? '-',
      host.name ?? '-',
    ]),
  );
}

/** Longest system description shown in the neighbours table (the JSON has it whole). */
const DESCRIPTION_WIDTH = 48;

function neighbours(rows: LinkNeighbour[], start: number): string {
  const cut = (text = '') => (text.length > DESCRIPTION_WIDTH ? `${text.slice(0, DESCRIPTION_WIDTH - 1)}…` : text);
  return renderTable(
    [
      'PROTOCOL',
      'CHASSIS',
      'PORT',
      'SYSTEM',
      'DESCRIPTION',
      'CAPABILITIES',
      'ADDRESSES',
      'VLAN',
      'TTL',
      'MAC',
      'LAST SEEN',
    ],
    [...rows]
      .sort((a, b) => a.chassisId.localeCompare(b.chassisId) || a.portId.localeCompare(b.portId))
      .map((row) => [
        row.protocol.toUpperCase(),
        row.chassisId,
        row.portId,
        row.systemName ?? '-',
        cut((row.systemDescription ?? row.platform)?.replace(/\s+/g, ' ')) || '-',
        (row.enabledCapabilities ?? row.capabilities)?.join(',') || '-',
        row.managementAddresses.join(', ') || '-',
        row.vlan ? String(row.vlan) : '-',
        String(row.ttl),
        row.sourceMac ?? '-',
        formatSeconds(row.lastSeen - start),
      ]),
  );
}

/** The report `lanlens stats FILE` prints. */
export function renderStats(snapshot: TrafficSnapshot, topCount = 10): string {
  const start = snapshot.firstPacketTime;
  const { counters } = snapshot;
  const source = snapshot.source;
  const span = snapshot.lastPacketTime - snapshot.firstPacketTime;
  const parts: string[] = [];
  const where = source.kind === 'file' ? `${source.path} (${source.format})` : source.interface;
  parts.push(
    `${where}: ${counters.packets} packets, ${counters.bytes} bytes in ${formatSeconds(span)} s` +
      (counters.truncated ? `, ${counters.truncated} truncated` : '') +
      (counters.malformed ? `, ${counters.malformed} malformed` : ''),
  );
  const evicted = Object.entries(counters.evicted).filter(([, count]) => count > 0);
  if (evicted.length) {
    parts.push(`table caps reached, rows evicted: ${evicted.map(([table, count]) => `${table} ${count}`).join(', ')}`);
  }
  parts.push(heading('Protocol hierarchy'), hierarchy(snapshot));
  const v4 = snapshot.conversations.filter((row) => !isIpv6(row.aAddr));
  const v6 = snapshot.conversations.filter((row) => isIpv6(row.aAddr));
  parts.push(heading(`IPv4 conversations (${v4.length})`), conversations(v4, start));
  if (v6.length) parts.push(heading(`IPv6 conversations (${v6.length})`), conversations(v6, start));
  parts.push(heading('IPv4 endpoints'), endpoints(snapshot, false));
  if (snapshot.hosts.some((host) => isIpv6(host.addr)))
    parts.push(heading('IPv6 endpoints'), endpoints(snapshot, true));
  parts.push(
    heading('Top talkers (bytes sent and received; share of all bytes)'),
    renderTable(
      ['ADDRESS', 'BYTES', 'SHARE', 'NAME'],
      topTalkers(snapshot.hosts, topCount).map((talker) => [
        talker.host.addr,
        String(talker.bytes),
        formatPercent(talker.share, 1),
        talker.host.name ?? '-',
      ]),
    ),
  );
  const tcp = snapshot.flows.filter((flow) => flow.transport === 'tcp');
  const udp = snapshot.flows.filter((flow) => flow.transport === 'udp');
  parts.push(heading(`TCP conversations (${tcp.length})`), flows(tcp, start));
  parts.push(heading(`UDP conversations (${udp.length})`), flows(udp, start));
  parts.push(
    heading(`DNS names (${snapshot.dnsNames.length})`),
    renderTable(
      ['ADDRESS', 'NAME', 'SOURCE'],
      [...snapshot.dnsNames]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((entry) => [entry.addr, entry.name, entry.source]),
    ),
  );
  parts.push(heading(`LLDP/CDP neighbours (${snapshot.neighbours.length})`), neighbours(snapshot.neighbours, start));
  return parts.join('\n');
}
