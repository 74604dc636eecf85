import type { AppInfo } from '../decode/app/appInfo';
import { AppProtocol } from '../decode/app/appRegistry';
import type { DhcpFields } from '../decode/app/dhcp';
import { DnsSection, DnsType } from '../decode/app/dnsFields';
import { ipv4At, ipv4Text, ipv6At } from '../decode/addressText';
import type { DecodedPacket } from '../decode/packet';
import type { DnsName, PassiveDevice } from '../../shared/model/traffic';

/** Where learnt names and devices go (the aggregator). */
export interface NameSink {
  learnName(addr: string, name: string, source: DnsName['source'], time: number): void;
  learnDevice(
    ip: string,
    mac: number,
    source: PassiveDevice['source'],
    time: number,
    hostname?: string,
    vendorClass?: string,
  ): void;
}

const SOURCES: Partial<Record<AppProtocol, DnsName['source']>> = {
  [AppProtocol.dns]: 'dns',
  [AppProtocol.mdns]: 'mdns',
  [AppProtocol.llmnr]: 'llmnr',
  [AppProtocol.nbns]: 'nbns',
};

/**
 * Reads names for addresses out of an application layer: DNS, mDNS and LLMNR answers (A and
 * AAAA records), NetBIOS name service answers, and the host name a DHCP client gives. mDNS and
 * DHCP also announce devices. Runs only for packets of those protocols, so it may allocate.
 * `srcMac` is the frame's sender as a 48-bit number (-1 when unknown).
 */
export function learnNames(packet: DecodedPacket, app: AppInfo, srcMac: number, time: number, sink: NameSink): void {
  if (app.protocol === AppProtocol.dhcp) {
    learnDhcp(packet, app.fields.dhcp, time, sink);
    return;
  }
  const source = SOURCES[app.protocol];
  const dns = app.fields.dns;
  if (source === undefined || !dns.isResponse) return;
  const data = packet.data;
  for (let i = 0; i < dns.recordCount; i++) {
    if (dns.recordSection[i] !== (DnsSection.Answer as number) && source !== 'mdns') continue;
    const type = dns.recordType[i]!;
    const at = dns.recordDataOffset[i]!;
    const length = dns.recordDataLength[i]!;
    let addr: string | undefined;
    if (source === 'nbns') addr = type === DnsType.NB && length >= 6 ? ipv4At(data, at + 2) : undefined;
    else if (type === DnsType.A && length === 4) addr = ipv4At(data, at);
    else if (type === DnsType.AAAA && length === 16) addr = ipv6At(data, at);
    if (addr === undefined) continue;
    // The address record's own name, as Wireshark resolves it (at the end of any CNAME chain).
    const name = dns.recordName[i]!;
    if (!name) continue;
    sink.learnName(addr, name, source, time);
    if (source === 'mdns') {
      const sentByIt = packet.ipVersion === 4 && packet.srcAddrOffset >= 0 && addr === ipv4Text(packet.srcIpv4);
      sink.learnDevice(addr, sentByIt ? srcMac : -1, 'mdns', time, name);
    }
  }
}

function learnDhcp(packet: DecodedPacket, dhcp: DhcpFields, time: number, sink: NameSink): void {
  // A client's message names its own address (in use or asked for); a server's ACK names the one given.
  const ip =
    dhcp.op === 1 ? dhcp.clientIp || dhcp.requestedIp : dhcp.messageType === 5 ? dhcp.yourIp || dhcp.clientIp : 0;
  if (ip === 0) return;
  const mac = dhcp.clientMacOffset >= 0 ? macAt(packet.data, dhcp.clientMacOffset) : -1;
  const addr = ipv4Text(ip);
  const hostname = dhcp.hostname || undefined;
  const vendorClass = dhcp.vendorClass || undefined;
  sink.learnDevice(addr, mac, 'dhcp', time, hostname, vendorClass);
  if (hostname) sink.learnName(addr, hostname, 'dhcp', time);
}

function macAt(data: Uint8Array, offset: number): number {
  let mac = 0;
  for (let i = 0; i < 6; i++) mac = mac * 256 + data[offset + i]!;
  return mac;
}
