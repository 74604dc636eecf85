// What a flow exporter (IPFIX) needs of each flow row beyond the table's own counts, kept beside
// them as TcpSequences is: the IP bytes each way (IPFIX's octetDeltaCount counts IP packets, the
// table counts frames as tshark does), the TCP flags seen each way, and when the flow's current
// export period began. An exporter ends a period when it reports the flow; the next packet opens
// the next one. Without an exporter the periods simply never end.
import { grown } from './rowIndex';

/** IP bytes, TCP flags and the export period of each flow row (A: who spoke first). */
export class FlowExportCounts {
  /** bytes of the IP packets (headers and payload, as their headers declare them) each way */
  ipBytesAtoB = new Float64Array(0);
  ipBytesBtoA = new Float64Array(0);
  /** TcpFlag bits seen each way since the period began */
  flagsAtoB = new Uint16Array(0);
  flagsBtoA = new Uint16Array(0);
  /** time of the period's first packet (ms since the Unix epoch); 0 once it ended, until the next packet */
  periodStart = new Float64Array(0);

  /** A new flow row whose first packet came at `time`. */
  reset(slot: number, time: number): void {
    this.ipBytesAtoB[slot] = 0;
    this.ipBytesBtoA[slot] = 0;
    this.flagsAtoB[slot] = 0;
    this.flagsBtoA[slot] = 0;
    this.periodStart[slot] = time;
  }

  /** Counts one packet of the flow at `slot`: `ipLength` IP bytes with `tcpFlags` (0 unless TCP), at `time`. */
  count(slot: number, fromA: boolean, ipLength: number, tcpFlags: number, time: number): void {
    if (fromA) {
      this.ipBytesAtoB[slot] = this.ipBytesAtoB[slot]! + ipLength;
      this.flagsAtoB[slot] = this.flagsAtoB[slot]! | tcpFlags;
    } else {
      this.ipBytesBtoA[slot] = this.ipBytesBtoA[slot]! + ipLength;
      this.flagsBtoA[slot] = this.flagsBtoA[slot]! | tcpFlags;
    }
    if (this.periodStart[slot] === 0) this.periodStart[slot] = time;
  }

  /** Ends the flow's export period: its flags are forgotten and its next packet starts the next one. */
  endPeriod(slot: number): void {
    this.flagsAtoB[slot] = 0;
    this.flagsBtoA[slot] = 0;
    this.periodStart[slot] = 0;
  }

  /** the arrays as plain data, to move to another thread */
  segment(): FlowExportSegment {
    const { ipBytesAtoB, ipBytesBtoA, flagsAtoB, flagsBtoA, periodStart } = this;
    return { ipBytesAtoB, ipBytesBtoA, flagsAtoB, flagsBtoA, periodStart };
  }

  /**
   * Folds in row `from` of a later part as row `to` here, turned round when that part saw the other
   * end speak first (`same` false): bytes add up, flags join, the earlier period's start stays.
   */
  absorb(part: FlowExportSegment, from: number, to: number, created: boolean, same: boolean): void {
    const [bytesA, bytesB, flagsA, flagsB] = same
      ? [part.ipBytesAtoB, part.ipBytesBtoA, part.flagsAtoB, part.flagsBtoA]
      : [part.ipBytesBtoA, part.ipBytesAtoB, part.flagsBtoA, part.flagsAtoB];
    if (created) this.reset(to, part.periodStart[from]!);
    this.ipBytesAtoB[to] = this.ipBytesAtoB[to]! + bytesA[from]!;
    this.ipBytesBtoA[to] = this.ipBytesBtoA[to]! + bytesB[from]!;
    this.flagsAtoB[to] = this.flagsAtoB[to]! | flagsA[from]!;
    this.flagsBtoA[to] = this.flagsBtoA[to]! | flagsB[from]!;
    if (this.periodStart[to] === 0) this.periodStart[to] = part.periodStart[from]!;
  }

  grow(capacity: number): void {
    this.ipBytesAtoB = grown(this.ipBytesAtoB, capacity);
    this.ipBytesBtoA = grown(this.ipBytesBtoA, capacity);
    this.flagsAtoB = grown(this.flagsAtoB, capacity);
    this.flagsBtoA = grown(this.flagsBtoA, capacity);
    this.periodStart = grown(this.periodStart, capacity);
  }
}

/** FlowExportCounts as plain data (see `FlowExportCounts.segment`). */
export interface FlowExportSegment {
  ipBytesAtoB: Float64Array;
  ipBytesBtoA: Float64Array;
  flagsAtoB: Uint16Array;
  flagsBtoA: Uint16Array;
  periodStart: Float64Array;
}
