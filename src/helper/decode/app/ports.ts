import { AppProtocol } from './appInfo';

// Well-known ports as Wireshark 4 registers its dissectors by default: when a payload's content
// names nothing, the port does, so continuation segments are named as tshark names them.

/** Application protocol of each TCP port (AppProtocol.None when unregistered). */
export const TCP_PORTS = new Uint8Array(65536);
/** Application protocol of each UDP port. */
export const UDP_PORTS = new Uint8Array(65536);

for (const port of [80, 3128, 3132, 5985, 8080, 8088, 11371, 1900, 2869, 2710]) TCP_PORTS[port] = AppProtocol.Http;
for (const port of [443, 465, 636, 853, 993, 995]) TCP_PORTS[port] = AppProtocol.Tls;
TCP_PORTS[22] = AppProtocol.Ssh;
TCP_PORTS[21] = AppProtocol.Ftp;
TCP_PORTS[25] = AppProtocol.Smtp;
TCP_PORTS[587] = AppProtocol.Smtp;
TCP_PORTS[53] = AppProtocol.Dns;
TCP_PORTS[5355] = AppProtocol.Llmnr;

UDP_PORTS[53] = AppProtocol.Dns;
UDP_PORTS[5353] = AppProtocol.Mdns;
UDP_PORTS[5355] = AppProtocol.Llmnr;
UDP_PORTS[137] = AppProtocol.Nbns;
UDP_PORTS[67] = AppProtocol.Dhcp;
UDP_PORTS[68] = AppProtocol.Dhcp;
UDP_PORTS[123] = AppProtocol.Ntp;
UDP_PORTS[1900] = AppProtocol.Ssdp;
UDP_PORTS[443] = AppProtocol.Quic;

/** The protocol registered on either port, the lower port first (as Wireshark tries them). */
export function byPort(table: Uint8Array, a: number, b: number): AppProtocol {
  const low = a < b ? a : b;
  return (table[low] || table[a < b ? b : a]) as AppProtocol;
}
