/** How a device's presence was established. */
export type DiscoveryMethod =
  /** answered a raw ARP request */
  | 'arp'
  /** accepted or refused a TCP connect probe */
  | 'tcp'
  /** present with a hardware address in the kernel's neighbour table */
  | 'neighbor'
  /** the machine LAN Lens runs on */
  | 'self'
  /** seen in captured traffic (ARP, DHCP, mDNS, NDP) without being probed */
  | 'passive';

/** Where a device's hostname came from. */
export type HostnameSource = 'dns' | 'mdns' | 'dhcp';

/** One host found on a scanned subnet. Strings other than ip/mac come from the network: treat as hostile. */
export interface Device {
  ip: string;
  /** hardware address, lower case with colons */
  mac?: string;
  /** organisation that owns the MAC's OUI, from the IEEE registry */
  vendor?: string;
  hostname?: string;
  hostnameSource?: HostnameSource;
  /** round trip of the first answered probe, in milliseconds */
  rttMs?: number;
  /** IPv4 default gateway of the scanned interface */
  isGateway: boolean;
  /** an address of this machine */
  isSelf: boolean;
  /** interface the subnet was scanned through */
  interface: string;
  /** the scanned subnet in CIDR notation */
  subnet: string;
  /** first time this device was seen, in ms since the Unix epoch */
  firstSeen: number;
  /** last time this device answered, in ms since the Unix epoch */
  lastSeen: number;
  /** every way it was seen during the scan */
  methods: DiscoveryMethod[];
  /** TCP ports that accepted a connect probe (unprivileged scans only) */
  openPorts?: number[];
}
