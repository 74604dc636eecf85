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
 * What a capture file's answer (`capture/openFile`) carries: what its dashboard shows. The dashboard
 * has no view of IP conversations (the topology, which has, follows the live capture), so a file's
 * are left out, where 10,000 of them were a third of the rows made, encoded and parsed for the
 * pcap editor to fold and never show; `capture/rows` pages them.
 */
export const FILE_VIEW_LIMITS: Readonly<TrafficViewLimits> = { ...TRAFFIC_VIEW_LIMITS, conversations: 0 };
