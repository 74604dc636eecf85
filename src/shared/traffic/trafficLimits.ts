/** How many rows of each table a receiver of ticks keeps; beyond them the least recently seen go. */
export interface TrafficViewLimits {
  flows: number;
  hosts: number;
  conversations: number;
  dnsNames: number;
  /** packets kept of the recent ring */
  recentPackets: number;
  /** per-second rate samples kept (300: five minutes at 1 s) */
  rateSamples: number;
  /** passively seen devices */
  devices: number;
  /** LLDP/CDP neighbours */
  neighbours: number;
  /**
   * which flows, hosts and conversations a cut keeps: the newest (the default, and what receivers
   * of ticks keep), or those with the most bytes, for a file, which gets no ticks
   */
  keep?: 'newest' | 'largest';
}

/**
 * The caps of the extension's capture store and of the dashboard alike, so both hold the same rows
 * (the dashboard's table and an export of it agree). The helper evicts first (its own caps, counted
 * in `counters.evicted`), so these only bite when the helper's caps are larger; they keep both
 * bounded whatever they are sent.
 */
export const TRAFFIC_VIEW_LIMITS: Readonly<TrafficViewLimits> = {
  flows: 10_000,
  hosts: 10_000,
  conversations: 10_000,
  dnsNames: 10_000,
  recentPackets: 10_000,
  rateSamples: 300,
  devices: 4_096,
  neighbours: 1_024,
};

/**
 * What a capture file's answer (`capture/openFile`) carries: what its dashboard shows. Of a file's
 * tables, the rows with the most bytes, as a Wireshark user sorts conversations and endpoints (the
 * newest of a file are no more telling than its first, and the top talkers are the largest hosts;
 * the counters say how many rows each table holds). The dashboard has no view of IP
 * conversations (the topology, which has, follows the live capture), so a file's are left out,
 * where 10,000 of them were a third of the rows made, encoded and parsed for the pcap editor to
 * fold and never show. `capture/rows` pages every table whole.
 */
export const FILE_VIEW_LIMITS: Readonly<TrafficViewLimits> = {
  ...TRAFFIC_VIEW_LIMITS,
  conversations: 0,
  keep: 'largest',
};
