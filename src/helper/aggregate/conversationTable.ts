import { ADDRESS_WORDS, formatAddress } from './addressWords';
import { RowIndex, grown } from './rowIndex';
import { absorbRows, exportRows } from './rowsSegment';
import type { RowsSegment } from './rowsSegment';
import { foldPairCounts } from './pairCounts';
import type { PairCounts } from './pairCounts';
import type { IpConversation } from '../../shared/model/traffic';

// Key: the lower address, the higher address, the IP version. A sent the first packet seen.
const VERSION = 2 * ADDRESS_WORDS;
const KEY_WORDS = VERSION + 1;

/** Traffic between two IP addresses, in both directions (tshark `-z conv,ip` and `conv,ipv6`). */
export class ConversationTable {
  readonly rows: RowIndex;
  private aIsLow = new Uint8Array(0);
  private packetsAtoB = new Float64Array(0);
  private bytesAtoB = new Float64Array(0);
  private packetsBtoA = new Float64Array(0);
  private bytesBtoA = new Float64Array(0);
  private firstSeen = new Float64Array(0);
  private lastSeen = new Float64Array(0);
  /** ids of rows evicted since the last delta (none kept for a table asked only for snapshots: no delta takes them) */
  removed: string[] = [];
  evicted = 0;

  constructor(maxRows: number) {
    this.rows = new RowIndex(
      KEY_WORDS,
      maxRows,
      (capacity) => this.grow(capacity),
      (slot) => {
        this.evicted++;
        if (this.rows.tracksChanges) this.removed.push(this.id(slot));
      },
    );
    this.grow(this.rows.capacity);
  }

  /** the row of the pair in `pair` (source address words at 0, destination's at 4), created when new */
  lookup(pair: Uint32Array, srcIsLow: boolean, version: number, time: number): number {
    const rows = this.rows;
    const probe = rows.probe;
    const low = srcIsLow ? 0 : ADDRESS_WORDS;
    const high = srcIsLow ? ADDRESS_WORDS : 0;
    for (let i = 0; i < ADDRESS_WORDS; i++) {
      probe[i] = pair[low + i]!;
      probe[ADDRESS_WORDS + i] = pair[high + i]!;
    }
    probe[VERSION] = version;
    const hash = rows.hashProbe();
    let slot = rows.find(hash);
    if (slot < 0) {
      slot = rows.insert(hash);
      this.aIsLow[slot] = srcIsLow ? 1 : 0;
      this.packetsAtoB[slot] = 0;
      this.bytesAtoB[slot] = 0;
      this.packetsBtoA[slot] = 0;
      this.bytesBtoA[slot] = 0;
      this.firstSeen[slot] = time;
    }
    return slot;
  }

  /** counts a packet in the row at `slot`; `srcIsLow` says whether its source is the lower address */
  count(slot: number, srcIsLow: boolean, time: number, length: number): void {
    this.rows.touch(slot);
    if ((this.aIsLow[slot] === 1) === srcIsLow) {
      this.packetsAtoB[slot] = this.packetsAtoB[slot]! + 1;
      this.bytesAtoB[slot] = this.bytesAtoB[slot]! + length;
    } else {
      this.packetsBtoA[slot] = this.packetsBtoA[slot]! + 1;
      this.bytesBtoA[slot] = this.bytesBtoA[slot]! + length;
    }
    this.lastSeen[slot] = time;
  }

  id(slot: number): string {
    return `c${this.rows.serial[slot]}`;
  }

  lastSeenAt(slot: number): number {
    return this.lastSeen[slot]!;
  }

  bytesAt(slot: number): number {
    return this.bytesAtoB[slot]! + this.bytesBtoA[slot]!;
  }

  summary(slot: number): IpConversation {
    const keys = this.rows.keys;
    const base = slot * KEY_WORDS;
    const version = keys[base + VERSION]!;
    const low = formatAddress(keys, base, version);
    const high = formatAddress(keys, base + ADDRESS_WORDS, version);
    const aIsLow = this.aIsLow[slot] === 1;
    return {
      id: this.id(slot),
      aAddr: aIsLow ? low : high,
      bAddr: aIsLow ? high : low,
      packetsAtoB: this.packetsAtoB[slot]!,
      bytesAtoB: this.bytesAtoB[slot]!,
      packetsBtoA: this.packetsBtoA[slot]!,
      bytesBtoA: this.bytesBtoA[slot]!,
      firstSeen: this.firstSeen[slot]!,
      lastSeen: this.lastSeen[slot]!,
    };
  }

  takeRemoved(): string[] {
    const removed = this.removed;
    this.removed = [];
    return removed;
  }

  /** the table as plain data, to move to another thread (see `absorb`) */
  segment(): ConversationSegment {
    return { rows: exportRows(this.rows), ...this.pairCounts(), evicted: this.evicted };
  }

  /** folds in the conversations of the part of the capture that came after this table's */
  absorb(part: ConversationSegment): void {
    this.evicted += part.evicted;
    absorbRows(this.rows, part.rows, (from, to, created) => foldPairCounts(this.pairCounts(), to, part, from, created));
  }

  /** the count arrays as they are now (inserting may have grown them) */
  private pairCounts(): PairCounts {
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
  }
}

/** A conversation table as plain data (see `ConversationTable.segment`). */
export interface ConversationSegment extends PairCounts {
  rows: RowsSegment;
  evicted: number;
}
