import { PacketAggregator } from '../aggregate/packetAggregator';
import type { TrafficAggregator } from '../aggregate/trafficAggregator';

// cap reuses its buffer, so the recent-packets ring keeps a copy of each packet's first bytes:
// enough for the headers and the start of the application data its summary line is made from.
const RECENT_BYTES = 256;

/** The aggregator a live capture on `interfaceName` folds its packets into. */
export function createLiveAggregator(interfaceName: string): TrafficAggregator {
  return new PacketAggregator({ recentBytes: RECENT_BYTES, interfaceName });
}
