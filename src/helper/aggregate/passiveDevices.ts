import { ADDRESS_WORDS, formatAddress, parseAddress } from './addressWords';
import { macText } from './macNumber';
import { RowIndex, grown } from './rowIndex';
import { absorbRows, exportRows } from './rowsSegment';
import type { RowsSegment } from './rowsSegment';
import type { PassiveDevice } from '../../shared/model/traffic';

// Key: the address, then the IP version.
const VERSION = ADDRESS_WORDS;
const KEY_WORDS = VERSION + 1;
const SOURCES: PassiveDevice['source'][] = ['arp', 'dhcp', 'mdns', 'ndp'];

/** Devices announced on the link by ARP, NDP, DHCP or mDNS, one row per IP address. */
export class PassiveDevices {
  readonly rows: RowIndex;
  private mac = new Float64Array(0);
  private source = new Uint8Array(0);
  private lastSeen = new Float64Array(0);
  private hostname: (string | undefined)[] = [];
  private vendorClass: (string | undefined)[] = [];
  evicted = 0;

  constructor(
    maxRows: number,
    /** the interface (or file) the packets come from */
    private readonly interfaceName: string,
  ) {
    this.rows = new RowIndex(
      KEY_WORDS,
      maxRows,
      (capacity) => this.grow(capacity),
      (slot) => {
        this.evicted++;
        this.hostname[slot] = undefined;
        this.vendorClass[slot] = undefined;
      },
      64,
    );
    this.grow(this.rows.capacity);
  }

  /** an IPv4 address (as a number) announced with `mac` (a 48-bit number) */
  addIpv4(ip: number, mac: number, source: PassiveDevice['source'], time: number): number {
    const probe = this.rows.probe;
    probe[0] = 0;
    probe[1] = 0;
    probe[2] = 0;
    probe[3] = ip;
    probe[VERSION] = 4;
    return this.upsert(mac, source, time);
  }

  /** an IPv6 address at byte `offset` of `data` announced with `mac` */
  addIpv6(data: Uint8Array, offset: number, mac: number, source: PassiveDevice['source'], time: number): number {
    const probe = this.rows.probe;
    for (let i = 0; i < 4; i++) {
      const o = offset + 4 * i;
      probe[i] = ((data[o]! << 24) | (data[o + 1]! << 16) | (data[o + 2]! << 8) | data[o + 3]!) >>> 0;
    }
    probe[VERSION] = 6;
    return this.upsert(mac, source, time);
  }

  /** a device named by DHCP or mDNS (address as text); returns false when `ip` is not an address */
  addNamed(
    ip: string,
    mac: number,
    source: PassiveDevice['source'],
    time: number,
    hostname?: string,
    vendorClass?: string,
  ): boolean {
    const version = parseAddress(ip, this.rows.probe, 0);
    if (version === 0) return false;
    this.rows.probe[VERSION] = version;
    const slot = this.upsert(mac, source, time);
    if (hostname !== undefined) this.hostname[slot] = hostname;
    if (vendorClass !== undefined) this.vendorClass[slot] = vendorClass;
    return true;
  }

  lastSeenAt(slot: number): number {
    return this.lastSeen[slot]!;
  }

  summary(slot: number): PassiveDevice {
    const keys = this.rows.keys;
    const device: PassiveDevice = {
      ip: formatAddress(keys, slot * KEY_WORDS, keys[slot * KEY_WORDS + VERSION]!),
      source: SOURCES[this.source[slot]!]!,
      interface: this.interfaceName,
      lastSeen: this.lastSeen[slot]!,
    };
    if (this.mac[slot]! >= 0) device.mac = macText(this.mac[slot]!);
    const hostname = this.hostname[slot];
    if (hostname !== undefined) device.hostname = hostname;
    const vendorClass = this.vendorClass[slot];
    if (vendorClass !== undefined) device.vendorClass = vendorClass;
    return device;
  }

  /** the table as plain data, to move to another thread (see `absorb`) */
  segment(): DeviceSegment {
    return {
      rows: exportRows(this.rows),
      mac: this.mac,
      source: this.source,
      lastSeen: this.lastSeen,
      hostname: this.hostname,
      vendorClass: this.vendorClass,
      evicted: this.evicted,
    };
  }

  /** folds in the devices seen in the part of the capture that came after this table's */
  absorb(part: DeviceSegment): void {
    this.evicted += part.evicted;
    absorbRows(this.rows, part.rows, (from, to, created) => {
      if (created) this.mac[to] = -1;
      if (part.mac[from]! >= 0) this.mac[to] = part.mac[from]!;
      this.source[to] = part.source[from]!;
      this.lastSeen[to] = part.lastSeen[from]!;
      if (created || part.hostname[from] !== undefined) this.hostname[to] = part.hostname[from];
      if (created || part.vendorClass[from] !== undefined) this.vendorClass[to] = part.vendorClass[from];
    });
  }

  private upsert(mac: number, source: PassiveDevice['source'], time: number): number {
    const rows = this.rows;
    const hash = rows.hashProbe();
    let slot = rows.find(hash);
    if (slot < 0) {
      slot = rows.insert(hash);
      this.mac[slot] = -1;
    } else rows.touch(slot);
    if (mac >= 0) this.mac[slot] = mac;
    this.source[slot] = SOURCES.indexOf(source);
    this.lastSeen[slot] = time;
    return slot;
  }

  private grow(capacity: number): void {
    this.mac = grown(this.mac, capacity);
    this.source = grown(this.source, capacity);
    this.lastSeen = grown(this.lastSeen, capacity);
  }
}

/** Passive devices as plain data (see `PassiveDevices.segment`). */
export interface DeviceSegment {
  rows: RowsSegment;
  mac: Float64Array;
  source: Uint8Array;
  lastSeen: Float64Array;
  hostname: (string | undefined)[];
  vendorClass: (string | undefined)[];
  evicted: number;
}
