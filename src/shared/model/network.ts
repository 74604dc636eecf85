/** One address of an interface together with the subnet it implies. */
export interface InterfaceAddress {
  /** the address itself, e.g. `10.213.0.1` or `fe80::1` */
  address: string;
  /** prefix length in bits, e.g. 24 */
  prefixLength: number;
  /** the subnet in CIDR notation, e.g. `10.213.0.0/24` */
  cidr: string;
}

/** A network interface of the machine the helper runs on. */
export interface NetworkInterfaceInfo {
  /** kernel name, e.g. `eth0` */
  name: string;
  /** hardware address, lower case with colons; absent for interfaces without one (loopback, tun) */
  mac?: string;
  ipv4: InterfaceAddress[];
  ipv6: InterfaceAddress[];
  /** operational state is up */
  up: boolean;
  /** loopback or another interface that never reaches a LAN */
  internal: boolean;
  /** carries the default route */
  isDefault: boolean;
  /** IPv4 default gateway reached through this interface, when it has one */
  gateway?: string;
  /** link type as the OS reports it, e.g. `wired`, `wireless`, `virtual` */
  type?: string;
  /** link speed in megabits per second, when known */
  speedMbps?: number;
}
