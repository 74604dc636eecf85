/** Link-layer header types (tcpdump.org/linktypes.html) that the decoders understand. */
export const LinkType = {
  /** BSD loopback: a 4-byte address family in the capturing host's byte order */
  Null: 0,
  Ethernet: 1,
  /** raw IP as OpenBSD/BSD/OS numbered it before LINKTYPE_RAW existed */
  RawBsd12: 12,
  RawBsd14: 14,
  Raw: 101,
  /** OpenBSD loopback: like Null, but the family is always big-endian */
  /** 802.11 frames without a radio header */
  Ieee80211: 105,
  Loop: 108,
  LinuxSll: 113,
  /** 802.11 frames after a radiotap header (monitor mode) */
  Ieee80211Radiotap: 127,
  /** LINKTYPE_USER2: macOS 10.9 wrote PKTAP files with it, and tshark still reads it so */
  User2: 149,
  Ipv4: 228,
  Ipv6: 229,
  /** Linux netfilter's log (`nflog:N` captures) */
  Nflog: 239,
  /** Apple's packet tap: a header naming the interface and process, then the frame */
  Pktap: 258,
  LinuxSll2: 276,
} as const;
export type LinkType = (typeof LinkType)[keyof typeof LinkType];
