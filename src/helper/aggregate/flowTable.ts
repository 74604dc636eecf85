import { ADDRESS_WORDS, formatAddress } from './addressWords';
import { RowIndex, grown } from './rowIndex';
import type { FlowSummary, FlowTransport, TcpState } from '../../shared/model/traffic';
import { TcpFlag } from '../decode/packet';

// Key: lower endpoint's address, higher endpoint's address, their ports, then version and protocol.
// Both directions of a flow share the key; `aIsLow` says which endpoint sent the first packet.
const PORTS = 2 * ADDRESS_WORDS;
const PROTOCOL = PORTS + 1;
const KEY_WORDS = PROTOCOL + 1;

const STATES: (TcpState | undefined)[] = [
  undefined,
  'syn-sent',
  'syn-received',
  'established',
  'closing',
  'closed',
  'reset',
];
const State = {
  None: 0,
  SynSent: 1,
  SynReceived: 2,
  Established: 3,
  Closing: 4,
  Closed: 5,
  Reset: 6,
} as const;

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
  private state = new Uint8Array(0);
  /** FINs seen: 1 from A, 2 from B */
  private fins = new Uint8Array(0);
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
  /** ids of rows evicted since the last delta */
  removed: string[] = [];
  evicted = 0;

  constructor(maxRows: number) {
    this.rows = new RowIndex(
      KEY_WORDS,
      maxRows,
      (capacity) => this.grow(capacity),
      (slot) => {
        this.evicted++;
        this.removed.push(this.id(slot));
        this.app[slot] = undefined;
        this.serverName[slot] = undefined;
      },
    );
    this.grow(this.rows.capacity);
  }

  /**
   * Counts a packet. `pair` holds the source address words at 0 and the destination's at 4;
   * `srcIsLow` says whether (source address, source port) sorts first. Returns the flow's slot;
   * `lastFromA` then says whether the packet went from A to B.
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
  ): number {
    const rows = this.rows;
    const probe = rows.probe;
    const low = srcIsLow ? 0 : ADDRESS_WORDS;
    const high = srcIsLow ? ADDRESS_WORDS : 0;
    for (let i = 0; i < ADDRESS_WORDS; i++) {
      probe[i] = pair[low + i]!;
      probe[ADDRESS_WORDS + i] = pair[high + i]!;
    }
    probe[PORTS] = srcIsLow ? ((srcPort << 16) | dstPort) >>> 0 : ((dstPort << 16) | srcPort) >>> 0;
    probe[PROTOCOL] = (version << 8) | protocol;
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
      this.state[slot] = State.None;
      this.fins[slot] = 0;
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
    this.lastSeen[slot] = time;
    this.lastFromA = fromA;
    this.lastSlot = slot;
    if (isTcp) this.advanceTcp(slot, tcpFlags, fromA);
    return slot;
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
    const state = STATES[this.state[slot]!];
    if (state !== undefined) flow.tcpState = state;
    return flow;
  }

  takeRemoved(): string[] {
    const removed = this.removed;
    this.removed = [];
    return removed;
  }

  private advanceTcp(slot: number, flags: number, fromA: boolean): void {
    const state = this.state[slot]!;
    if (flags & TcpFlag.Rst) {
      this.state[slot] = State.Reset;
      return;
    }
    if (flags & TcpFlag.Syn) {
      if (flags & TcpFlag.Ack) {
        if (state <= State.SynSent) this.state[slot] = State.SynReceived;
      } else if (state === State.None || state >= State.Closed) {
        // The same ports again after the connection ended: a new connection in the same flow (tshark's
        // conversation tables keep one row per address and port pair too).
        this.state[slot] = State.SynSent;
        this.fins[slot] = 0;
      }
      return;
    }
    if (flags & TcpFlag.Fin) {
      const fins = this.fins[slot]! | (fromA ? 1 : 2);
      this.fins[slot] = fins;
      this.state[slot] = fins === 3 ? State.Closed : State.Closing;
      return;
    }
    if (state < State.Established) this.state[slot] = State.Established;
  }

  private grow(capacity: number): void {
    this.aIsLow = grown(this.aIsLow, capacity);
    this.packetsAtoB = grown(this.packetsAtoB, capacity);
    this.bytesAtoB = grown(this.bytesAtoB, capacity);
    this.packetsBtoA = grown(this.packetsBtoA, capacity);
    this.bytesBtoA = grown(this.bytesBtoA, capacity);
    this.firstSeen = grown(this.firstSeen, capacity);
    this.lastSeen = grown(this.lastSeen, capacity);
    this.state = grown(this.state, capacity);
    this.fins = grown(this.fins, capacity);
    this.conversationSlot = grown(this.conversationSlot, capacity);
    this.conversationSerial = grown(this.conversationSerial, capacity);
    this.lowHostSlot = grown(this.lowHostSlot, capacity);
    this.lowHostSerial = grown(this.lowHostSerial, capacity);
    this.highHostSlot = grown(this.highHostSlot, capacity);
    this.highHostSerial = grown(this.highHostSerial, capacity);
  }
}
