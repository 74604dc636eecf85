import type { BandwidthSample } from '../model/traffic';

/**
 * The interface the status bar follows: the configured one, else the one carrying the default
 * route, else the non-loopback interface that moved the most bytes (a machine without a default
 * route, such as a lab or an air-gapped box), else loopback.
 */
export function activeInterface(
  sample: BandwidthSample,
  configured: string,
  defaultRoute: string | undefined,
): string | undefined {
  const names = sample.interfaces.map((entry) => entry.interface);
  if (configured) return configured;
  if (defaultRoute && names.includes(defaultRoute)) return defaultRoute;
  const ranked = sample.interfaces
    .filter((entry) => entry.interface !== 'lo' && !entry.interface.startsWith('lo0'))
    .sort((a, b) => b.rxTotalBytes + b.txTotalBytes - (a.rxTotalBytes + a.txTotalBytes));
  return ranked[0]?.interface ?? names[0];
}
