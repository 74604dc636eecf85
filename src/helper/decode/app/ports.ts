import { AppProtocol } from './appInfo';

// Well-known ports as Wireshark 4 registers its dissectors by default: when a payload's content
// names nothing, the port does, so continuation segments are named as tshark names them.

/** Application protocol of each TCP port (AppProtocol.None when unregistered). */
export const TCP_PORTS = new Uint8Array(65536);
/** Application protocol of each UDP port. */
export const UDP_PORTS = new Uint8Array(65536);

// `tshark -G decodes` of Wireshark 4.0 (tcp.port and udp.port rows of these protocols); a test
// compares this table with the installed tshark's.
const TCP: [AppProtocol, number[]][] = [
  [AppProtocol.Http, [80, 631, 1900, 2710, 2869, 3128, 3132, 3689, 5985, 8080, 8088, 11371]],
  [
    AppProtocol.Tls,
    [
      324, 443, 465, 636, 802, 853, 993, 995, 1300, 2221, 2443, 3249, 3250, 3251, 3252, 3496, 5061, 5671, 5684, 5868,
      8883, 11207, 19999, 27017,
    ],
  ],
  [AppProtocol.Ssh, [22, 29418]],
  [AppProtocol.Ftp, [21]],
  [AppProtocol.Smtp, [25, 587]],
  [AppProtocol.Dns, [53, 5353]],
  [AppProtocol.Ntp, [123]],
];
const UDP: [AppProtocol, number[]][] = [
  [AppProtocol.Dns, [53]],
  [AppProtocol.Mdns, [5353]],
  [AppProtocol.Llmnr, [5355]],
  [AppProtocol.Nbns, [137]],
  [AppProtocol.Dhcp, [67, 68, 4011]],
  [AppProtocol.Ntp, [123]],
  [AppProtocol.Ssdp, [1900]],
  // Not a registration in Wireshark (its QUIC dissector is heuristic and follows connections), but
  // short-header packets carry nothing else to go by: UDP 443 is QUIC in practice.
  [AppProtocol.Quic, [443]],
];
for (const [protocol, ports] of TCP) for (const port of ports) TCP_PORTS[port] = protocol;
for (const [protocol, ports] of UDP) for (const port of ports) UDP_PORTS[port] = protocol;

/** The registrations above, for tests that compare them with tshark's. */
export const REGISTERED_PORTS = { tcp: TCP, udp: UDP };

/** The protocol registered on either port, the lower port first (as Wireshark tries them). */
export function byPort(table: Uint8Array, a: number, b: number): AppProtocol {
  const low = a < b ? a : b;
  return (table[low] || table[a < b ? b : a]) as AppProtocol;
}
