// The devices a live capture saw between two flushes, by MAC and address, the last sighting of
// each: a column per field and the time in a typed array (SlotCounts), rather than a Sighting with
// its names array per device (the soak's churn brings 12,000 new devices a flush).
import type { Sighting } from './deviceWriter';
import { SlotCounts } from './slotCounts';
import type { PassiveDevice } from '../../shared/model/traffic';

/** The last sighting of each device (MAC and address) seen in a capture's ticks. */
export class PassiveSightings {
  private readonly rows: SlotCounts;
  private readonly iface: string[] = [];
  private readonly vendor: (string | undefined)[] = [];
  private readonly name: (string | undefined)[] = [];
  private readonly source: ('dhcp' | 'mdns' | undefined)[] = [];

  /** `capacity`: the devices to make room for at first */
  constructor(capacity?: number) {
    this.rows = new SlotCounts(1, capacity);
  }

  get size(): number {
    return this.rows.size;
  }

  /** Keeps the device as seen now, in place of an earlier sighting of it. */
  add(device: PassiveDevice): void {
    // Flat (join), and the only copy of the MAC and address: `sightings` splits it (neither holds '|').
    const key = [device.mac ?? '', device.ip].join('|');
    const slot = this.rows.slot(key) ?? this.rows.add(key);
    this.iface[slot] = device.interface;
    this.vendor[slot] = device.vendor;
    // Names the device gave itself; names others gave it (DNS) are not the device's.
    const source = device.source === 'dhcp' || device.source === 'mdns' ? device.source : undefined;
    const named = source !== undefined && device.hostname ? device.hostname : undefined;
    this.name[slot] = named;
    this.source[slot] = named === undefined ? undefined : source;
    this.rows.counts[slot] = device.lastSeen;
  }

  /** Each device's sighting, in the order the devices came (made one at a time, as they are written). */
  *sightings(): Generator<Sighting> {
    for (const [key, slot] of this.rows.entries()) {
      const [mac, ip] = key.split('|');
      const name = this.name[slot];
      const source = this.source[slot];
      yield {
        ip: ip!,
        mac: mac || undefined,
        interface: this.iface[slot]!,
        subnet: '',
        time: this.rows.counts[slot]!,
        vendor: this.vendor[slot],
        names: name !== undefined && source !== undefined ? [{ name, source }] : [],
      };
    }
  }
}
