// What LAN Lens remembers between sessions, in the shapes the helper answers with, the CLI prints
// and the extension and the history view show. Times are ms since the Unix epoch. Names, vendors
// and service strings came from the network: treat them as hostile.
import type { FlowSummary, HostTraffic } from './traffic';

/** The history database's file name, in the extension's global storage and the CLI's data folder. */
export const HISTORY_FILE = 'history.sqlite';

/** How long and how much the history keeps (the `lanLens.history.*` settings, `lanlens --db`). */
export interface HistorySettings {
  /** nothing older than this many days is kept (each kind of data may keep less; see docs/history.md) */
  retentionDays: number;
  /** the database file is kept under this many MiB: the oldest traffic goes first */
  maxSizeMiB: number;
}

/** Bounds and defaults of the history settings: the settings schema, the parser and the helper's check use them. */
export const HISTORY_LIMITS = {
  retentionDays: { min: 1, max: 3650, default: 365 },
  maxSizeMiB: { min: 16, max: 65_536, default: 512 },
} as const;

/** Why the history is not being recorded, and what the user can do. */
export type HistoryProblemKind =
  /** the runtime has no node:sqlite */
  | 'unavailable'
  /** the file is not a database or is damaged: move it aside and start afresh */
  | 'corrupt'
  /** another program holds a lock on it */
  | 'locked'
  /** written by a newer LAN Lens (a schema this one does not know) */
  | 'newer'
  /** it (or its folder) cannot be created or written */
  | 'unwritable'
  /** the disk is full */
  | 'full'
  /** anything else; the message says what */
  | 'failed';

/** The state of the history database. */
export type HistoryStatus =
  | {
      state: 'open';
      path: string;
      /** the schema version it was migrated to */
      schemaVersion: number;
      /** file size, WAL excluded, in bytes */
      sizeBytes: number;
      /** set when the damaged file was just moved aside: where it went */
      movedAsideTo?: string;
    }
  | { state: 'closed' }
  | {
      state: 'problem';
      kind: HistoryProblemKind;
      /** one or two sentences: what is wrong and with which file (the UI adds its way out) */
      message: string;
      path?: string;
    };

/** Where a device's name came from. */
export type NameSource = 'dns' | 'mdns' | 'netbios' | 'dhcp' | 'tls' | 'llmnr' | 'nbns';

/** The bytes of one interface in one period. */
export interface BandwidthPeriod {
  interface: string;
  /** start of the period, ms since the Unix epoch */
  start: number;
  /** bytes received and sent */
  rx: number;
  tx: number;
  /** bytes received and sent in the period's busiest minute (divide by 60 for a rate) */
  peakRx: number;
  peakTx: number;
}

/** What the history database holds, for `lanlens history info`. */
export interface HistoryInfo {
  path: string;
  schemaVersion: number;
  /** the file, WAL excluded, in bytes */
  sizeBytes: number;
  /** rows per table */
  rows: Record<string, number>;
  /** the oldest and newest bandwidth kept, ms since the Unix epoch; absent when none is */
  bandwidthFrom?: number;
  bandwidthTo?: number;
}

/** What LAN Lens did, as the history lists it. */
export type ActivityKind = 'scan' | 'ports' | 'capture';

/** The summary kept of a scan, a port scan or a capture. */
export interface ActivitySummary {
  /** the technique: 'arp' or 'connect' for scans, 'syn' or 'connect' for port scans; absent for captures */
  method?: string;
  /** hosts found (scans) or hosts that answered (port scans) */
  hosts?: number;
  /** open ports found (port scans) */
  openPorts?: number;
  /** packets and bytes captured, and what the kernel dropped (captures) */
  packets?: number;
  bytes?: number;
  drops?: number;
  /** it was cancelled or stopped before it finished */
  cancelled?: boolean;
  /** not every host could be seen (scans without privilege) */
  partial?: boolean;
}

/** One scan, port scan or capture. */
export interface Activity {
  kind: ActivityKind;
  /** ms since the Unix epoch */
  started: number;
  ended: number;
  interface?: string;
  /** what it was aimed at: a subnet, targets, or a capture filter ('' for none) */
  target: string;
  summary: ActivitySummary;
}

/** A port open on a device now, as the latest scan of it saw it. */
export interface KnownPort {
  protocol: 'tcp' | 'udp';
  port: number;
  /** nmap-style service name (hostile) */
  service?: string;
}

/** A device as the history knows it. */
export interface KnownDevice {
  /** the history's row id (what "Forget Device" names) */
  id: number;
  /** lower case with colons; absent for a host known only by its address */
  mac?: string;
  /** the address it held last */
  ip: string;
  /** every address it held, the latest first */
  ips: string[];
  /** interface and subnet of the latest address ('' when only a port scan saw it) */
  interface: string;
  subnet: string;
  /** the name seen last, with its source (hostile) */
  name?: string;
  nameSource?: NameSource;
  vendor?: string;
  os?: { family: string; kind: string };
  firstSeen: number;
  lastSeen: number;
  openPorts: KnownPort[];
}

/** One stretch of time a device was present (sightings less than 15 minutes apart). */
export interface PresenceSpan {
  deviceId: number;
  /** ms since the Unix epoch */
  from: number;
  to: number;
}

/** Bytes of one host over a period (captures only). */
export type HostTotals = Pick<HostTraffic, 'addr' | 'mac' | 'bytesIn' | 'bytesOut' | 'packetsIn' | 'packetsOut'>;

/** Frames and bytes whose innermost named protocol is `protocol`, over a period. */
export interface ProtocolTotals {
  protocol: string;
  frames: number;
  bytes: number;
}

/** One flow's bytes over a period (app and server name as captured: hostile). */
export type FlowTotals = Pick<
  FlowSummary,
  | 'transport'
  | 'aAddr'
  | 'aPort'
  | 'bAddr'
  | 'bPort'
  | 'app'
  | 'serverName'
  | 'bytesAtoB'
  | 'bytesBtoA'
  | 'packetsAtoB'
  | 'packetsBtoA'
>;

/** The busiest hosts, protocols and flows of a period. */
export interface TopTraffic {
  from: number;
  to: number;
  /** 'month' rows for whole months, 'day' rows for whole days and spans over two days (widened to whole days), else 'hour' rows */
  tier: 'hour' | 'day' | 'month';
  hosts: HostTotals[];
  protocols: ProtocolTotals[];
  flows: FlowTotals[];
}

/** What changed, as the history tells it. */
export type ChangeKind = 'device-new' | 'address-new' | 'port-opened' | 'port-closed' | 'device-gone';

/** One change. */
export interface HistoryChange {
  /** ms since the Unix epoch (for a device gone: when it was seen last) */
  time: number;
  kind: ChangeKind;
  deviceId?: number;
  /** the device's MAC, name and address, as known now */
  mac?: string;
  name?: string;
  ip?: string;
  /** ports that opened or closed */
  protocol?: 'tcp' | 'udp';
  port?: number;
  service?: string;
}

/** The periods the history view and the reports group by. */
export type HistoryUnit = 'day' | 'week' | 'month';

/** Everything the history view shows for one period, and the bandwidth of the periods before it. */
export interface HistoryView {
  /** the helper's clock, ms since the Unix epoch */
  now: number;
  unit: HistoryUnit;
  /** start of the chosen period */
  selected: number;
  /** starts of the periods the bandwidth chart shows, oldest first (the chosen one among them) */
  periods: number[];
  /** interfaces with bandwidth in those periods */
  interfaces: string[];
  bandwidth: BandwidthPeriod[];
  /** the chosen period's busiest hosts, protocols and flows */
  top: TopTraffic;
  /** what changed in the chosen period */
  changes: HistoryChange[];
  /** devices present in the chosen period, the last seen first (at most HISTORY_VIEW_DEVICES) */
  devices: KnownDevice[];
  /** how many devices were present in all */
  devicesPresent: number;
  /** those devices' presences in the chosen period */
  presence: PresenceSpan[];
  /** how long each query took, ms (the benchmark reads them) */
  queryMs: Record<string, number>;
}

/** Devices the presence timeline draws at most. */
export const HISTORY_VIEW_DEVICES = 100;
