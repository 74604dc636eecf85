// Which name stands for an address, for the dashboard's labels and the exports alike: the Devices
// list's (the user's own scans) first, then the name learnt last from captured DNS, mDNS or DHCP,
// then a passive sighting's hostname, then the host table's. Every name but the first is hostile.
import type { DnsName, HostTraffic, PassiveDevice } from '../model/traffic';
import type { DeviceName } from '../webviewProtocol';

/** What is known about one address, from each source of names. */
export interface AddressFacts {
  device?: DeviceName;
  /** the name learnt last (see newestByAddress) */
  dns?: DnsName;
  /** the latest passive sighting */
  passive?: PassiveDevice;
  host?: HostTraffic;
}

/** The name shown for an address, when any source has one. */
export function addressName(facts: AddressFacts): string | undefined {
  return facts.device?.hostname || facts.dns?.name || facts.passive?.hostname || facts.host?.name || undefined;
}

/**
 * The most recently seen row of each address (of equal age, the later row): for names, the one the
 * helper last learnt (it re-sends a name with a new time whenever it becomes the address's newest);
 * for passive devices, the latest sighting on whichever interface.
 */
export function newestByAddress<T extends { lastSeen: number }>(
  rows: Iterable<T>,
  addrOf: (row: T) => string,
): Map<string, T> {
  const newest = new Map<string, T>();
  for (const row of rows) {
    const held = newest.get(addrOf(row));
    if (!held || row.lastSeen >= held.lastSeen) newest.set(addrOf(row), row);
  }
  return newest;
}
