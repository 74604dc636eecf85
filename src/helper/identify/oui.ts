import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

type OuiTable = Record<string, string>;

let table: OuiTable | undefined;

/**
 * The IEEE registry, loaded on first use. The build writes a compact copy next to the bundle
 * (dist/oui.json); running from source falls back to the oui-data package itself.
 */
function load(): OuiTable {
  if (table) return table;
  const compact = join(__dirname, 'oui.json');
  if (existsSync(compact)) {
    table = JSON.parse(readFileSync(compact, 'utf8')) as OuiTable;
    return table;
  }
  const registry = JSON.parse(readFileSync(require.resolve('oui-data'), 'utf8')) as OuiTable;
  table = {};
  for (const [prefix, entry] of Object.entries(registry)) table[prefix.toUpperCase()] = entry.split('\n')[0]!.trim();
  return table;
}

/** Whether the MAC is locally administered (randomised or virtual), so no vendor can own it. */
export function isLocallyAdministered(mac: string): boolean {
  const firstOctet = parseInt(mac.slice(0, 2), 16);
  return (firstOctet & 0x02) !== 0;
}

/**
 * The organisation that owns a MAC address's block. Checks the small MA-S (36-bit) and MA-M
 * (28-bit) blocks before the 24-bit MA-L one, since a MA-L holder may have sold sub-blocks.
 */
export function lookupVendor(mac: string): string | undefined {
  const hex = mac.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  if (hex.length < 6) return undefined;
  const registry = load();
  return registry[hex.slice(0, 9)] ?? registry[hex.slice(0, 7)] ?? registry[hex.slice(0, 6)];
}
