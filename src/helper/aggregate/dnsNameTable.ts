import type { DnsName } from '../../shared/model/traffic';

/**
 * Names learnt for addresses from captured DNS answers, DHCP and mDNS, newest name winning.
 * Bounded: the least recently named address goes first. Names arrive far less often than
 * packets, so a Map keyed by the address text is fine here.
 */
export class DnsNameTable {
  private readonly names = new Map<string, DnsName>();
  private changed = new Set<string>();
  evicted = 0;

  constructor(private readonly maxRows: number) {}

  /** records `name` for `addr`; returns whether anything changed */
  set(addr: string, name: string, source: DnsName['source'], time: number): boolean {
    const known = this.names.get(addr);
    if (known && known.name === name && known.source === source) {
      known.lastSeen = time;
      return false;
    }
    // Re-inserting moves the address to the end, which is the newest in a Map's order.
    this.names.delete(addr);
    this.names.set(addr, { addr, name, source, lastSeen: time });
    this.changed.add(addr);
    if (this.names.size > this.maxRows) {
      const oldest = this.names.keys().next().value as string;
      this.names.delete(oldest);
      this.changed.delete(oldest);
      this.evicted++;
    }
    return true;
  }

  nameOf(addr: string): string | undefined {
    return this.names.get(addr)?.name;
  }

  all(): DnsName[] {
    return [...this.names.values()].map((entry) => ({ ...entry }));
  }

  takeChanged(): DnsName[] {
    const changed: DnsName[] = [];
    for (const addr of this.changed) {
      const entry = this.names.get(addr);
      if (entry) changed.push({ ...entry });
    }
    this.changed = new Set();
    return changed;
  }
}
