// Which interfaces are links to a network and which are the kernel's plumbing. One rule for the
// throughput chart's picker and for the interfaces the history records.
import type { NetworkInterfaceInfo } from './model/network';

/** Loopback, or a link the kernel made (veth, bridge, tunnel) rather than a device; the default route never is. */
export function isVirtualLink(info: NetworkInterfaceInfo | undefined): boolean {
  if (!info) return false;
  return !info.isDefault && (info.internal || info.type === 'virtual');
}

/**
 * An interface worth listing on its own: a physical link, or a virtual one with an IPv4 address of
 * its own (a lab bridge, docker0); veths without an address only repeat other links' bytes.
 */
export function isListedInterface(info: NetworkInterfaceInfo | undefined): boolean {
  return !isVirtualLink(info) || (info?.ipv4.length ?? 0) > 0;
}
