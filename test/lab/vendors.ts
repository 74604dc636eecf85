// Real IEEE OUIs for lab MAC addresses, so vendor lookup is tested against the registry rather
// than against made-up prefixes. Each prefix was checked in oui-data and in arp-scan's table.
import { readFileSync } from 'node:fs';

export interface LabVendor {
  /** six upper-case hex digits */
  oui: string;
  /** short label for logs and demo output */
  label: string;
}

export const labVendors: readonly LabVendor[] = [
  { oui: 'B827EB', label: 'Raspberry Pi' },
  { oui: '000C29', label: 'VMware' },
  { oui: '3C5AB4', label: 'Google' },
  { oui: '001B21', label: 'Intel' },
  { oui: '001B63', label: 'Apple' },
  { oui: '00000C', label: 'Cisco' },
  { oui: 'DCA632', label: 'Raspberry Pi Trading' },
];

/** A MAC with the given OUI whose low three bytes encode `index`, lower case with colons. */
export function vendorMac(oui: string, index: number): string {
  const low = (index & 0xffffff).toString(16).padStart(6, '0');
  return (oui + low).toLowerCase().match(/../g)!.join(':');
}

/** The OUI of a MAC, as six upper-case hex digits. */
export function ouiOf(mac: string): string {
  return mac
    .replace(/[^0-9a-f]/gi, '')
    .slice(0, 6)
    .toUpperCase();
}

/** Organisation names as the IEEE registry (oui-data, what LAN Lens ships) spells them. */
export function registryOrganisations(ouis: Iterable<string>): Map<string, string | undefined> {
  const path = require.resolve('oui-data'); // the package's main *is* index.json
  const registry = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
  return new Map([...ouis].map((oui) => [oui, registry[oui]?.split('\n')[0].trim()]));
}

/** Organisation names from arp-scan's own copy of the registry: an oracle independent of oui-data. */
export function arpScanOrganisations(
  ouis: Iterable<string>,
  table = '/usr/share/arp-scan/ieee-oui.txt',
): Map<string, string | undefined> {
  const wanted = new Set(ouis);
  const found = new Map<string, string | undefined>([...wanted].map((oui) => [oui, undefined]));
  for (const line of readFileSync(table, 'utf8').split('\n')) {
    const [prefix, organisation] = line.split('\t');
    if (organisation && wanted.has(prefix.toUpperCase())) found.set(prefix.toUpperCase(), organisation.trim());
  }
  return found;
}

/** Lower-cased first word without punctuation: the part two registry copies reliably agree on. */
export function organisationKey(name: string): string {
  return (name.toLowerCase().match(/[a-z0-9]+/) ?? [''])[0];
}
