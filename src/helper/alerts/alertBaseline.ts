// What the alert engine has learnt and keeps across runs: the devices it knows and the ports each
// was found with, and when learning began. Held in memory; the history database loads and saves
// it (alertStore.ts), so a restart does not make every device new again.
import { forgetOldest } from './forgetOldest';

/** The ports earlier scans found open on a device, and the ports they probed at all. */
export interface DevicePorts {
  /** 'tcp/22', 'udp/53'… */
  open: string[];
  /** ports probed, per protocol, in nmap syntax ('1-1000') */
  probed: { tcp: string; udp: string };
}

/** One fact the baseline learnt since it was last saved. */
export type BaselineChange =
  | { kind: 'device'; key: string; firstSeen: number; lastSeen: number }
  | { kind: 'ports'; key: string; ports: DevicePorts; firstSeen: number; lastSeen: number };

/**
 * The most devices remembered; past it the least recently seen are forgotten. Well beyond a LAN's
 * devices (the Devices tree keeps 4,096 seen only in traffic), and bounded for a flood of spoofed
 * ones: 100,000 held 16 MiB in the soak's helper.
 */
const MAX_DEVICES = 20_000;

/** The engine's memory of the network. */
export class AlertBaseline {
  private readonly devices = new Map<string, { firstSeen: number; lastSeen: number }>();
  private readonly ports = new Map<string, { ports: DevicePorts; firstSeen: number; lastSeen: number }>();
  private readonly changedDevices = new Set<string>();
  private readonly changedPorts = new Set<string>();

  /** `learningSince`: when learning began (ms since the Unix epoch) */
  constructor(readonly learningSince: number) {}

  /** Whether new devices are still learnt silently at `now`. */
  learning(now: number, learningSeconds: number): boolean {
    return now - this.learningSince < learningSeconds * 1000;
  }

  /** Records a device by its key (a MAC, else an address); true when it was not known before. */
  seeDevice(key: string, time: number): boolean {
    const known = this.devices.get(key);
    if (known) {
      if (time > known.lastSeen) known.lastSeen = time;
      // Re-inserted so the map's order stays least recently seen first.
      this.devices.delete(key);
      this.devices.set(key, known);
      this.changedDevices.add(key);
      return false;
    }
    this.devices.set(key, { firstSeen: time, lastSeen: time });
    this.changedDevices.add(key);
    // A forgotten device's change goes with it (nothing takes the changes while no database is open).
    forgetOldest(this.devices, MAX_DEVICES, (forgotten) => this.changedDevices.delete(forgotten));
    return true;
  }

  /** facts learnt and not yet taken to be saved */
  get unsaved(): number {
    return this.changedDevices.size + this.changedPorts.size;
  }

  knowsDevice(key: string): boolean {
    return this.devices.has(key);
  }

  /** What earlier scans found on a device; undefined when none scanned it. */
  portsOf(key: string): DevicePorts | undefined {
    return this.ports.get(key)?.ports;
  }

  setPorts(key: string, ports: DevicePorts, time: number): void {
    const known = this.ports.get(key);
    this.ports.set(key, { ports, firstSeen: known?.firstSeen ?? time, lastSeen: time });
    this.changedPorts.add(key);
  }

  /** Loads a fact saved earlier (no change is recorded). */
  load(change: BaselineChange): void {
    if (change.kind === 'device')
      this.devices.set(change.key, { firstSeen: change.firstSeen, lastSeen: change.lastSeen });
    else this.ports.set(change.key, { ports: change.ports, firstSeen: change.firstSeen, lastSeen: change.lastSeen });
  }

  /** Learns what `other` knows and this one does not (a baseline loaded after the engine began). */
  absorb(other: AlertBaseline): void {
    for (const [key, device] of other.devices) {
      if (!this.devices.has(key)) {
        this.seeDevice(key, device.firstSeen);
        this.seeDevice(key, device.lastSeen);
      }
    }
    for (const [key, entry] of other.ports) if (!this.ports.has(key)) this.setPorts(key, entry.ports, entry.lastSeen);
  }

  /** The facts learnt since the last call, to save. */
  takeChanges(): BaselineChange[] {
    const changes: BaselineChange[] = [];
    for (const key of this.changedDevices) {
      const device = this.devices.get(key);
      if (device) changes.push({ kind: 'device', key, ...device });
    }
    for (const key of this.changedPorts) {
      const entry = this.ports.get(key);
      if (entry) changes.push({ kind: 'ports', key, ...entry });
    }
    this.changedDevices.clear();
    this.changedPorts.clear();
    return changes;
  }

  /** devices known */
  get size(): number {
    return this.devices.size;
  }
}
