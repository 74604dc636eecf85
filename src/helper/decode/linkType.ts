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
  Loop: 108,
  LinuxSll: 113,
  Ipv4: 228,
  Ipv6: 229,
  LinuxSll2: 276,
} as const;
export type LinkType = (typeof LinkType)[keyof typeof LinkType];
