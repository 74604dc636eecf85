import type { OsEvidence } from './osEvidence';
import type { DeviceKind } from '../../../shared/model/ports';

/**
 * One clue: when `test` holds, it adds `weight` points to an OS family and/or a device kind and
 * contributes its evidence phrase. Rules are data: add a line to teach LAN Lens a device.
 */
export interface OsRule {
  /** the phrase shown as evidence; `$1` is replaced by what the test returned when it is a string */
  evidence: string;
  test: (evidence: Facts) => boolean | string;
  family?: string;
  kind?: DeviceKind;
  weight: number;
}

/** The evidence with lookups made convenient for rules. */
export interface Facts extends OsEvidence {
  initialTtl?: number;
  open: (port: number) => boolean;
  /** product, version, extra info, HTTP server and title, and banner of every service, joined */
  serviceText: string;
}

const anyOpen = (facts: Facts, ports: number[]) => ports.some((port) => facts.open(port));
const vendor = (pattern: RegExp) => (facts: Facts) =>
  facts.vendor && pattern.test(facts.vendor) ? facts.vendor : false;
const name = (pattern: RegExp) => (facts: Facts) => facts.names?.find((entry) => pattern.test(entry)) ?? false;
const service = (pattern: RegExp) => (facts: Facts) => pattern.exec(facts.serviceText)?.[0] ?? false;
const options = (pattern: RegExp) => (facts: Facts) =>
  !!facts.tcp?.options && pattern.test(facts.tcp.options.join(','));

export const osRules: OsRule[] = [
  // The IP stack: initial TTL and the SYN-ACK's option layout (as p0f and nmap read them).
  { evidence: 'TTL 64', test: (f) => f.initialTtl === 64, family: 'Linux', weight: 1 },
  { evidence: 'TTL 64', test: (f) => f.initialTtl === 64, family: 'macOS', weight: 0.5 },
  { evidence: 'TTL 64', test: (f) => f.initialTtl === 64, family: 'iOS', weight: 0.4 },
  { evidence: 'TTL 64', test: (f) => f.initialTtl === 64, family: 'Android', weight: 0.4 },
  { evidence: 'TTL 64', test: (f) => f.initialTtl === 64, family: 'FreeBSD', weight: 0.3 },
  { evidence: 'TTL 128', test: (f) => f.initialTtl === 128, family: 'Windows', weight: 2 },
  { evidence: 'TTL 255', test: (f) => f.initialTtl === 255, family: 'embedded', kind: 'router', weight: 1.5 },
  { evidence: 'TTL 32', test: (f) => f.initialTtl === 32, family: 'embedded', kind: 'iot', weight: 1.5 },
  {
    evidence: 'SYN-ACK options MSS,SACK,TS,NOP,WS (Linux)',
    test: options(/^MSS,SACK,TS,NOP,WS$/),
    family: 'Linux',
    weight: 2.5,
  },
  {
    evidence: 'SYN-ACK options MSS,NOP,NOP,SACK,NOP,WS (Linux)',
    test: options(/^MSS,NOP,NOP,SACK,NOP,WS$/),
    family: 'Linux',
    weight: 2,
  },
  {
    evidence: 'SYN-ACK options MSS,NOP,WS,NOP,NOP,SACK (Windows)',
    test: options(/^MSS,NOP,WS,NOP,NOP,SACK$/),
    family: 'Windows',
    weight: 2.5,
  },
  {
    evidence: 'SYN-ACK options MSS,NOP,WS,SACK,TS (Windows or FreeBSD)',
    test: options(/^MSS,NOP,WS,SACK,TS$/),
    family: 'FreeBSD',
    weight: 1,
  },
  {
    evidence: 'SYN-ACK options MSS,NOP,WS,SACK,TS (Windows or FreeBSD)',
    test: options(/^MSS,NOP,WS,SACK,TS$/),
    family: 'Windows',
    weight: 1,
  },
  {
    evidence: 'SYN-ACK options MSS,NOP,WS,NOP,NOP,TS,SACK,EOL (Apple)',
    test: options(/^MSS,NOP,WS,NOP,NOP,TS,SACK,EOL/),
    family: 'macOS',
    weight: 2.5,
  },
  {
    evidence: 'SYN-ACK options MSS,NOP,WS,NOP,NOP,TS,SACK,EOL (Apple)',
    test: options(/^MSS,NOP,WS,NOP,NOP,TS,SACK,EOL/),
    family: 'iOS',
    weight: 2,
  },
  {
    evidence: 'SYN-ACK with MSS only (embedded stack)',
    test: options(/^MSS$/),
    family: 'embedded',
    kind: 'iot',
    weight: 1.5,
  },

  // Open ports.
  {
    evidence: 'ports 135 and 445 open (Windows RPC and SMB)',
    test: (f) => f.open(135) && f.open(445),
    family: 'Windows',
    kind: 'computer',
    weight: 3,
  },
  { evidence: 'port 3389 (RDP) open', test: (f) => f.open(3389), family: 'Windows', kind: 'computer', weight: 2 },
  { evidence: 'port 5985 (WinRM) open', test: (f) => f.open(5985), family: 'Windows', kind: 'server', weight: 2 },
  { evidence: 'port 22 (SSH) open', test: (f) => f.open(22), family: 'Linux', weight: 1 },
  { evidence: 'port 548 (AFP) open', test: (f) => f.open(548), family: 'macOS', kind: 'nas', weight: 1.5 },
  { evidence: 'port 62078 (iPhone sync) open', test: (f) => f.open(62078), family: 'iOS', kind: 'phone', weight: 5 },
  { evidence: 'port 9100 (JetDirect) open', test: (f) => f.open(9100), kind: 'printer', weight: 3 },
  { evidence: 'port 631 (IPP) open', test: (f) => f.open(631) && !f.open(22), kind: 'printer', weight: 2 },
  { evidence: 'port 515 (LPD) open', test: (f) => f.open(515), kind: 'printer', weight: 2 },
  { evidence: 'port 554 (RTSP) open', test: (f) => f.open(554), kind: 'camera', weight: 2 },
  {
    evidence: 'ports 8008 and 8009 open (Google Cast)',
    test: (f) => f.open(8008) && f.open(8009),
    kind: 'tv',
    weight: 4,
  },
  { evidence: 'port 7000 (AirPlay) open', test: (f) => f.open(7000) && f.open(5353), kind: 'tv', weight: 1 },
  { evidence: 'port 8291 (Winbox) open', test: (f) => f.open(8291), family: 'RouterOS', kind: 'router', weight: 5 },
  {
    evidence: 'port 5000/5001 with a Synology name',
    test: (f) => anyOpen(f, [5000, 5001]) && /synology|diskstation/i.test(f.serviceText),
    kind: 'nas',
    weight: 4,
  },
  { evidence: 'ports 2049 (NFS) and 445 (SMB) open', test: (f) => f.open(2049) && f.open(445), kind: 'nas', weight: 2 },
  { evidence: 'port 1883 (MQTT) open', test: (f) => f.open(1883), kind: 'server', weight: 0.5 },
  {
    evidence: 'DNS and a web page on the gateway',
    test: (f) => !!f.isGateway && f.open(53) && anyOpen(f, [80, 443]),
    kind: 'router',
    weight: 3,
  },
  { evidence: 'the subnet gateway', test: (f) => !!f.isGateway, kind: 'router', weight: 1.5 },
  {
    evidence: 'database or mail ports open',
    test: (f) => anyOpen(f, [25, 3306, 5432, 6379, 27017, 143, 993]),
    kind: 'server',
    weight: 1,
  },
  { evidence: 'answers NetBIOS', test: (f) => !!f.netbios, family: 'Windows', weight: 1 },

  // What the services say about themselves.
  {
    evidence: 'service says $1',
    test: service(/\b(Ubuntu|Debian|Raspbian|CentOS|Red Hat|Fedora)\b/),
    family: 'Linux',
    weight: 3,
  },
  { evidence: 'service says $1', test: service(/\bFreeBSD\b/), family: 'FreeBSD', weight: 3 },
  {
    evidence: 'service says $1',
    test: service(/Microsoft-IIS|Microsoft IIS|Microsoft Terminal Services|Microsoft-HTTPAPI|OpenSSH for_Windows/),
    family: 'Windows',
    weight: 3,
  },
  { evidence: 'service says $1', test: service(/RouterOS|MikroTik/), family: 'RouterOS', kind: 'router', weight: 5 },
  {
    evidence: 'service says $1',
    test: service(/OpenWrt|DD-WRT|FRITZ!Box|RouterBoard|EdgeOS|pfSense|OPNsense/i),
    family: 'Linux',
    kind: 'router',
    weight: 4,
  },
  {
    evidence: 'service says $1',
    test: service(
      /LaserJet|OfficeJet|DeskJet|PageWide|Brother|Lexmark|Kyocera|ECOSYS|EPSON|Xerox|imageRUNNER|Printer/i,
    ),
    kind: 'printer',
    weight: 4,
  },
  {
    evidence: 'service says $1',
    test: service(/DiskStation|Synology|QNAP|TrueNAS|FreeNAS|ReadyNAS|Netgear ReadyNAS/i),
    kind: 'nas',
    weight: 4,
  },
  {
    evidence: 'service says $1',
    test: service(/Hikvision|Dahua|IP ?Cam|Network Camera|NVR|DVR|Reolink|AXIS/i),
    kind: 'camera',
    weight: 4,
  },
  { evidence: 'service says $1', test: service(/Dropbear/), family: 'embedded', weight: 1 },
  { evidence: 'service says $1', test: service(/Samba smbd/), family: 'Linux', kind: 'nas', weight: 2 },
  { evidence: 'service says $1', test: service(/\bLinux\b/), family: 'Linux', weight: 2 },
  { evidence: 'service says $1', test: service(/\bWindows\b/), family: 'Windows', weight: 2 },

  // The MAC vendor.
  { evidence: 'vendor $1', test: vendor(/^Apple/i), family: 'macOS', weight: 1.5 },
  { evidence: 'vendor $1', test: vendor(/^Apple/i), family: 'iOS', weight: 1.5 },
  { evidence: 'vendor $1', test: vendor(/Raspberry Pi/i), family: 'Linux', kind: 'iot', weight: 3 },
  { evidence: 'vendor $1', test: vendor(/Routerboard|MikroTik/i), family: 'RouterOS', kind: 'router', weight: 4 },
  {
    evidence: 'vendor $1',
    test: vendor(
      /Ubiquiti|TP-LINK|Netgear|AVM|ASUSTek|Juniper|Cisco|Zyxel|D-Link|Arcadyan|Sagemcom|Technicolor|Huawei/i,
    ),
    kind: 'router',
    weight: 1.5,
  },
  {
    evidence: 'vendor $1',
    test: vendor(/Brother|Canon|Seiko Epson|Lexmark|Xerox|Kyocera|Ricoh|Konica/i),
    kind: 'printer',
    weight: 3,
  },
  { evidence: 'vendor $1', test: vendor(/Synology|QNAP|Western Digital|Buffalo/i), kind: 'nas', weight: 3 },
  {
    evidence: 'vendor $1',
    test: vendor(/Hikvision|Dahua|Axis Communications|Reolink|Amcrest|Hangzhou/i),
    kind: 'camera',
    weight: 3,
  },
  {
    evidence: 'vendor $1',
    test: vendor(/Sonos|Espressif|Tuya|Shelly|Philips Lighting|Signify|Nest|ecobee|iRobot|Amazon/i),
    kind: 'iot',
    weight: 2.5,
  },
  { evidence: 'vendor $1', test: vendor(/Roku|Vizio|TCL|Hisense/i), kind: 'tv', weight: 3 },
  { evidence: 'vendor $1', test: vendor(/Samsung|LG Electronics|Sony/i), kind: 'tv', weight: 0.5 },
  {
    evidence: 'vendor $1',
    test: vendor(/Samsung|Xiaomi|OnePlus|Motorola|OPPO|vivo|HMD Global/i),
    family: 'Android',
    kind: 'phone',
    weight: 1,
  },
  {
    evidence: 'vendor $1',
    test: vendor(/VMware|QEMU|Xensource|Parallels|innotek|Oracle VirtualBox|Microsoft Corporation/i),
    kind: 'virtual-machine',
    weight: 3,
  },
  {
    evidence: 'vendor $1',
    test: vendor(/Intel Corporate|Dell|Lenovo|Hewlett Packard|Micro-Star|ASRock|Giga-Byte|Realtek/i),
    kind: 'computer',
    weight: 1,
  },
  {
    evidence: 'QEMU/KVM MAC prefix 52:54:00',
    test: (f) => !!f.mac?.startsWith('52:54:00'),
    kind: 'virtual-machine',
    weight: 3,
  },

  // Names the host gave itself.
  {
    evidence: 'name $1',
    test: name(/^(android|galaxy|pixel|redmi|oneplus)/i),
    family: 'Android',
    kind: 'phone',
    weight: 3,
  },
  { evidence: 'name $1', test: name(/iphone|ipad/i), family: 'iOS', kind: 'phone', weight: 3 },
  { evidence: 'name $1', test: name(/macbook|imac|mac-?mini|mac-?pro/i), family: 'macOS', kind: 'computer', weight: 3 },
  {
    evidence: 'name $1',
    test: name(/^(DESKTOP|LAPTOP)-[A-Z0-9]{5,}/i),
    family: 'Windows',
    kind: 'computer',
    weight: 3,
  },
  {
    evidence: 'name $1',
    test: name(/printer|^NPI[0-9A-F]{6}|^BRN[0-9A-F]{6,}|^EPSON|^HP[0-9A-F]{6}/i),
    kind: 'printer',
    weight: 3,
  },
  { evidence: 'name $1', test: name(/chromecast|roku|appletv|apple-tv|bravia|-tv\b|^tv-/i), kind: 'tv', weight: 3 },
  { evidence: 'name $1', test: name(/router|gateway|fritz|openwrt|mikrotik/i), kind: 'router', weight: 2 },
];

/** The kind a family usually is when nothing says otherwise. */
export const usualKind: Record<string, DeviceKind> = {
  Windows: 'computer',
  macOS: 'computer',
  iOS: 'phone',
  Android: 'phone',
  RouterOS: 'router',
};
