// Everything the topology knows about each address, gathered once per build from the devices,
// the captured tables and the hop records, and the node an address becomes.
import { cidrContains, isPrivateOrLinkLocal, parseCidr, parseIpv4, subnetOf } from '../cidr';
import type { Ipv4Cidr } from '../cidr';
import { deviceIcon, usefulOsGuess } from '../deviceKind';
import { displayText } from '../format/displayText';
import type { DnsName, HostTraffic, PassiveDevice } from '../model/traffic';
import { addressName, newestByAddress } from '../traffic/addressNames';
import { blankNode } from './graphBuilder';
import { mergeHops, passiveHops } from './hops';
import type { HopRecord, TopologyDevice, TopologyInputs, TopologyNode } from './topologyModel';

/** Nodes unseen for longer than this are dimmed. */
export const DEFAULT_STALE_AFTER_MS = 10 * 60_000;

/**
 * Marks each node stale when it was seen (lastSeen > 0) but not since `staleBefore`, in place;
 * whether any changed. Time alone makes a node stale, so a view re-judges without a new graph.
 */
export function markStale(nodes: Iterable<TopologyNode>, staleBefore: number): boolean {
  let changed = false;
  for (const node of nodes) {
    const stale = node.lastSeen > 0 && node.lastSeen < staleBefore;
    if (node.stale !== stale) {
      node.stale = stale;
      changed = true;
    }
  }
  return changed;
}

/** What is known per address. */
export interface AddressBook {
  /** addresses of this machine */
  selfIps: Set<string>;
  devices: Map<string, TopologyDevice>;
  hosts: Map<string, HostTraffic>;
  names: Map<string, DnsName>;
  passive: Map<string, PassiveDevice>;
  hops: Map<string, HopRecord>;
  /** subnets this machine is attached to, most specific first */
  subnets: Ipv4Cidr[];
  /** nodes last seen before this are stale (ms since the Unix epoch) */
  staleBefore: number;
  /** what isPeerAddress and isLocalAddress said of each address (a tick asks thousands of times) */
  classes: Map<string, AddressClass>;
}

/** The address book of one build. */
export function addressBook(inputs: TopologyInputs): AddressBook {
  const devices = new Map<string, TopologyDevice>();
  for (const device of inputs.devices) {
    const held = devices.get(device.ip);
    // The same address on two scanned subnets: keep the richer sighting.
    if (!held || (!held.hostname && device.hostname) || (!held.os && device.os)) devices.set(device.ip, device);
  }
  const traffic = inputs.traffic;
  const hosts = new Map<string, HostTraffic>();
  for (const host of traffic?.hosts ?? []) hosts.set(host.addr, host);
  const subnets = new Map<string, Ipv4Cidr>();
  for (const device of inputs.devices) {
    if (!device.isSelf) continue;
    const cidr = safeCidr(device.subnet);
    if (cidr && cidrContains(cidr, device.ip)) subnets.set(cidr.text, cidr);
  }
  return {
    selfIps: new Set(inputs.devices.filter((device) => device.isSelf).map((device) => device.ip)),
    devices,
    hosts,
    names: newestByAddress(traffic?.dnsNames ?? [], (row) => row.addr),
    passive: newestByAddress(traffic?.devices ?? [], (row) => row.ip),
    hops: mergeHops(passiveHops(hosts.values()), inputs.hops),
    subnets: [...subnets.values()].sort((a, b) => b.prefixLength - a.prefixLength),
    staleBefore: inputs.now - (inputs.staleAfterMs ?? DEFAULT_STALE_AFTER_MS),
    classes: new Map(),
  };
}

function safeCidr(text: string): Ipv4Cidr | undefined {
  try {
    return parseCidr(text);
  } catch {
    return undefined;
  }
}

const MULTICAST = parseCidr('224.0.0.0/4');

/** Whether an address can be a peer: not unspecified, broadcast or multicast (IPv4 and IPv6). */
export function isPeerAddress(book: AddressBook, ip: string): boolean {
  return classify(book, ip).peer;
}

/** Whether an address is on the local side of the gateway: private, link-local or a known subnet. */
export function isLocalAddress(book: AddressBook, ip: string): boolean {
  return classify(book, ip).local;
}

/** What an address is, worked out once per build. */
export interface AddressClass {
  /** can be a peer: not unspecified, broadcast or multicast */
  peer: boolean;
  /** on the local side of the gateway */
  local: boolean;
  /** the IPv4 address as a number; undefined for IPv6 */
  value: number | undefined;
}

/** What an address is (cached in the book). */
export function classify(book: AddressBook, ip: string): AddressClass {
  let known = book.classes.get(ip);
  if (known) return known;
  const value = parseIpv4(ip);
  if (value === undefined) {
    known = {
      peer: ip.includes(':') && !/^ff/i.test(ip) && ip !== '::',
      local: /^(fe[89ab]|f[cd])/i.test(ip) || ip === '::1',
      value,
    };
  } else {
    const attached = book.subnets.some((cidr) => cidrContains(cidr, value));
    // A directly attached subnet's broadcast address is no peer either.
    const broadcast = book.subnets.some((cidr) => cidr.prefixLength < 31 && value === cidr.network + cidr.size - 1);
    known = {
      peer: value !== 0 && value !== 0xffffffff && !cidrContains(MULTICAST, value) && !broadcast,
      local: value >>> 24 === 127 || attached || isPrivateOrLinkLocal(parseCidr(`${ip}/32`)),
      value,
    };
  }
  book.classes.set(ip, known);
  return known;
}

/** The subnet an address is grouped in: a directly attached one, the device's scanned one, or its /24. */
export function subnetFor(book: AddressBook, ip: string): string | undefined {
  const value = classify(book, ip).value;
  if (value === undefined) return undefined;
  const attached = book.subnets.find((cidr) => cidrContains(cidr, value));
  if (attached) return attached.text;
  const scanned = book.devices.get(ip)?.subnet;
  const cidr = scanned ? safeCidr(scanned) : undefined;
  return cidr && cidr.prefixLength >= 16 && cidrContains(cidr, value) ? cidr.text : subnetOf(ip, 24);
}

/** The node of an address, from whatever is known about it (a device, captured traffic, a name). */
export function addressNode(book: AddressBook, ip: string): TopologyNode {
  const device = book.devices.get(ip);
  const host = book.hosts.get(ip);
  const passive = book.passive.get(ip);
  const label =
    displayText(addressName({ device, dns: book.names.get(ip), passive, host }), 64) ?? displayText(ip, 64) ?? '?';
  const vendor = displayText(device?.vendor ?? passive?.vendor);
  const os = usefulOsGuess(device?.os);
  const kind = device?.isGateway ? 'gateway' : 'host';
  const node = blankNode(
    `ip:${ip}`,
    kind,
    label,
    deviceIcon({ isGateway: kind === 'gateway', isSelf: false, vendor }, os),
  );
  node.ip = ip;
  node.mac = device?.mac ?? host?.mac ?? passive?.mac;
  if (vendor) node.vendor = vendor;
  node.subnet = subnetFor(book, ip);
  if (os) node.osFamily = displayText(os.family, 40);
  node.openPorts = device?.openPortCount ?? device?.openPorts?.length ?? 0;
  node.bytes = host ? host.bytesIn + host.bytesOut : 0;
  node.passiveOnly = !device || device.methods.every((method) => method === 'passive');
  node.lastSeen = Math.max(device?.lastSeen ?? 0, host?.lastSeen ?? 0, passive?.lastSeen ?? 0);
  const onLink = device?.methods.some((method) => method === 'arp' || method === 'neighbor') || passive;
  const hop = book.hops.get(ip);
  if (onLink && hop?.source !== 'traceroute') {
    node.hops = 1;
    node.hopSource = 'link';
  } else if (hop) {
    node.hops = hop.hops;
    node.hopSource = hop.source;
  }
  return node;
}
