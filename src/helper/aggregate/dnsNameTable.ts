import type { DnsName } from '../../shared/model/traffic';

/**
 * Names learnt for addresses from captured DNS answers, DHCP, mDNS, LLMNR and NetBIOS: one row per
 * address and name (an address often has several: `www.lab.test` by DNS, `labserver` by mDNS),
 * the newest name standing for the address. Bounded: the least recently seen row goes first.
 * Names arrive far less often than packets, so Maps keyed by text are fine here.
 */
export class DnsNameTable {
  /** by `addr|name`, least recently seen first */
  private readonly rows = new Map<string, DnsName>();
  /** the newest name of each address */
  private readonly newest = new Map<string, string>();
  private changed = new Set<string>();
  evicted = 0;

  constructor(private readonly maxRows: number) {}

  /** records `name` for `addr`; returns whether the address's name or the table changed */
  set(addr: string, name: string, source: DnsName['source'], time: number): boolean {
    const key = `${addr}|${name}`;
    const known = this.rows.get(key);
    const renamed = this.newest.get(addr) !== name;
    this.newest.set(addr, name);
    if (known && known.source === source && !renamed) {
      known.lastSeen = time;
      return false;
    }
    // Re-inserting moves the row to the end of the Map, which is the newest.
    this.rows.delete(key);
    this.rows.set(key, { addr, name, source, lastSeen: time });
    this.changed.add(key);
    if (this.rows.size > this.maxRows) {
      const [oldestKey, oldest] = this.rows.entries().next().value as [string, DnsName];
      this.rows.delete(oldestKey);
      this.changed.delete(oldestKey);
      if (this.newest.get(oldest.addr) === oldest.name) this.newest.delete(oldest.addr);
      this.evicted++;
    }
    return true;
  }

  /**
   * Folds in the names of the part of the capture that came after this table's (`all()` there),
   * as if learnt again in the order that part last saw them. The newest name of each address is
   * then the later part's, as one pass would give; only the order of rows seen in both parts
   * may differ from one pass's.
   */
  absorb(part: readonly DnsName[], evicted: number): void {
    this.evicted += evicted;
    for (const { addr, name, source, lastSeen } of part) this.set(addr, name, source, lastSeen);
  }

  /** the newest name learnt for `addr` */
  nameOf(addr: string): string | undefined {
    return this.newest.get(addr);
  }

  all(): DnsName[] {
    return [...this.rows.values()].map((entry) => ({ ...entry }));
  }

  takeChanged(): DnsName[] {
    const changed: DnsName[] = [];
    for (const key of this.changed) {
      const entry = this.rows.get(key);
      if (entry) changed.push({ ...entry });
    }
    this.changed = new Set();
    return changed;
  }
}
