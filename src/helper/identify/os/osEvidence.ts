import type { ServiceInfo, TcpFingerprint } from '../../../shared/model/ports';

/** Everything known about one host that can hint at its OS and kind. Every field is optional. */
export interface OsEvidence {
  /** the TCP/IP stack's answer as the SYN scan saw it */
  tcp?: TcpFingerprint;
  /** an IP TTL seen in any answer (ICMP, RST…) when there is no SYN-ACK fingerprint */
  ttl?: number;
  openTcpPorts?: number[];
  openUdpPorts?: number[];
  /** hardware address, lower case with colons */
  mac?: string;
  /** MAC vendor from the IEEE registry (looked up from `mac` when absent) */
  vendor?: string;
  /** identified services on the open ports */
  services?: ServiceInfo[];
  /** names of the host: DNS, mDNS, NetBIOS (hostile) */
  names?: string[];
  /** the host answered NetBIOS node status (Windows, Samba) */
  netbios?: boolean;
  /** the host is the subnet's default gateway */
  isGateway?: boolean;
}
