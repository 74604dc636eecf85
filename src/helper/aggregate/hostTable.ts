import { ADDRESS_WORDS, formatAddress } from './addressWords';
import { macText } from './macNumber';
import { RowIndex, grown } from './rowIndex';
import { absorbRows, exportRows } from './rowsSegment';
import type { RowsSegment } from './rowsSegment';
import type { HostTraffic } from '../../shared/model/traffic';

// Key: the address, then the IP version.
const VERSION = ADDRESS_WORDS;
const KEY_WORDS = VERSION + 1;

/** Endpoints: traffic to and from each IP address (tshark `-z endpoints,ip` and `endpoints,ipv6`). */
export class HostTable {
  readonly rows: RowIndex;
  private packetsIn = new Float64Array(0);
  private bytesIn = new Float64Array(0);
  private packetsOut = new Float64Array(0);
  private bytesOut = new Float64Array(0);
  private firstSeen = new Float64Array(0);
  private lastSeen = new Float64Array(0);
  /** the hardware address last seen sending from the address, as a 48-bit number; -1 for none */
  private mac = new Float64Array(0);
  /** IP TTL of the last packet the address sent (0: none seen), for the topology's hop estimate */
  private ttl = new Uint8Array(0);
  /** addresses of rows evicted since the last delta (none kept for a table asked only for snapshots: no delta takes them) */
  removed: string[] = [];
  evicted = 0;

  constructor(maxRows: number) {
    this.rows = new RowIndex(
      KEY_WORDS,
      maxRows,
      (capacity) => this.grow(capacity),
      (slot) => {
        this.evicted++;
        if (this.rows.tracksChanges) this.removed.push(this.address(slot));
      },
    );
    this.grow(this.rows.capacity);
  }

  /** the row of the address at `pair[at…]`, created when new */
  lookup(pair: Uint32Array, at: number, version: number, time: number): number {
    const rows = this.rows;
    const probe = rows.probe;
    for (let i = 0; i < ADDRESS_WORDS; i++) probe[i] = pair[at + i]!;
    probe[VERSION] = version;
    const hash = rows.hashProbe();
    let slot = rows.find(hash);
    if (slot < 0) {
      slot = rows.insert(hash);
      this.packetsIn[slot] = 0;
      this.bytesIn[slot] = 0;
      this.packetsOut[slot] = 0;
      this.bytesOut[slot] = 0;
      this.firstSeen[slot] = time;
      this.mac[slot] = -1;
      this.ttl[slot] = 0;
    }
    return slot;
  }

  /**
   * counts a packet sent by the row's address; `mac` is the sender's hardware address as a number,
   * -1 when unknown; `ttl` the IP TTL (hop limit) it arrived with
   */
  countOut(slot: number, mac: number, time: number, length: number, ttl: number): void {
    this.rows.touch(slot);
    this.packetsOut[slot] = this.packetsOut[slot]! + 1;
    this.bytesOut[slot] = this.bytesOut[slot]! + length;
    if (mac >= 0) this.mac[slot] = mac;
    this.ttl[slot] = ttl;
    this.lastSeen[slot] = time;
  }

  /** counts a packet received by the row's address */
  countIn(slot: number, time: number, length: number): void {
    this.rows.touch(slot);
    this.packetsIn[slot] = this.packetsIn[slot]! + 1;
    this.bytesIn[slot] = this.bytesIn[slot]! + length;
    this.lastSeen[slot] = time;
  }

  /** marks the row of the address in `probe` changed (a name was learnt for it), if there is one */
  markChanged(): void {
    const slot = this.rows.find(this.rows.hashProbe());
    if (slot >= 0) this.rows.markDirty(slot);
  }

  address(slot: number): string {
    const keys = this.rows.keys;
    return formatAddress(keys, slot * KEY_WORDS, keys[slot * KEY_WORDS + VERSION]!);
  }

  lastSeenAt(slot: number): number {
    return this.lastSeen[slot]!;
  }

  bytesAt(slot: number): number {
    return this.bytesIn[slot]! + this.bytesOut[slot]!;
  }

  summary(slot: number, nameOf: (addr: string) => string | undefined): HostTraffic {
    const addr = this.address(slot);
    const host: HostTraffic = {
      addr,
      packetsIn: this.packetsIn[slot]!,
      bytesIn: this.bytesIn[slot]!,
      packetsOut: this.packetsOut[slot]!,
      bytesOut: this.bytesOut[slot]!,
      firstSeen: this.firstSeen[slot]!,
      lastSeen: this.lastSeen[slot]!,
    };
    if (this.mac[slot]! >= 0) host.mac = macText(this.mac[slot]!);
    if (this.ttl[slot]! > 0) host.ttl = this.ttl[slot]!;
    const name = nameOf(addr);
    if (name !== undefined) host.name = name;
    return host;
  }

  takeRemoved(): string[] {
    const removed = this.removed;
    this.removed = [];
    return removed;
  }

  /** the table as plain data, to move to another thread (see `absorb`) */
  segment(): HostSegment {
    return {
      rows: exportRows(this.rows),
      packetsIn: this.packetsIn,
      bytesIn: this.bytesIn,
      packetsOut: this.packetsOut,
      bytesOut: this.bytesOut,
      firstSeen: this.firstSeen,
      lastSeen: this.lastSeen,
      mac: this.mac,
      ttl: this.ttl,
      evicted: this.evicted,
    };
  }

  /** folds in the hosts of the part of the capture that came after this table's */
  absorb(part: HostSegment): void {
    this.evicted += part.evicted;
    absorbRows(this.rows, part.rows, (from, to, created) => {
      if (created) {
        this.packetsIn[to] = part.packetsIn[from]!;
        this.bytesIn[to] = part.bytesIn[from]!;
        this.packetsOut[to] = part.packetsOut[from]!;
        this.bytesOut[to] = part.bytesOut[from]!;
        this.firstSeen[to] = part.firstSeen[from]!;
        this.mac[to] = part.mac[from]!;
        this.ttl[to] = part.ttl[from]!;
      } else {
        this.packetsIn[to] = this.packetsIn[to]! + part.packetsIn[from]!;
        this.bytesIn[to] = this.bytesIn[to]! + part.bytesIn[from]!;
        this.packetsOut[to] = this.packetsOut[to]! + part.packetsOut[from]!;
        this.bytesOut[to] = this.bytesOut[to]! + part.bytesOut[from]!;
        if (part.mac[from]! >= 0) this.mac[to] = part.mac[from]!;
        if (part.ttl[from]! > 0) this.ttl[to] = part.ttl[from]!;
      }
      this.lastSeen[to] = part.lastSeen[from]!;
    });
  }

  private grow(capacity: number): void {
    this.packetsIn = grown(this.packetsIn, capacity);
    this.bytesIn = grown(this.bytesIn, capacity);
    this.packetsOut = grown(this.packetsOut, capacity);
    this.bytesOut = grown(this.bytesOut, capacity);
    this.firstSeen = grown(this.firstSeen, capacity);
    this.lastSeen = grown(this.lastSeen, capacity);
    this.mac = grown(this.mac, capacity);
    this.ttl = grown(this.ttl, capacity);
  }
}

/** A host table as plain data (see `HostTable.segment`). */
export interface HostSegment {
  rows: RowsSegment;
  packetsIn: Float64Array;
  bytesIn: Float64Array;
  packetsOut: Float64Array;
  bytesOut: Float64Array;
  firstSeen: Float64Array;
  lastSeen: Float64Array;
  mac: Float64Array;
  ttl: Uint8Array;
  evicted: number;
}
