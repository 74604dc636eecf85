/**
 * The UDP ports a scan with `udp` probes when no custom list names any: DNS, NTP, NetBIOS name
 * service, SNMP, SSDP, mDNS. The helper sends each a payload that makes it answer; the nmap
 * command LAN Lens copies names the same ports.
 */
export const UDP_SERVICE_PORTS: readonly number[] = [53, 123, 137, 161, 1900, 5353];
