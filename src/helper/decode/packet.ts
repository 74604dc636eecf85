const EMPTY = new Uint8Array(0);

/** What sits on top of the link layer. */
export enum NetworkLayer {
  None = 0,
  Arp,
  Ipv4,
  Ipv6,
  /** 802.3 length field instead of an EtherType: 802.2 LLC follows */
  Llc,
  /** an EtherType no decoder knows (`etherType` says which) */
  Other,
}

/** What sits on top of IP (after IPv6 extension headers). */
export enum TransportLayer {
  None = 0,
  Tcp,
  Udp,
  Icmp,
  Icmpv6,
  /** encrypted: nothing after it can be read */
  Esp,
  /** an IP protocol no decoder knows (`ipProtocol` says which) */
  Other,
}

/** IP extension headers, as recorded in `DecodedPacket.extensionChain`. */
export enum ExtensionHeader {
  HopByHop = 1,
  Routing,
  Fragment,
  DestinationOptions,
  Authentication,
}

/** TCP flag bits, as in the header's thirteenth and fourteenth bytes. */
export enum TcpFlag {
  Fin = 0x01,
  Syn = 0x02,
  Rst = 0x04,
  Psh = 0x08,
  Ack = 0x10,
  Urg = 0x20,
  Ece = 0x40,
  Cwr = 0x80,
  Ns = 0x100,
}

/**
 * One decoded frame. A single instance is reused for every packet (`reset` clears it), so the
 * capture path allocates nothing per packet; addresses and payloads are byte offsets into `data`,
 * which is the capture buffer itself and is only valid until the next packet arrives.
 * Offsets are -1 when absent; numbers are 0 when absent unless said otherwise.
 */
export class DecodedPacket {
  /** the buffer the frame was read from (not copied: cap reuses it for the next packet) */
  data: Uint8Array = EMPTY;
  /** LINKTYPE_* the frame was decoded as (`LinkType`) */
  linkType = 0;
  /** offset of the frame's first byte in `data` */
  frameOffset = 0;
  /** bytes of the frame that were captured */
  capturedLength = 0;
  /** a header did not fit in the captured bytes; decoding stopped there */
  truncated = false;
  /** a header contradicted itself (bad version, length below minimum); decoding stopped there */
  malformed = false;

  /** the link-layer module that read the frame: its index in LINK_DISSECTORS plus 1, 0 for an unknown link type */
  link = 0;
  /**
   * when the link layer is more than its module's one protocol (radiotap:wlan_radio:wlan:llc,
   * pktap:eth), the id of its path (link/linkPaths.ts); 0 for the module's name alone
   */
  linkPath = 0;
  /** offset of the destination MAC address (Ethernet, 802.11) */
  dstMacOffset = -1;
  /** offset of the source MAC address (Ethernet, 802.11, or SLL/SLL2 when the address is 6 bytes) */
  srcMacOffset = -1;
  /** the EtherType after any VLAN tags (SLL: its protocol; null/raw: 0x0800 or 0x86dd; 802.3: the length) */
  etherType = 0;
  /** 802.1Q/802.1ad tags seen (QinQ gives 2) */
  vlanCount = 0;
  /** how many of those, outermost first, were 802.1ad service tags (EtherType 0x88a8) */
  serviceTagCount = 0;
  /** VLAN id of the outermost tag */
  vlanOuter = 0;
  /** VLAN id of the innermost tag */
  vlanInner = 0;
  /** SLL/SLL2 packet type: 0 to us, 1 broadcast, 2 multicast, 3 to another host, 4 sent by us */
  sllPacketType = -1;
  /** SLL2 interface index */
  sllInterfaceIndex = -1;

  network = NetworkLayer.None;
  /** offset of the network header (ARP or IP) */
  networkOffset = -1;
  /** IP version (4 or 6), 0 for no IP */
  ipVersion = 0;
  /** offsets of the source and destination addresses (4 bytes for IPv4, 16 for IPv6) */
  srcAddrOffset = -1;
  dstAddrOffset = -1;
  /** IPv4 addresses as unsigned 32-bit integers */
  srcIpv4 = 0;
  dstIpv4 = 0;
  /** IPv4 header length, or 40 for IPv6, in bytes */
  ipHeaderLength = 0;
  /** length of the whole IP packet as its header declares it, in bytes (may exceed what was captured) */
  ipLength = 0;
  ttl = 0;
  /** the protocol after IP and its extension headers (6 TCP, 17 UDP…) */
  ipProtocol = -1;
  /** IPv4 identification, or the IPv6 fragment header's identification */
  ipId = 0;
  /** this packet is an IP fragment (offset not 0, or more fragments follow) */
  isFragment = false;
  /** fragment offset in bytes; only a fragment at offset 0 carries the transport header */
  fragmentOffset = 0;
  moreFragments = false;
  /** extension headers walked, in order, four bits each (`ExtensionHeader`), first in the low bits */
  extensionChain = 0;
  extensionCount = 0;

  /** ARP operation (1 request, 2 reply); sender/target addresses as offsets, IPs as integers */
  arpOperation = 0;
  arpSenderMacOffset = -1;
  arpSenderIp = 0;
  arpTargetMacOffset = -1;
  arpTargetIp = 0;

  transport = TransportLayer.None;
  transportOffset = -1;
  srcPort = 0;
  dstPort = 0;
  /** TCP sequence and acknowledgement numbers, unsigned 32-bit */
  tcpSeq = 0;
  tcpAck = 0;
  /** TCP flags (`TcpFlag` bits) */
  tcpFlags = 0;
  /** TCP window as sent, before scaling */
  tcpWindow = 0;
  /** TCP header length including options, in bytes */
  tcpHeaderLength = 0;
  /** MSS option in bytes, -1 when absent */
  tcpMss = -1;
  /** window scale shift count, -1 when absent */
  tcpWindowScale = -1;
  tcpSackPermitted = false;
  tcpHasTimestamps = false;
  tcpTsVal = 0;
  tcpTsEcr = 0;
  /** UDP length field, in bytes */
  udpLength = 0;
  icmpType = -1;
  icmpCode = -1;
  /** ICMPv6 neighbour solicitation/advertisement target address (16 bytes) */
  ndpTargetOffset = -1;
  /** NDP source/target link-layer address option's address (6 bytes) */
  ndpLinkAddressOffset = -1;

  /** offset of the transport payload (what DNS, HTTP, TLS… decoders read), -1 without one */
  payloadOffset = -1;
  /** payload bytes present in `data` */
  payloadLength = 0;
  /** payload bytes the headers declare (more than `payloadLength` when the snap length cut it) */
  payloadDeclaredLength = 0;

  /** tunnels crossed to reach these layers; the layers outside each are `outer[0..tunnelDepth-1]`, outermost first */
  tunnelDepth = 0;
  /** the tunnel module whose header ends this record's layers (its index in TUNNEL_DISSECTORS plus 1), 0 for none */
  tunnel = 0;
  /** offset of that tunnel header */
  tunnelOffset = -1;
  /** its length in bytes, options and labels included (0 for a tunnel with no header, such as ERSPAN type I) */
  tunnelLength = 0;
  /** how many of its headers follow one another (MPLS: the label stack's entries), else 1 */
  tunnelCount = 0;
  /** offset of what the tunnel carries when no decoder reads it (tshark's `data`), -1 otherwise */
  tunnelDataOffset = -1;
  // The outer records are made on first use and kept across `reset` (only the first `tunnelDepth`
  // mean anything), in a private field so that a record still reads as its fields alone.
  readonly #outer: DecodedPacket[] = [];

  /** the layers outside each tunnel crossed, outermost first: `outer[0..tunnelDepth-1]` (see `enterTunnel`) */
  get outer(): DecodedPacket[] {
    return this.#outer;
  }

  /** clears every field before the next frame (assigning in declaration order keeps one hidden class) */
  reset(): void {
    this.data = EMPTY;
    this.linkType = 0;
    this.frameOffset = 0;
    this.capturedLength = 0;
    this.truncated = false;
    this.malformed = false;
    this.link = 0;
    this.linkPath = 0;
    this.dstMacOffset = -1;
    this.srcMacOffset = -1;
    this.etherType = 0;
    this.vlanCount = 0;
    this.serviceTagCount = 0;
    this.vlanOuter = 0;
    this.vlanInner = 0;
    this.sllPacketType = -1;
    this.sllInterfaceIndex = -1;
    this.network = NetworkLayer.None;
    this.networkOffset = -1;
    this.ipVersion = 0;
    this.srcAddrOffset = -1;
    this.dstAddrOffset = -1;
    this.srcIpv4 = 0;
    this.dstIpv4 = 0;
    this.ipHeaderLength = 0;
    this.ipLength = 0;
    this.ttl = 0;
    this.ipProtocol = -1;
    this.ipId = 0;
    this.isFragment = false;
    this.fragmentOffset = 0;
    this.moreFragments = false;
    this.extensionChain = 0;
    this.extensionCount = 0;
    this.arpOperation = 0;
    this.arpSenderMacOffset = -1;
    this.arpSenderIp = 0;
    this.arpTargetMacOffset = -1;
    this.arpTargetIp = 0;
    this.transport = TransportLayer.None;
    this.transportOffset = -1;
    this.srcPort = 0;
    this.dstPort = 0;
    this.tcpSeq = 0;
    this.tcpAck = 0;
    this.tcpFlags = 0;
    this.tcpWindow = 0;
    this.tcpHeaderLength = 0;
    this.tcpMss = -1;
    this.tcpWindowScale = -1;
    this.tcpSackPermitted = false;
    this.tcpHasTimestamps = false;
    this.tcpTsVal = 0;
    this.tcpTsEcr = 0;
    this.udpLength = 0;
    this.icmpType = -1;
    this.icmpCode = -1;
    this.ndpTargetOffset = -1;
    this.ndpLinkAddressOffset = -1;
    this.payloadOffset = -1;
    this.payloadLength = 0;
    this.payloadDeclaredLength = 0;
    this.tunnelDepth = 0;
    this.tunnel = 0;
    this.tunnelOffset = -1;
    this.tunnelLength = 0;
    this.tunnelCount = 0;
    this.tunnelDataOffset = -1;
  }

  /** makes this record a copy of `other`'s layers (not of its `outer` records), for the layers outside a tunnel */
  copyFrom(other: DecodedPacket): void {
    this.data = other.data;
    this.linkType = other.linkType;
    this.frameOffset = other.frameOffset;
    this.capturedLength = other.capturedLength;
    this.truncated = other.truncated;
    this.malformed = other.malformed;
    this.link = other.link;
    this.linkPath = other.linkPath;
    this.dstMacOffset = other.dstMacOffset;
    this.srcMacOffset = other.srcMacOffset;
    this.etherType = other.etherType;
    this.vlanCount = other.vlanCount;
    this.serviceTagCount = other.serviceTagCount;
    this.vlanOuter = other.vlanOuter;
    this.vlanInner = other.vlanInner;
    this.sllPacketType = other.sllPacketType;
    this.sllInterfaceIndex = other.sllInterfaceIndex;
    this.network = other.network;
    this.networkOffset = other.networkOffset;
    this.ipVersion = other.ipVersion;
    this.srcAddrOffset = other.srcAddrOffset;
    this.dstAddrOffset = other.dstAddrOffset;
    this.srcIpv4 = other.srcIpv4;
    this.dstIpv4 = other.dstIpv4;
    this.ipHeaderLength = other.ipHeaderLength;
    this.ipLength = other.ipLength;
    this.ttl = other.ttl;
    this.ipProtocol = other.ipProtocol;
    this.ipId = other.ipId;
    this.isFragment = other.isFragment;
    this.fragmentOffset = other.fragmentOffset;
    this.moreFragments = other.moreFragments;
    this.extensionChain = other.extensionChain;
    this.extensionCount = other.extensionCount;
    this.arpOperation = other.arpOperation;
    this.arpSenderMacOffset = other.arpSenderMacOffset;
    this.arpSenderIp = other.arpSenderIp;
    this.arpTargetMacOffset = other.arpTargetMacOffset;
    this.arpTargetIp = other.arpTargetIp;
    this.transport = other.transport;
    this.transportOffset = other.transportOffset;
    this.srcPort = other.srcPort;
    this.dstPort = other.dstPort;
    this.tcpSeq = other.tcpSeq;
    this.tcpAck = other.tcpAck;
    this.tcpFlags = other.tcpFlags;
    this.tcpWindow = other.tcpWindow;
    this.tcpHeaderLength = other.tcpHeaderLength;
    this.tcpMss = other.tcpMss;
    this.tcpWindowScale = other.tcpWindowScale;
    this.tcpSackPermitted = other.tcpSackPermitted;
    this.tcpHasTimestamps = other.tcpHasTimestamps;
    this.tcpTsVal = other.tcpTsVal;
    this.tcpTsEcr = other.tcpTsEcr;
    this.udpLength = other.udpLength;
    this.icmpType = other.icmpType;
    this.icmpCode = other.icmpCode;
    this.ndpTargetOffset = other.ndpTargetOffset;
    this.ndpLinkAddressOffset = other.ndpLinkAddressOffset;
    this.payloadOffset = other.payloadOffset;
    this.payloadLength = other.payloadLength;
    this.payloadDeclaredLength = other.payloadDeclaredLength;
    this.tunnelDepth = other.tunnelDepth;
    this.tunnel = other.tunnel;
    this.tunnelOffset = other.tunnelOffset;
    this.tunnelLength = other.tunnelLength;
    this.tunnelCount = other.tunnelCount;
    this.tunnelDataOffset = other.tunnelDataOffset;
  }
}
