import { FlowEndReason } from './ipfixTemplates';
import { IpfixEncoder, IpfixFlowRecord } from './ipfixEncoder';
import type { IpfixEncoderOptions } from './ipfixEncoder';
import type { FlowRow, FlowTable } from '../aggregate/flowTable';
import type { FlowExportCounts } from '../aggregate/flowExportCounts';
import type { PairCounts } from '../aggregate/pairCounts';
import { grown } from '../aggregate/rowIndex';

/** When flows are reported, in ms. */
export interface FlowTimeouts {
  /** a flow still active is reported after this long, then again each period */
  activeTimeoutMs: number;
  /** a flow without packets for this long ends */
  idleTimeoutMs: number;
  /** flows reported in one tick at most (default MAX_FLOWS_PER_TICK) */
  maxFlowsPerTick?: number;
}

/**
 * A burst of flows ending at once (a scan's thousands of one-packet flows going idle together) is
 * spread over ticks, oldest first, so that no tick holds the capture up for long: 10,000 flows
 * take some 10-40 ms to report. Evictions and the capture's end are never put off.
 */
const MAX_FLOWS_PER_TICK = 10_000;

/** A closed or reset TCP connection ends once quiet this long (its last ACK has come by then). */
const END_QUIET_MS = 1000;

/**
 * Reports the flows of a capture's flow table as IPFIX records, as a NetFlow exporter does: each
 * direction of a flow with packets since it was last reported becomes one record when the flow
 * goes idle, its TCP connection ends, the active timeout passes, the table evicts it, or the
 * capture stops. It reads the table once per tick (never per packet) and keeps, per row, the counts
 * already reported, so each record carries the deltas since the previous one.
 */
export class FlowExporter {
  private readonly encoder: IpfixEncoder;
  private readonly record = new IpfixFlowRecord();
  private readonly row: FlowRow = { version: 4, protocol: 0, aAddrAt: 0, bAddrAt: 0, aPort: 0, bPort: 0 };
  private readonly visit = (slot: number) => this.check(slot);
  /** per row: the row number the counts below belong to (a reused slot starts again from 0) */
  private serial = new Float64Array(0);
  private packetsA = new Float64Array(0);
  private packetsB = new Float64Array(0);
  private ipBytesA = new Float64Array(0);
  private ipBytesB = new Float64Array(0);
  private frameBytesA = new Float64Array(0);
  private frameBytesB = new Float64Array(0);
  private counts: PairCounts;
  /** the table's counts kept for export (IP bytes, flags, periods) */
  private readonly extra: FlowExportCounts;
  private now = 0;
  private forcing = false;
  /** flows this pass may still report */
  private budget = 0;

  constructor(
    private readonly flows: FlowTable,
    private readonly timeouts: FlowTimeouts,
    send: (message: Buffer, records: number) => void,
    private readonly clock: () => number = Date.now,
    encoderOptions?: IpfixEncoderOptions,
  ) {
    this.encoder = new IpfixEncoder(send, encoderOptions);
    this.counts = flows.pairCounts();
    this.extra = flows.countForExport();
    flows.onEvict = (slot) => this.evicted(slot);
    // Each tick walks the flows oldest first: the table keeps that order linked rather than sort it each time.
    flows.rows.linkOrder();
  }

  /** Announces the templates, so a collector knows them before the first flow ends. */
  start(): void {
    this.encoder.sendTemplates(this.clock());
  }

  /** One pass over the table (once per tick): reports the flows that ended or passed the active timeout. */
  tick(): void {
    this.pass(false);
  }

  /** The capture stopped: reports every flow with packets not yet reported, and lets go of the table. */
  finish(): void {
    this.pass(true);
    this.flows.onEvict = undefined;
  }

  private pass(force: boolean): void {
    this.prepare();
    this.forcing = force;
    this.budget = force ? Infinity : (this.timeouts.maxFlowsPerTick ?? MAX_FLOWS_PER_TICK);
    this.flows.rows.forEach(this.visit);
    this.encoder.flush();
  }

  /** Reads the clock and the table's arrays (they are replaced when it grows), and grows ours to match. */
  private prepare(): void {
    this.now = this.clock();
    this.counts = this.flows.pairCounts();
    const capacity = this.flows.rows.capacity;
    if (this.serial.length >= capacity) return;
    this.serial = grown(this.serial, capacity);
    this.packetsA = grown(this.packetsA, capacity);
    this.packetsB = grown(this.packetsB, capacity);
    this.ipBytesA = grown(this.ipBytesA, capacity);
    this.ipBytesB = grown(this.ipBytesB, capacity);
    this.frameBytesA = grown(this.frameBytesA, capacity);
    this.frameBytesB = grown(this.frameBytesB, capacity);
  }

  /** The table is about to evict the row at `slot`: what it holds unreported goes out now (it is the last chance). */
  private evicted(slot: number): void {
    this.prepare();
    if (this.pending(slot)) this.report(slot, FlowEndReason.lackOfResources);
  }

  private check(slot: number): void {
    if (this.budget <= 0 || !this.pending(slot)) return;
    const reason = this.endReason(slot);
    if (reason === 0) return;
    this.report(slot, reason);
    this.budget--;
  }

  /** Whether the row has packets not reported yet; starts its reported counts afresh when the slot holds a new row. */
  private pending(slot: number): boolean {
    const serial = this.flows.rows.serial[slot]!;
    if (this.serial[slot] !== serial) {
      this.serial[slot] = serial;
      this.packetsA[slot] = this.packetsB[slot] = 0;
      this.ipBytesA[slot] = this.ipBytesB[slot] = 0;
      this.frameBytesA[slot] = this.frameBytesB[slot] = 0;
    }
    const { packetsAtoB, packetsBtoA } = this.counts;
    return packetsAtoB[slot] !== this.packetsA[slot] || packetsBtoA[slot] !== this.packetsB[slot];
  }

  /** Why the flow's record is due now (a FlowEndReason), or 0 when it is not. */
  private endReason(slot: number): number {
    const lastSeen = this.counts.lastSeen[slot]!;
    const quiet = this.now - lastSeen;
    if (quiet >= this.timeouts.idleTimeoutMs) return FlowEndReason.idleTimeout;
    if ((quiet >= END_QUIET_MS || this.forcing) && this.flows.tcpEnded(slot)) return FlowEndReason.endOfFlow;
    const start = this.extra.periodStart[slot] || lastSeen;
    if (this.now - start >= this.timeouts.activeTimeoutMs) return FlowEndReason.activeTimeout;
    return this.forcing ? FlowEndReason.forcedEnd : 0;
  }

  /** Writes a record per direction with packets since the last report, and ends the flow's period. */
  private report(slot: number, reason: number): void {
    const { flows, record, row, counts, extra } = this;
    const keys = flows.rows.keys;
    flows.readRow(slot, row);
    record.ipVersion = row.version === 6 ? 6 : 4;
    record.protocol = row.protocol;
    record.endMs = counts.lastSeen[slot]!;
    record.startMs = extra.periodStart[slot] || record.endMs;
    record.endReason = reason;
    const { addresses } = record;
    if (counts.packetsAtoB[slot] !== this.packetsA[slot]) {
      copyAddresses(keys, row.aAddrAt, row.bAddrAt, addresses);
      record.sourcePort = row.aPort;
      record.destinationPort = row.bPort;
      record.tcpFlags = extra.flagsAtoB[slot]!;
      record.packets = counts.packetsAtoB[slot]! - this.packetsA[slot]!;
      record.octets = extra.ipBytesAtoB[slot]! - this.ipBytesA[slot]!;
      record.layer2Octets = counts.bytesAtoB[slot]! - this.frameBytesA[slot]!;
      this.encoder.add(record, this.now);
    }
    if (counts.packetsBtoA[slot] !== this.packetsB[slot]) {
      copyAddresses(keys, row.bAddrAt, row.aAddrAt, addresses);
      record.sourcePort = row.bPort;
      record.destinationPort = row.aPort;
      record.tcpFlags = extra.flagsBtoA[slot]!;
      record.packets = counts.packetsBtoA[slot]! - this.packetsB[slot]!;
      record.octets = extra.ipBytesBtoA[slot]! - this.ipBytesB[slot]!;
      record.layer2Octets = counts.bytesBtoA[slot]! - this.frameBytesB[slot]!;
      this.encoder.add(record, this.now);
    }
    this.packetsA[slot] = counts.packetsAtoB[slot]!;
    this.packetsB[slot] = counts.packetsBtoA[slot]!;
    this.ipBytesA[slot] = extra.ipBytesAtoB[slot]!;
    this.ipBytesB[slot] = extra.ipBytesBtoA[slot]!;
    this.frameBytesA[slot] = counts.bytesAtoB[slot]!;
    this.frameBytesB[slot] = counts.bytesBtoA[slot]!;
    extra.endPeriod(slot);
  }
}

/** Copies the source's and the destination's address words into a record's (no view made per record). */
function copyAddresses(keys: Uint32Array, sourceAt: number, destinationAt: number, into: Uint32Array): void {
  for (let i = 0; i < 4; i++) {
    into[i] = keys[sourceAt + i]!;
    into[4 + i] = keys[destinationAt + i]!;
  }
}
