import type { ConversationSegment } from './conversationTable';
import type { FlowSegment } from './flowTable';
import type { HostSegment } from './hostTable';
import type { NeighbourSegment } from './neighbourTable';
import type { DeviceSegment } from './passiveDevices';
import type { RecentSegment } from './recentPackets';
import type { DnsName, ProtocolNode, RateSample } from '../../shared/model/traffic';

/**
 * What an aggregator counted over one part of a capture, as plain data (typed arrays, strings),
 * so a worker thread can hand it over (`postMessage`, its arrays transferred, not copied) to
 * the aggregator of the part before it (`PacketAggregator.absorb`).
 */
export interface AggregatorSegment {
  packets: number;
  bytes: number;
  truncated: number;
  malformed: number;
  firstPacketTime: number;
  lastPacketTime: number;
  flows: FlowSegment;
  hosts: HostSegment;
  conversations: ConversationSegment;
  protocols: ProtocolNode[];
  /** the names table's rows, least recently seen first */
  names: DnsName[];
  namesEvicted: number;
  rates: RateSample[];
  recent: RecentSegment;
  devices: DeviceSegment;
  neighbours: NeighbourSegment;
}

/** The buffers of a segment's typed arrays, to transfer rather than copy them between threads. */
export function segmentBuffers(segment: AggregatorSegment): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const visit = (value: unknown): void => {
    if (ArrayBuffer.isView(value)) {
      if (value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
    } else if (value && typeof value === 'object' && !Array.isArray(value)) Object.values(value).forEach(visit);
  };
  visit(segment);
  return [...buffers];
}
