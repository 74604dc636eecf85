// What the ARP and spike rules need to know about the machine: its own addresses (with their
// interfaces' MACs), the default gateways (with their MACs from the neighbour table) and which
// interfaces are links to a network. No privilege needed.
import { isListedInterface } from '../../shared/interfaceKinds';
import type { InterfaceSnapshot } from '../os/interfaces';
import type { NeighborEntry } from '../os/neighbors';
import type { NetworkFacts } from './alertInputs';

/** The facts of one look at the interfaces and the neighbour table. */
export function networkFacts(snapshot: InterfaceSnapshot, neighbours: readonly NeighborEntry[]): NetworkFacts {
  const own = new Map<string, string | undefined>();
  const gateways = new Map<string, string | undefined>();
  const links = new Set<string>();
  for (const info of snapshot.interfaces) {
    for (const address of info.ipv4) own.set(address.address, info.mac);
    if (info.gateway) {
      const known = neighbours.find((entry) => entry.ip === info.gateway && entry.interface === info.name);
      gateways.set(info.gateway, known?.mac);
    }
    if (!info.internal && isListedInterface(info)) links.add(info.name);
  }
  return { own, gateways, links, defaultInterface: snapshot.defaultInterface };
}
