/** Application protocols named by content (and, like Wireshark, by well-known port when content says nothing). */
export enum AppProtocol {
  /** no transport payload */
  None = 0,
  /** a payload no decoder claims: tshark calls it `data` */
  Data,
  Dns,
  Mdns,
  Llmnr,
  Http,
  Tls,
  Quic,
  Ssh,
  Ftp,
  Smtp,
  Dhcp,
  Ssdp,
  Ntp,
  Nbns,
}

/** Names exactly as Wireshark's `frame.protocols` and `-z io,phs` spell them ('' for None). */
export const APP_PROTOCOL_NAMES: Record<AppProtocol, string> = {
  [AppProtocol.None]: '',
  [AppProtocol.Data]: 'data',
  [AppProtocol.Dns]: 'dns',
  [AppProtocol.Mdns]: 'mdns',
  [AppProtocol.Llmnr]: 'llmnr',
  [AppProtocol.Http]: 'http',
  [AppProtocol.Tls]: 'tls',
  [AppProtocol.Quic]: 'quic',
  [AppProtocol.Ssh]: 'ssh',
  [AppProtocol.Ftp]: 'ftp',
  [AppProtocol.Smtp]: 'smtp',
  [AppProtocol.Dhcp]: 'dhcp',
  [AppProtocol.Ssdp]: 'ssdp',
  [AppProtocol.Ntp]: 'ntp',
  [AppProtocol.Nbns]: 'nbns',
};

/** Most DNS resource records kept per message (answers, then authority and additional records). */
export const MAX_DNS_RECORDS = 32;
/** Most TLS records (or handshake messages) listed per segment. */
export const MAX_TLS_MESSAGES = 16;
/** Most supported_versions entries kept. */
export const MAX_TLS_VERSIONS = 16;

/** Which section of a DNS message a record came from. */
export enum DnsSection {
  Answer = 1,
  Authority,
  Additional,
}

/** DNS record types the decoders name (IANA); others are kept as numbers. */
export const DnsType = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  HINFO: 13,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  /** NetBIOS general name service record (NBNS only; 33 there is NBSTAT, not SRV) */
  NB: 32,
  OPT: 41,
  HTTPS: 65,
  ANY: 255,
} as const;

/**
 * What the application layer of one packet says. Like `DecodedPacket`, one instance is reused for
 * every packet (`reset` clears it): numbers and byte offsets (into `DecodedPacket.data`) cost
 * nothing, and strings are made only for fields a decoder actually found, so bulk data (TLS
 * application data, TCP continuation) allocates nothing. Every string comes from the network:
 * hostile, escape it wherever it is shown. Numbers are 0 and offsets -1 when absent unless said.
 */
export class AppInfo {
  protocol = AppProtocol.None;
  /** the payload ended inside a structure the decoder was reading */
  truncated = false;
  /** the payload contradicted itself (lengths, pointers); decoding stopped there */
  malformed = false;
  /** named by content (false: only the well-known port said so, as tshark does for continuations) */
  byContent = false;

  // DNS, mDNS, LLMNR and NBNS (same wire format)
  dnsId = 0;
  /** the 16-bit flags word */
  dnsFlags = 0;
  dnsIsResponse = false;
  dnsOpcode = 0;
  dnsRcode = 0;
  /** section counts as the header declares them */
  dnsQuestionCount = 0;
  dnsAnswerCount = 0;
  dnsAuthorityCount = 0;
  dnsAdditionalCount = 0;
  /** first question (NBNS: the decoded NetBIOS name, `NAME<1c>`), '' without one */
  dnsQueryName = '';
  dnsQueryType = 0;
  dnsQueryClass = 0;
  /** records decoded into the arrays below (at most MAX_DNS_RECORDS) */
  dnsRecordCount = 0;
  readonly dnsRecordSection = new Uint8Array(MAX_DNS_RECORDS);
  /** owner names (hostile) */
  readonly dnsRecordName: string[] = new Array<string>(MAX_DNS_RECORDS).fill('');
  readonly dnsRecordType = new Uint16Array(MAX_DNS_RECORDS);
  readonly dnsRecordClass = new Uint16Array(MAX_DNS_RECORDS);
  /** time to live in seconds */
  readonly dnsRecordTtl = new Uint32Array(MAX_DNS_RECORDS);
  /** RDATA offset in `data` (A: 4 address bytes, AAAA: 16; NBNS NB: 2 flag bytes then 4 per address) */
  readonly dnsRecordDataOffset = new Int32Array(MAX_DNS_RECORDS);
  readonly dnsRecordDataLength = new Uint16Array(MAX_DNS_RECORDS);
  /** the name a CNAME, PTR, NS, MX, SRV record points to ('' for other types; hostile) */
  readonly dnsRecordTarget: string[] = new Array<string>(MAX_DNS_RECORDS).fill('');

  // HTTP/1.x and SSDP (HTTP over UDP)
  /** request method ('GET', 'M-SEARCH', 'NOTIFY'…), '' for a response */
  httpMethod = '';
  httpUri = '';
  /** 'HTTP/1.1' as written in the start line */
  httpVersion = '';
  /** response status code, 0 for a request */
  httpStatus = 0;
  httpReason = '';
  httpHost = '';
  httpUserAgent = '';
  httpServer = '';
  httpContentType = '';
  /** Content-Length, -1 when absent */
  httpContentLength = -1;
  /** SSDP: ST (search target) of an M-SEARCH or its response, or NT of a NOTIFY */
  ssdpTarget = '';
  /** SSDP: NTS of a NOTIFY ('ssdp:alive', 'ssdp:byebye') */
  ssdpNotificationSubtype = '';
  ssdpLocation = '';
  ssdpUsn = '';

  // TLS
  /** TLS records (or, within a handshake record, handshake messages) in this segment, in order:
   * content type << 8 | handshake type (handshake type 0xff when encrypted or not a handshake) */
  tlsMessageCount = 0;
  readonly tlsMessages = new Uint16Array(MAX_TLS_MESSAGES);
  /** version in the first record header (0x0303 = TLS 1.2) */
  tlsRecordVersion = 0;
  /** the hello's legacy_version */
  tlsHelloVersion = 0;
  /** ClientHello: supported_versions as offered, in order (GREASE values included) */
  tlsSupportedVersionCount = 0;
  readonly tlsSupportedVersions = new Uint16Array(MAX_TLS_VERSIONS);
  /** ServerHello: the version chosen (supported_versions, else legacy_version) */
  tlsSelectedVersion = 0;
  /** ServerHello: cipher suite chosen */
  tlsCipherSuite = 0;
  /** ClientHello server_name (hostile) */
  tlsSni = '';
  /** ALPN protocols, comma-separated as tshark prints them (ClientHello: offered, ServerHello: chosen) */
  tlsAlpn = '';
  /** a ClientHello was seen (also inside a QUIC Initial) */
  tlsClientHello = false;
  tlsServerHello = false;

  // QUIC
  /** long header packet (short headers carry no version) */
  quicLongHeader = false;
  quicVersion = 0;
  /** long packet type: 0 Initial, 1 0-RTT, 2 Handshake, 3 Retry (version 1 numbering; v2 is mapped), -1 none */
  quicPacketType = -1;
  quicDcidOffset = -1;
  quicDcidLength = 0;
  quicScidOffset = -1;
  quicScidLength = 0;
  /** the client Initial was decrypted (RFC 9001 initial keys) and its CRYPTO frames read */
  quicDecrypted = false;

  // SSH
  /** the identification line without CR LF: `SSH-2.0-OpenSSH_9.2p1 Debian-2` (hostile) */
  sshBanner = '';

  // FTP and SMTP (line protocols)
  /** client command, upper case as sent ('USER', 'EHLO'…), '' for a reply */
  lineCommand = '';
  lineArgument = '';
  /** server reply code, 0 for a command */
  replyCode = 0;
  replyText = '';

  // DHCP (BOOTP)
  /** 1 request (client), 2 reply (server) */
  dhcpOp = 0;
  dhcpTransactionId = 0;
  /** option 53: 1 Discover, 2 Offer, 3 Request, 4 Decline, 5 ACK, 6 NAK, 7 Release, 8 Inform; 0 BOOTP */
  dhcpMessageType = 0;
  /** chaddr offset (6 bytes when htype is Ethernet) */
  dhcpClientMacOffset = -1;
  /** ciaddr, yiaddr as unsigned 32-bit integers */
  dhcpClientIp = 0;
  dhcpYourIp = 0;
  /** option 50 */
  dhcpRequestedIp = 0;
  /** option 54 */
  dhcpServerId = 0;
  /** option 12 (hostile) */
  dhcpHostname = '';
  /** option 60 (hostile) */
  dhcpVendorClass = '';

  // NTP
  ntpLeap = 0;
  ntpVersion = 0;
  /** 1 symmetric active, 2 passive, 3 client, 4 server, 5 broadcast, 6 control, 7 private */
  ntpMode = 0;
  ntpStratum = 0;
  /** poll interval, log2 seconds */
  ntpPoll = 0;

  /**
   * Clears the fields before the next packet. Only the group the last packet's protocol filled is
   * cleared (decoders write nothing outside their protocol's group unless they name it), which
   * keeps the per-packet cost to a handful of stores; `resetAll` clears everything.
   */
  reset(): void {
    switch (this.protocol) {
      case AppProtocol.None:
      case AppProtocol.Data:
        break;
      case AppProtocol.Dns:
      case AppProtocol.Mdns:
      case AppProtocol.Llmnr:
      case AppProtocol.Nbns:
        this.resetDns();
        break;
      case AppProtocol.Http:
      case AppProtocol.Ssdp:
        this.resetHttp();
        break;
      case AppProtocol.Tls:
        this.resetTls();
        break;
      case AppProtocol.Quic:
        this.resetQuic();
        this.resetTls();
        break;
      case AppProtocol.Ssh:
        this.sshBanner = '';
        break;
      case AppProtocol.Ftp:
      case AppProtocol.Smtp:
        this.resetLine();
        break;
      case AppProtocol.Dhcp:
        this.resetDhcp();
        break;
      case AppProtocol.Ntp:
        this.resetNtp();
        break;
    }
    this.protocol = AppProtocol.None;
    this.truncated = false;
    this.malformed = false;
    this.byContent = false;
  }

  /** clears every field, whatever filled them */
  resetAll(): void {
    this.resetDns();
    this.resetHttp();
    this.resetTls();
    this.resetQuic();
    this.sshBanner = '';
    this.resetLine();
    this.resetDhcp();
    this.resetNtp();
    this.protocol = AppProtocol.None;
    this.truncated = false;
    this.malformed = false;
    this.byContent = false;
  }

  /** DNS family; the record arrays are only read up to dnsRecordCount */
  private resetDns(): void {
    this.dnsId = 0;
    this.dnsFlags = 0;
    this.dnsIsResponse = false;
    this.dnsOpcode = 0;
    this.dnsRcode = 0;
    this.dnsQuestionCount = 0;
    this.dnsAnswerCount = 0;
    this.dnsAuthorityCount = 0;
    this.dnsAdditionalCount = 0;
    this.dnsQueryName = '';
    this.dnsQueryType = 0;
    this.dnsQueryClass = 0;
    this.dnsRecordCount = 0;
  }

  /** HTTP and SSDP */
  private resetHttp(): void {
    this.httpMethod = '';
    this.httpUri = '';
    this.httpVersion = '';
    this.httpStatus = 0;
    this.httpReason = '';
    this.httpHost = '';
    this.httpUserAgent = '';
    this.httpServer = '';
    this.httpContentType = '';
    this.httpContentLength = -1;
    this.ssdpTarget = '';
    this.ssdpNotificationSubtype = '';
    this.ssdpLocation = '';
    this.ssdpUsn = '';
  }

  /** TLS (also filled by a decrypted QUIC Initial) */
  private resetTls(): void {
    this.tlsMessageCount = 0;
    this.tlsRecordVersion = 0;
    this.tlsHelloVersion = 0;
    this.tlsSupportedVersionCount = 0;
    this.tlsSelectedVersion = 0;
    this.tlsCipherSuite = 0;
    this.tlsSni = '';
    this.tlsAlpn = '';
    this.tlsClientHello = false;
    this.tlsServerHello = false;
  }

  /** QUIC headers */
  private resetQuic(): void {
    this.quicLongHeader = false;
    this.quicVersion = 0;
    this.quicPacketType = -1;
    this.quicDcidOffset = -1;
    this.quicDcidLength = 0;
    this.quicScidOffset = -1;
    this.quicScidLength = 0;
    this.quicDecrypted = false;
  }

  /** FTP and SMTP */
  private resetLine(): void {
    this.lineCommand = '';
    this.lineArgument = '';
    this.replyCode = 0;
    this.replyText = '';
  }

  /** DHCP */
  private resetDhcp(): void {
    this.dhcpOp = 0;
    this.dhcpTransactionId = 0;
    this.dhcpMessageType = 0;
    this.dhcpClientMacOffset = -1;
    this.dhcpClientIp = 0;
    this.dhcpYourIp = 0;
    this.dhcpRequestedIp = 0;
    this.dhcpServerId = 0;
    this.dhcpHostname = '';
    this.dhcpVendorClass = '';
  }

  /** NTP */
  private resetNtp(): void {
    this.ntpLeap = 0;
    this.ntpVersion = 0;
    this.ntpMode = 0;
    this.ntpStratum = 0;
    this.ntpPoll = 0;
  }
}
