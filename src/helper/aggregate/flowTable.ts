import { ADDRESS_WORDS, formatAddress } from './addressWords';
import { FlowExportCounts } from './flowExportCounts';
import type { FlowExportSegment } from './flowExportCounts';
import { RowIndex, grown } from './rowIndex';
import { absorbRows, exportRows } from './rowsSegment';
import type { RowsSegment } from './rowsSegment';
import { foldPairCounts } from './pairCounts';
import type { PairCounts } from './pairCounts';
import { IDENTITY, NO_EVENT, TCP_STATE_CODES, applyTcpEvent, composeAfter, tcpEvent, tcpStateName } from './tcpStates';
import { TcpSequences } from './tcpSequences';
import type { TcpSequenceSegment } from './tcpSequences';
import type { DecodedPacket } from '../decode/packet';
import type { TcpView } from '../decode/summary/tcpView';
import type { FlowSummary, FlowTransport } from '../../shared/model/traffic';

// Key: lower endpoint's address, higher endpoint's address, their ports, then version and protocol.
// Both directions of a flow share the key; `aIsLow` says which endpoint sent the first packet.
const PORTS = 2 * ADDRESS_WORDS;
const PROTOCOL = PORTS + 1;
const KEY_WORDS = PROTOCOL + 1;

const TRANSPORTS: Record<number, FlowTransport> = { 6: 'tcp', 17: 'udp', 1: 'icmp', 58: 'icmpv6' };

/** Flows: the 5-tuple in both directions, with counts each way, TCP state, application and server name. */
export class FlowTable {
  readonly rows: RowIndex;
  private aIsLow = new Uint8Array(0);
  private packetsAtoB = new Float64Array(0);
  private bytesAtoB = new Float64Array(0);
  private packetsBtoA = new Float64Array(0);
  private bytesBtoA = new Float64Array(0);
  private firstSeen = new Float64Array(0);
  private lastSeen = new Float64Array(0);
  /**
   * IP bytes, TCP flags and export periods of each flow, kept only once a flow exporter (IPFIX)
   * asks for them (see countForExport): without one, a packet costs nothing more.
   */
  exportCounts: FlowExportCounts | undefined;
  /** each flow's TCP state function (see tcpStates), TCP_STATE_CODES bytes per slot */
  private tcp = new Uint8Array(0);
  /** the last TCP event applied to the flow's function, NO_EVENT before the first */
  private lastEvent = new Uint8Array(0);
  /**
   * The flow's conversation and its lower and higher hosts (by key order), with their row numbers
   * to tell when a slot was reused: a packet of a known flow finds them without hashing again.
   */
  conversationSlot = new Int32Array(0);
  conversationSerial = new Float64Array(0);
  lowHostSlot = new Int32Array(0);
  lowHostSerial = new Float64Array(0);
  highHostSlot = new Int32Array(0);
  highHostSerial = new Float64Array(0);
  /** whether the last packet added went from A to B */
  lastFromA = true;
  /** the slot of the last packet added */
  lastSlot = -1;
  private app: (string | undefined)[] = [];
  private serverName: (string | undefined)[] = [];
  /** each TCP flow's base sequence numbers and window scales, for numbering segments as Wireshark does */
  readonly sequences = new TcpSequences();
  /** ids of rows evicted since the last delta (none kept for a table asked only for snapshots: no delta takes them) */
  removed: string[] = [];
  evicted = 0;
  /** called with a row's slot just before it is evicted, while its values are still there (a flow exporter's last look) */
  onEvict: ((slot: number) => void) | undefined;

  constructor(maxRows: number) {
    this.rows = new RowIndex(
      KEY_WORDS,
      maxRows,
      (capacity) => this.grow(capacity),
      (slot) => {
        this.onEvict?.(slot);
        this.evicted++;
        if (this.rows.tracksChanges) this.removed.push(this.id(slot));
        this.app[slot] = undefined;
        this.serverName[slot] = undefined;
      },
    );
    this.grow(this.rows.capacity);
  }

  /**
   * Counts a packet of `length` bytes on the wire and `ipLength` bytes of IP. `pair` holds the
   * source address words at 0 and the destination's at 4; `srcIsLow` says whether (source address,
   * source port) sorts first. Returns the flow's slot; `lastFromA` then says whether the packet went
   * from A to B.
   */
  add(
    pair: Uint32Array,
    srcIsLow: boolean,
    version: number,
    protocol: number,
    srcPort: number,
    dstPort: number,
    tcpFlags: number,
    time: number,
    length: number,
    ipLength: number,
  ): number {
    const rows = this.rows;
    this.writeProbe(pair, srcIsLow, version, protocol, srcPort, dstPort);
    // Packets come in bursts of one flow: the previous packet's flow is tried before hashing.
    let slot = this.lastSlot >= 0 && rows.probeIs(this.lastSlot) ? this.lastSlot : -1;
    let hash = 0;
    if (slot < 0) {
      hash = rows.hashProbe();
      slot = rows.find(hash);
    }
    const isTcp = protocol === 6;
    let fromA: boolean;
    if (slot < 0) {
      slot = rows.insert(hash);
      this.aIsLow[slot] = srcIsLow ? 1 : 0;
      this.packetsAtoB[slot] = 0;
      this.bytesAtoB[slot] = 0;
      this.packetsBtoA[slot] = 0;
      this.bytesBtoA[slot] = 0;
      this.firstSeen[slot] = time;
      this.tcp.set(IDENTITY, slot * TCP_STATE_CODES);
      this.sequences.reset(slot);
      this.exportCounts?.reset(slot, time);
      this.lastEvent[slot] = NO_EVENT;
      this.conversationSlot[slot] = -1;
      this.lowHostSlot[slot] = -1;
      this.highHostSlot[slot] = -1;
      fromA = true;
    } else {
      rows.touch(slot);
      fromA = (this.aIsLow[slot] === 1) === srcIsLow;
    }
    if (fromA) {
      this.packetsAtoB[slot] = this.packetsAtoB[slot]! + 1;
      this.bytesAtoB[slot] = this.bytesAtoB[slot]! + length;
    } else {
      this.packetsBtoA[slot] = this.packetsBtoA[slot]! + 1;
      this.bytesBtoA[slot] = this.bytesBtoA[slot]! + length;
    }
    this.exportCounts?.count(slot, fromA, ipLength, tcpFlags, time);
    this.lastSeen[slot] = time;
    this.lastFromA = fromA;
    this.lastSlot = slot;
    if (isTcp) {
      const event = tcpEvent(tcpFlags, srcIsLow);
      if (event !== this.lastEvent[slot]) {
        this.lastEvent[slot] = event;
        applyTcpEvent(this.tcp, slot * TCP_STATE_CODES, event);
      }
    }
    return slot;
  }

  /** Learns the TCP numbering of the segment just added (see `add`) to the flow at `slot`. */
  noteTcp(slot: number, packet: DecodedPacket): void {
    if (packet.tcpHeaderLength === 0) return;
    this.sequences.note(slot, this.lastFromA, packet.tcpFlags, packet.tcpSeq, packet.tcpAck, packet.tcpWindowScale);
  }

  /** How a segment from the source to the destination of this key is numbered; undefined for an unknown flow. */
  tcpView(
    pair: Uint32Array,
    srcIsLow: boolean,
    version: number,
    srcPort: number,
    dstPort: number,
  ): TcpView | undefined {
    this.writeProbe(pair, srcIsLow, version, 6, srcPort, dstPort);
    const slot = this.rows.find(this.rows.hashProbe());
    if (slot < 0) return undefined;
    return this.sequences.view(slot, (this.aIsLow[slot] === 1) === srcIsLow);
  }

  /** Writes a flow's key into the row index's probe (see the key's layout above). */
  private writeProbe(
    pair: Uint32Array,
    srcIsLow: boolean,
    version: number,
    protocol: number,
    srcPort: number,
    dstPort: number,
  ): void {
    const probe = this.rows.probe;
    const low = srcIsLow ? 0 : ADDRESS_WORDS;
    const high = srcIsLow ? ADDRESS_WORDS : 0;
    for (let i = 0; i < ADDRESS_WORDS; i++) {
      probe[i] = pair[low + i]!;
      probe[ADDRESS_WORDS + i] = pair[high + i]!;
    }
    probe[PORTS] = srcIsLow ? ((srcPort << 16) | dstPort) >>> 0 : ((dstPort << 16) | srcPort) >>> 0;
    probe[PROTOCOL] = (version << 8) | protocol;
  }

  /** names the application protocol and, when one was seen (SNI, HTTP Host), the server */
  setApp(slot: number, app: string | undefined, serverName: string | undefined): void {
    if (app !== undefined && this.app[slot] === undefined) this.app[slot] = app;
    if (serverName !== undefined && this.serverName[slot] === undefined) this.serverName[slot] = serverName;
  }

  /** the flow's id: stable within the capture */
  id(slot: number): string {
    return `f${this.rows.serial[slot]}`;
  }

  /**
   * Starts keeping the counts a flow exporter needs, from the next packet on (rows already in the
   * table begin their first export period then); returns them.
   */
  countForExport(): FlowExportCounts {
    if (!this.exportCounts) {
      this.exportCounts = new FlowExportCounts();
      this.exportCounts.grow(this.lastSeen.length);
    }
    return this.exportCounts;
  }

  lastSeenAt(slot: number): number {
    return this.lastSeen[slot]!;
  }

  bytesAt(slot: number): number {
    return this.bytesAtoB[slot]! + this.bytesBtoA[slot]!;
  }

  /** one row as the protocol carries it; `nameOf` gives a DNS name for an address when no SNI/Host named the server */
  summary(slot: number, nameOf: (addr: string) => string | undefined): FlowSummary {
    const keys = this.rows.keys;
    const base = slot * KEY_WORDS;
    const version = keys[base + PROTOCOL]! >>> 8;
    const protocol = keys[base + PROTOCOL]! & 0xff;
    const ports = keys[base + PORTS]!;
    const lowAddr = formatAddress(keys, base, version);
    const highAddr = formatAddress(keys, base + ADDRESS_WORDS, version);
    const aIsLow = this.aIsLow[slot] === 1;
    const bAddr = aIsLow ? highAddr : lowAddr;
    const flow: FlowSummary = {
      id: this.id(slot),
      transport: TRANSPORTS[protocol] ?? 'other',
      ipProtocol: protocol,
      ipVersion: version === 6 ? 6 : 4,
      aAddr: aIsLow ? lowAddr : highAddr,
      aPort: aIsLow ? ports >>> 16 : ports & 0xffff,
      bAddr,
      bPort: aIsLow ? ports & 0xffff : ports >>> 16,
      packetsAtoB: this.packetsAtoB[slot]!,
      bytesAtoB: this.bytesAtoB[slot]!,
      packetsBtoA: this.packetsBtoA[slot]!,
      bytesBtoA: this.bytesBtoA[slot]!,
      firstSeen: this.firstSeen[slot]!,
      lastSeen: this.lastSeen[slot]!,
    };
    const app = this.app[slot];
    if (app !== undefined) flow.app = app;
    const serverName = this.serverName[slot] ?? nameOf(bAddr);
    if (serverName !== undefined) flow.serverName = serverName;
    const state = tcpStateName(this.tcp, slot * TCP_STATE_CODES);
    if (state !== undefined) flow.tcpState = state;
    return flow;
  }

  takeRemoved(): string[] {
    const removed = this.removed;
    this.removed = [];
    return removed;
  }

  /** the table as plain data, to move to another thread (see `absorb`) */
  segment(): FlowSegment {
    return {
      rows: exportRows(this.rows),
      ...this.pairCounts(),
      tcp: this.tcp,
      sequences: this.sequences.segment(),
      exportCounts: this.exportCounts?.segment(),
      lastEvent: this.lastEvent,
      app: this.app,
      serverName: this.serverName,
      evicted: this.evicted,
    };
  }

  /**
   * Folds in the flows of the part of the capture that came after this table's: counts add up,
   * the earlier part keeps who spoke first and the first names, the later one gives the last
   * time seen, and TCP states chain. Returns the row numbers here by row number there.
   */
  absorb(part: FlowSegment): Float64Array {
    this.evicted += part.evicted;
    this.lastSlot = -1;
    return absorbRows(this.rows, part.rows, (from, to, created) => {
      const tcp = to * TCP_STATE_CODES;
      const partTcp = from * TCP_STATE_CODES;
      const same = created || this.aIsLow[to] === part.aIsLow[from];
      this.sequences.absorb(part.sequences, from, to, created, same);
      if (part.exportCounts) this.exportCounts?.absorb(part.exportCounts, from, to, created, same);
      foldPairCounts(this.pairCounts(), to, part, from, created);
      if (created) {
        this.tcp.set(part.tcp.subarray(partTcp, partTcp + TCP_STATE_CODES), tcp);
        this.app[to] = part.app[from];
        this.serverName[to] = part.serverName[from];
        this.conversationSlot[to] = -1;
        this.lowHostSlot[to] = -1;
        this.highHostSlot[to] = -1;
      } else {
        composeAfter(this.tcp, tcp, part.tcp, partTcp, this.tcp, tcp);
        this.setApp(to, part.app[from], part.serverName[from]);
      }
      if (part.lastEvent[from] !== NO_EVENT) this.lastEvent[to] = part.lastEvent[from]!;
    });
  }

  /**
   * Fills `row` with the key of the flow at `slot` as a flow exporter reads it: version, protocol,
   * ports, and the offsets of A's and B's address words in `rows.keys`.
   */
  readRow(slot: number, row: FlowRow): void {
    const keys = this.rows.keys;
    const base = slot * KEY_WORDS;
    const aIsLow = this.aIsLow[slot] === 1;
    const ports = keys[base + PORTS]!;
    row.version = keys[base + PROTOCOL]! >>> 8;
    row.protocol = keys[base + PROTOCOL]! & 0xff;
    row.aAddrAt = aIsLow ? base : base + ADDRESS_WORDS;
    row.bAddrAt = aIsLow ? base + ADDRESS_WORDS : base;
    row.aPort = aIsLow ? ports >>> 16 : ports & 0xffff;
    row.bPort = aIsLow ? ports & 0xffff : ports >>> 16;
  }

  /** Whether the flow at `slot` is a TCP connection that was closed (FIN both ways) or reset. */
  tcpEnded(slot: number): boolean {
    const state = tcpStateName(this.tcp, slot * TCP_STATE_CODES);
    return state === 'closed' || state === 'reset';
  }

  /** the count arrays as they are now (inserting may have grown them) */
  pairCounts(): PairCounts {
    const { aIsLow, packetsAtoB, bytesAtoB, packetsBtoA, bytesBtoA, firstSeen, lastSeen } = this;
    return { aIsLow, packetsAtoB, bytesAtoB, packetsBtoA, bytesBtoA, firstSeen, lastSeen };
  }

  private grow(capacity: number): void {
    this.aIsLow = grown(this.aIsLow, capacity);
    this.packetsAtoB = grown(this.packetsAtoB, capacity);
    this.bytesAtoB = grown(this.bytesAtoB, capacity);
    this.packetsBtoA = grown(this.packetsBtoA, capacity);
    this.bytesBtoA = grown(this.bytesBtoA, capacity);
    this.firstSeen = grown(this.firstSeen, capacity);
    this.lastSeen = grown(this.lastSeen, capacity);
    this.tcp = grown(this.tcp, capacity * TCP_STATE_CODES);
    this.sequences.grow(capacity);
    this.exportCounts?.grow(capacity);
    this.lastEvent = grown(this.lastEvent, capacity);
    this.conversationSlot = grown(this.conversationSlot, capacity);
    this.conversationSerial = grown(this.conversationSerial, capacity);
    this.lowHostSlot = grown(this.lowHostSlot, capacity);
    this.lowHostSerial = grown(this.lowHostSerial, capacity);
    this.highHostSlot = grown(this.highHostSlot, capacity);
    this.highHostSerial = grown(this.highHostSerial, capacity);
  }
}

/** A flow table as plain data (see `FlowTable.segment`). */
export interface FlowSegment extends PairCounts {
  rows: RowsSegment;
  tcp: Uint8Array;
  sequences: TcpSequenceSegment;
  /** present when the table kept them (a flow exporter asked) */
  exportCounts?: FlowExportSegment;
  lastEvent: Uint8Array;
  app: (string | undefined)[];
  serverName: (string | undefined)[];
  evicted: number;
}

/** One flow row as a flow exporter reads it (see `FlowTable.readRow`); A is the end that spoke first. */
export interface FlowRow {
  version: number;
  protocol: number;
  /** where A's and B's addresses start in `rows.keys` (four words each; IPv4 in the last) */
  aAddrAt: number;
  bAddrAt: number;
  aPort: number;
  bPort: number;
}
