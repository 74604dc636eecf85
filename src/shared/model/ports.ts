// Port scans and what they tell about services and devices. Port states use nmap's words so results
// compare with nmap's directly. Banners, titles, certificate fields and products come from the
// network: treat them as hostile.

/** nmap's port states, the ones a SYN, connect or UDP scan can tell apart. */
export type PortState = 'open' | 'closed' | 'filtered' | 'open|filtered';

/** Why a port got its state, in nmap's `--reason` words ('syn-ack', 'reset', 'conn-refused', 'no-response', 'port-unreach', 'udp-response'…). */
export type PortReason = string;

export type PortProtocol = 'tcp' | 'udp';

/** How a port scan probes TCP. */
export type PortScanMethod =
  /** raw SYN through libpcap, never completes the handshake (needs capture privilege) */
  | 'syn'
  /** the kernel's connect(): unprivileged */
  | 'connect';

/** A TLS server's certificate and session, from a handshake LAN Lens made. */
export interface TlsInfo {
  /** negotiated version, e.g. 'TLSv1.3' */
  version: string;
  /** certificate subject, e.g. 'CN=printer.local' */
  subject: string;
  /** subject alternative names, e.g. ['DNS:printer.local', 'IP Address:10.0.0.5'] */
  subjectAltNames: string[];
  issuer: string;
  selfSigned: boolean;
  /** ms since the Unix epoch */
  notBefore: number;
  notAfter: number;
  /** SHA-256 fingerprint, colon-separated hex */
  fingerprint256: string;
  /** ALPN protocol the server chose, if any */
  alpn?: string;
}

/** What answers on a port. */
export interface ServiceInfo {
  /** nmap-services style name: 'http', 'ssh', 'ftp', 'ssl/http' → 'https', 'redis', 'mysql'… */
  name: string;
  /** e.g. 'OpenSSH', 'nginx', 'vsftpd' */
  product?: string;
  version?: string;
  /** free text nmap would put in parentheses, e.g. 'protocol 2.0', 'Debian 3' */
  extraInfo?: string;
  /** how the name was found: a probe answer, a banner the service sent first, TLS, or only the port number */
  method: 'probe' | 'banner' | 'tls' | 'port-table';
  /** 0…1 */
  confidence: number;
  /** the first bytes the service sent, printable (hostile; control characters escaped) */
  banner?: string;
  tls?: TlsInfo;
  /** HTTP answers only */
  http?: { status?: number; server?: string; title?: string; location?: string };
  /** from connecting (or sending the probe that identified it) to the first byte of the answer, in ms */
  latencyMs?: number;
  /** OS the answer names, e.g. 'Linux' from 'OpenSSH 9.2p1 Debian …', 'Windows' from Microsoft-IIS (nmap's ostype) */
  osHint?: string;
}

/**
 * What one SYN-ACK (or other answer) of a host showed about its TCP/IP stack, for OS guesses. The
 * SYN scan records it from the first SYN-ACK of each host; a connect scan can only give the TTL
 * (from any reply the capture saw), so every field but `ttl` is optional.
 */
export interface TcpFingerprint {
  /** IP time-to-live of the answer as it arrived (the guess rounds it up to 32/64/128/255) */
  ttl: number;
  /** TCP window size field of the SYN-ACK, unscaled, in bytes */
  window?: number;
  /** TCP option kinds in the order the SYN-ACK carried them: 'MSS', 'NOP', 'WS', 'SACK', 'TS', 'EOL', or the kind number */
  options?: string[];
  /** maximum segment size option, in bytes */
  mss?: number;
  /** window scale option (shift count) */
  windowScale?: number;
  /** the IP Don't Fragment bit was set */
  dontFragment?: boolean;
  /** the SYN-ACK was for this port */
  port?: number;
}

/** One scanned port. */
export interface PortResult {
  port: number;
  protocol: PortProtocol;
  state: PortState;
  reason: PortReason;
  /** round trip of the answer that decided the state, in ms */
  rttMs?: number;
  service?: ServiceInfo;
}

/** What kind of device it looks like. */
export type DeviceKind =
  | 'router'
  | 'printer'
  | 'nas'
  | 'camera'
  | 'tv'
  | 'phone'
  | 'computer'
  | 'server'
  | 'iot'
  | 'virtual-machine'
  | 'unknown';

/** An operating system and device-kind guess, with the evidence behind it. */
export interface OsGuess {
  /** family, e.g. 'Linux', 'Windows', 'macOS', 'iOS', 'Android', 'RouterOS', 'embedded' */
  family: string;
  kind: DeviceKind;
  /** 0…1 */
  confidence: number;
  /** one short phrase per clue: 'TTL 64', 'SYN-ACK window 65160 with MSS,SACK,TS,NOP,WS', 'port 548 (AFP) open' */
  evidence: string[];
}

/**
 * Which ports to scan. Named sets rank TCP ports by how often nmap's public data found them open
 * (src/helper/portscan/portTable.json). `custom` takes nmap -p syntax: ports before any `T:`/`U:`
 * prefix count for TCP (and for UDP when `udp` is set); ports after `U:` are scanned over UDP
 * even without `udp`.
 */
export interface PortSpec {
  /** a named set, or 'custom' with `ranges` (nmap -p syntax: '22,80,8000-8100', 'U:53,T:80') */
  set: 'top100' | 'top1000' | 'all' | 'custom';
  ranges?: string;
}

/** One host's ports after a scan. */
export interface HostPorts {
  ip: string;
  mac?: string;
  /** the host answered at all (a host that answers nothing has every port filtered) */
  up: boolean;
  /** every open, open|filtered and (for small scans) closed port; closed/filtered ports of big scans are counted below */
  ports: PortResult[];
  /** ports in each state that are not listed in `ports`, as nmap's "Not shown: 995 closed tcp ports" */
  notShown: Partial<Record<PortState, number>>;
  os?: OsGuess;
  /** names learnt while scanning: NetBIOS, mDNS, TLS certificate, HTTP title (hostile) */
  names?: { name: string; source: 'netbios' | 'mdns' | 'dns' | 'dhcp' | 'tls' }[];
  /** smoothed round trip to the host, in ms */
  srttMs?: number;
  /** the ports counted in `notShown`, per protocol and state, in nmap -p syntax ('1-21,23-79'), so no state is lost */
  notShownPorts?: Partial<Record<PortProtocol, Partial<Record<PortState, string>>>>;
  /** why the host counts as up: 'arp-response', 'syn-ack', 'reset', 'neighbor-table', 'localhost'… (nmap's words where it has them) */
  upReason?: string;
}

/** What to port-scan and how. */
export interface PortScanRequest {
  /** chosen by the caller to match `ports/didProgress` notifications */
  scanId: string;
  /** addresses, ranges or CIDRs: '10.0.0.5', '10.0.0.0/24', '10.0.0.1-20' */
  targets: string[];
  tcp: PortSpec;
  /** UDP probes: with a named TCP set, the common services (DNS 53, NTP 123, NetBIOS 137, SNMP 161, SSDP 1900, mDNS 5353); with custom ranges, their unprefixed and U: ports */
  udp?: boolean;
  /** 'auto' uses SYN when capture is available and connect otherwise */
  method?: 'auto' | PortScanMethod;
  /** identify services on open ports (banners, probes, TLS) */
  serviceDetection?: boolean;
  /** guess the OS and device kind */
  osDetection?: boolean;
  /** packets (or connects) per second at most; absent: adaptive */
  maxRate?: number;
  /** the user confirmed targets outside private space or more than 65,536 host×port pairs */
  confirmed?: boolean;
}

/** The outcome of a finished (or cancelled) port scan. */
export interface PortScanResult {
  scanId: string;
  method: PortScanMethod;
  hosts: HostPorts[];
  cancelled: boolean;
  /** human sentences: what was missing and how to fix it */
  warnings: string[];
  durationMs: number;
  /** probes sent in all (SYNs, connects, UDP datagrams, service probes) */
  probesSent: number;
}
