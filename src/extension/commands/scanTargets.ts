import { cidrContains, parseCidr } from '../../shared/cidr';
import type { InterfacesResult } from '../../shared/helperProtocol';
import { SettingKey } from '../contributionIds';
import type { LanLensSettings } from '../settingsParser';

/** One subnet the user can scan. */
export interface ScanTarget {
  /** canonical CIDR */
  cidr: string;
  /** interface to scan through; absent lets the helper pick the one whose subnet contains `cidr` */
  interface?: string;
  /** default gateway of that interface */
  gateway?: string;
  /** hardware address of that interface */
  mac?: string;
}

/** The targets, or why there are none. */
export type TargetChoice = { targets: ScanTarget[] } | { targets: []; reason: string };

/**
 * Configured subnets if any, else the IPv4 subnets of up, non-internal interfaces (only
 * `lanLens.scan.interface` when set), the default-route interface first.
 */
export function scanTargets(
  settings: Pick<LanLensSettings, 'scanInterface' | 'scanSubnets'>,
  { interfaces, defaultInterface }: InterfacesResult,
): TargetChoice {
  const wanted = settings.scanInterface;
  if (settings.scanSubnets.length > 0) {
    return {
      targets: settings.scanSubnets.map((cidr) => {
        const parsed = parseCidr(cidr);
        const owner = interfaces.find(
          (info) =>
            (wanted === '' || info.name === wanted) &&
            info.ipv4.some((address) => cidrContains(parseCidr(address.cidr), parsed.network)),
        );
        const name = wanted || owner?.name;
        return { cidr: parsed.text, interface: name, gateway: owner?.gateway, mac: owner?.mac };
      }),
    };
  }
  const candidates = interfaces
    .filter((info) => info.up && !info.internal && (wanted === '' || info.name === wanted))
    .sort((a, b) => Number(b.name === defaultInterface) - Number(a.name === defaultInterface));
  const targets: ScanTarget[] = [];
  for (const info of candidates) {
    // A /32 holds only this machine: nothing to discover.
    for (const address of info.ipv4.filter((a) => a.prefixLength < 32)) {
      const cidr = parseCidr(address.cidr).text;
      if (targets.some((t) => t.cidr === cidr && t.interface === info.name)) continue;
      targets.push({ cidr, interface: info.name, gateway: info.gateway, mac: info.mac });
    }
  }
  if (targets.length > 0) return { targets };
  if (wanted !== '') {
    const exists = interfaces.some((info) => info.name === wanted);
    return {
      targets: [],
      reason: exists
        ? `Interface "${wanted}" (setting ${SettingKey.scanInterface}) is down or has no IPv4 subnet to scan.`
        : `There is no interface named "${wanted}" (setting ${SettingKey.scanInterface}). Known: ${interfaces.map((i) => i.name).join(', ') || 'none'}.`,
    };
  }
  return {
    targets: [],
    reason: `No network to scan: no up, non-loopback interface has an IPv4 subnet. Connect to a network, or list subnets in ${SettingKey.scanSubnets}.`,
  };
}
