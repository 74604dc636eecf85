import type { FlowTable } from './flowTable';
import type { DecodedPacket } from '../decode/packet';
import type { TcpView } from '../decode/summary/tcpView';
import type { TrafficDelta, TrafficSnapshot, TrafficSource } from '../../shared/model/traffic';
import type { TrafficViewLimits } from '../../shared/traffic/trafficLimits';

/** Memory caps of the aggregator's tables; rows beyond them are evicted (least recently seen first) and counted. */
export interface AggregatorLimits {
  flows: number;
  hosts: number;
  conversations: number;
  dnsNames: number;
  /** packets kept in the recent ring */
  recentPackets: number;
  /** per-second rate samples kept */
  rateSamples: number;
  /** LLDP/CDP neighbours */
  neighbours: number;
}

/**
 * Folds decoded packets into bounded tables. The capture path calls `add` synchronously for every
 * packet (inside cap's callback, or in a file read loop) and must not allocate per packet on the
 * common path; `takeDelta` runs once per tick, `snapshot` on demand.
 */
export interface TrafficAggregator {
  /** the flow table, for flow export (IPFIX); aggregators without one cannot export */
  readonly flows?: FlowTable;
  /**
   * Folds in one packet. `packet` is only valid during the call (its `data` is the capture buffer).
   * `timeMs` is the packet's timestamp (ms since the Unix epoch, fractional), `wireLength` its length on the wire.
   * `fileOffset` is where the packet's bytes start in its capture file, when it comes from one (so the
   * recent-packets ring can read it again instead of copying it).
   */
  add(packet: DecodedPacket, timeMs: number, wireLength: number, fileOffset?: number): void;
  /** adds drops reported by the capture source (cumulative values, not increments) */
  setDrops(kernelDrops: number, interfaceDrops: number): void;
  /** what changed since the previous call (the first call: since the start) */
  takeDelta(captureId: string, running: boolean): TrafficDelta;
  /**
   * Everything counted; `withRecent` false leaves out the recent packets; with `cut`, each table
   * holds only the rows a receiver that keeps those limits keeps (the newest)
   */
  snapshot(source: TrafficSource, running: boolean, withRecent?: boolean, cut?: TrafficViewLimits): TrafficSnapshot;
  /** how a TCP segment of the capture is numbered (relative sequence numbers, scaled window), when known */
  tcpView?(packet: DecodedPacket): TcpView | undefined;
}
