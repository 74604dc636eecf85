import { renderTable } from './table';
import type { TrafficSnapshot } from '../../shared/model/traffic';

const TOP = 10;

/** The end-of-capture report: totals and drops, protocol hierarchy, top conversations and endpoints. */
export function renderCaptureReport(snapshot: TrafficSnapshot): string {
  const { counters } = snapshot;
  const seconds = snapshot.firstPacketTime ? (snapshot.lastPacketTime - snapshot.firstPacketTime) / 1000 : 0;
  const lines = [
    `${counters.packets} packets, ${counters.bytes} bytes in ${seconds.toFixed(3)} s`,
    `dropped: ${counters.kernelDrops} by the kernel, ${counters.interfaceDrops} by the interface; ${counters.truncated} truncated, ${counters.malformed} malformed`,
  ];
  if (snapshot.protocols.length) {
    lines.push('', 'Protocol hierarchy');
    lines.push(
      renderTable(
        ['protocol', 'frames', 'bytes'],
        snapshot.protocols.map((node) => {
          const depth = node.path.split(':').length - 1;
          return [`${'  '.repeat(depth)}${node.path.split(':').at(-1)}`, String(node.frames), String(node.bytes)];
        }),
      ),
    );
  }
  const conversations = [...snapshot.conversations]
    .sort((a, b) => b.bytesAtoB + b.bytesBtoA - (a.bytesAtoB + a.bytesBtoA))
    .slice(0, TOP);
  if (conversations.length) {
    lines.push('', `Top IP conversations (of ${snapshot.conversations.length})`);
    lines.push(
      renderTable(
        ['A', 'B', 'packets A→B', 'bytes A→B', 'packets B→A', 'bytes B→A'],
        conversations.map((c) => [
          c.aAddr,
          c.bAddr,
          String(c.packetsAtoB),
          String(c.bytesAtoB),
          String(c.packetsBtoA),
          String(c.bytesBtoA),
        ]),
      ),
    );
  }
  const hosts = [...snapshot.hosts].sort((a, b) => b.bytesIn + b.bytesOut - (a.bytesIn + a.bytesOut)).slice(0, TOP);
  if (hosts.length) {
    lines.push('', `Top endpoints (of ${snapshot.hosts.length})`);
    lines.push(
      renderTable(
        ['address', 'name', 'packets out', 'bytes out', 'packets in', 'bytes in'],
        hosts.map((h) => [
          h.addr,
          h.name ?? '',
          String(h.packetsOut),
          String(h.bytesOut),
          String(h.packetsIn),
          String(h.bytesIn),
        ]),
      ),
    );
  }
  return lines.join('\n');
}
