import { DEFAULT_LIMITS, PacketAggregator } from '../aggregate/packetAggregator';
import type { AggregatorLimits, TrafficAggregator } from '../aggregate/trafficAggregator';
import { TRAFFIC_VIEW_LIMITS } from '../../shared/traffic/trafficLimits';

// cap reuses its buffer, so the recent-packets ring keeps a copy of each packet's first bytes:
// enough for the headers and the start of the application data its summary line is made from.
const RECENT_BYTES = 256;

/**
 * A live capture's table caps. Its rows reach the user only through the extension's store and the
 * dashboard, which keep the newest 10,000 of each table (TRAFFIC_VIEW_LIMITS, exports included), so
 * the 100,000 flows a file's statistics hold are oversized here: twice what the views keep still
 * has the rows they show counted from their first packet under churn (the least recently seen go
 * first). Measured by the soak (`npm run soak`), whose churn passes every cap: with the tables' rows
 * also recorded by the history and the alerts, the helper's RSS at 3:40 was 265 MiB with the file
 * caps, 223 MiB with 40,000 flows and conversations and 20,000 hosts, 210 MiB with these (and
 * the old generation grown by 20%, see helperMemory.ts).
 */
export const LIVE_LIMITS: AggregatorLimits = {
  ...DEFAULT_LIMITS,
  flows: 2 * TRAFFIC_VIEW_LIMITS.flows,
  conversations: 2 * TRAFFIC_VIEW_LIMITS.conversations,
  hosts: 2 * TRAFFIC_VIEW_LIMITS.hosts,
};

/** The aggregator a live capture on `interfaceName` folds its packets into. */
export function createLiveAggregator(interfaceName: string): TrafficAggregator {
  return new PacketAggregator({ recentBytes: RECENT_BYTES, interfaceName, limits: LIVE_LIMITS });
}
