import { isLocallyAdministered, lookupVendor } from '../identify/oui';
import type { Device, DiscoveryMethod } from '../../shared/model/device';
import type { ScanTarget } from './scanTarget';

/** What a sweep learnt about one host, before naming. */
export interface Sighting {
  ip: string;
  mac?: string;
  rttMs?: number;
  methods: DiscoveryMethod[];
  openPorts?: number[];
  /** ms since the Unix epoch */
  seenAt: number;
}

/** Turns a sighting into a Device: vendor from the OUI, gateway and this-machine flags. */
export function buildDevice(sighting: Sighting, target: ScanTarget): Device {
  const mac = sighting.mac;
  return {
    ip: sighting.ip,
    mac,
    vendor: mac && !isLocallyAdministered(mac) ? lookupVendor(mac) : undefined,
    rttMs: sighting.rttMs,
    isGateway: target.interface.gateway === sighting.ip,
    isSelf: sighting.methods.includes('self'),
    interface: target.interface.name,
    subnet: target.cidr.text,
    firstSeen: sighting.seenAt,
    lastSeen: sighting.seenAt,
    methods: sighting.methods,
    openPorts: sighting.openPorts,
  };
}

/** The machine itself, listed like any host (as nmap -sn does). */
export function selfSighting(target: ScanTarget): Sighting {
  return { ip: target.sourceAddress, mac: target.interface.mac, methods: ['self'], seenAt: Date.now() };
}
