// The protocol hierarchy of tunnelled packets. tshark nests what a tunnel carries under it
// (`eth:ip:udp:vxlan:eth:ip:tcp`, one `mpls` per label), so a tunnelled packet's path depends on
// every record of it (`packet.outer`, then `packet`). Untunnelled packets keep the one-integer key
// of hierarchyKey.ts; a tunnelled one is found in a trie, one small-integer step per record, then
// by its innermost layers' key: no allocation once its path is known.
import { Tail, hierarchyKey, pushLayers, pushTail } from './hierarchyKey';
import type { ProtocolHierarchy } from './protocolHierarchy';
import { linkPathIdOf } from '../decode/link/linkPaths';
import { linkEntry } from '../decode/link/linkRegistry';
import { LinkType } from '../decode/linkType';
import type { DecodedPacket } from '../decode/packet';
import { TUNNEL_NAMES } from '../decode/tunnel/tunnelRegistry';

/** A tunnel's repeated headers (MPLS labels) are named up to this many times in a path. */
const MAX_REPEATS = 7;
/** In a level's key the tail bits (levels have no tail) hold the tunnel id, then its repeat count. */
const REPEATS_SHIFT = 4;
const ETHERNET_LINK = linkEntry(LinkType.Ethernet).id;

/** One step of the trie: the next records' steps, and the chains of paths that end here. */
class KeyTrie {
  private readonly next = new Map<number, KeyTrie>();
  readonly chains = new Map<number, Int32Array>();

  step(key: number): KeyTrie {
    let node = this.next.get(key);
    if (node === undefined) {
      node = new KeyTrie();
      this.next.set(key, node);
    }
    return node;
  }
}

/** The chains of tunnelled packets' paths in one ProtocolHierarchy. */
export class TunnelPaths {
  private readonly root = new KeyTrie();

  /**
   * The node chain of a tunnelled packet (`packet.tunnelDepth` or `packet.tunnel` not 0) whose
   * innermost layers end in `tail` (hierarchyTail's) and application `appName`.
   */
  chain(protocols: ProtocolHierarchy, packet: DecodedPacket, tail: number, appName: string | undefined): Int32Array {
    let node = this.root;
    for (let i = 0; i < packet.tunnelDepth; i++) node = node.step(levelKey(packet.outer[i]!));
    if (packet.tunnel !== 0) node = node.step(levelKey(packet));
    const innerTail = tunnelTail(packet, tail);
    const key = innerKey(packet, innerTail);
    let chain = node.chains.get(key);
    if (chain === undefined) {
      chain = protocols.chainOf(tunnelledPath(packet, innerTail, appName));
      node.chains.set(key, chain);
    }
    return chain;
  }
}

/** A tunnel record that decoded cleanly ends in what it carried undecoded (`data`) or nothing. */
function tunnelTail(packet: DecodedPacket, tail: number): number {
  if (packet.tunnel === 0 || packet.truncated || packet.malformed) return tail;
  return packet.tunnelDataOffset >= 0 ? Tail.Data : Tail.None;
}

/** One record's step: its layers' key, with its tunnel and how often its header repeats. */
function levelKey(record: DecodedPacket): number {
  const repeats = record.tunnelCount < MAX_REPEATS ? record.tunnelCount : MAX_REPEATS;
  return hierarchyKey(record, record.tunnel | (repeats << REPEATS_SHIFT));
}

/** The innermost layers' key; an inner Ethernet too short for its header is not shown (its id cleared). */
function innerKey(packet: DecodedPacket, tail: number): number {
  const key = hierarchyKey(packet, tail);
  return hiddenEthernet(packet) ? key ^ linkPathIdOf(packet) : key;
}

/** An Ethernet frame inside a tunnel that is too short for its header: tshark shows no layer for it. */
function hiddenEthernet(packet: DecodedPacket): boolean {
  return packet.link === ETHERNET_LINK && packet.dstMacOffset < 0;
}

/** The whole path: every record's layers and tunnel names, then the innermost's tail. */
function tunnelledPath(packet: DecodedPacket, tail: number, appName: string | undefined): string[] {
  const names: string[] = [];
  const pushRecord = (record: DecodedPacket) => {
    pushLayers(record, names, hiddenEthernet(record) ? 0 : linkPathIdOf(record));
    const name = TUNNEL_NAMES[record.tunnel];
    for (let i = 0; name !== undefined && i < Math.min(record.tunnelCount, MAX_REPEATS); i++) names.push(name);
  };
  for (let i = 0; i < packet.tunnelDepth; i++) pushRecord(packet.outer[i]!);
  pushRecord(packet);
  pushTail(names, tail, appName);
  return names;
}
