// What the alert engine is fed, and how a rule raises an alert. Every input arrives in batches
// (a capture tick, a scan's result, a bandwidth reading, the clock), never once per packet.
import type { AlertSettings } from '../../shared/alerts/alertRules';
import type { Alert, AlertDevice, AlertEvidence, AlertRuleId, AlertSeverity } from '../../shared/model/alerts';
import type { PortScanResult } from '../../shared/model/ports';
import type { BandwidthSample, TrafficDelta } from '../../shared/model/traffic';
import type { AlertBaseline } from './alertBaseline';
import type { SpikeSubject } from './movingBaseline';
import type { ThresholdAlert } from './thresholdAlert';

/** One ARP packet of a live capture, as the ARP rules read it. */
export interface ArpObservation {
  /** ms since the Unix epoch */
  time: number;
  /** frame number in its capture (1-based) */
  frame: number;
  /** 1 request, 2 reply */
  operation: number;
  senderMac: string;
  senderIp: string;
  targetIp: string;
  /** the Ethernet source of the frame, when the link has one */
  frameSource?: string;
  interface: string;
}

/** One tick of a live capture: its delta, and the ARP packets since the previous tick. */
export interface CaptureTick {
  /** ms since the Unix epoch, when the tick was taken */
  time: number;
  interface: string;
  delta: TrafficDelta;
  arp: readonly ArpObservation[];
}

/** A device seen: announced on the link, found by a scan, or answering a presence check. */
export interface DeviceSighting {
  /** ms since the Unix epoch */
  time: number;
  ip?: string;
  /** lower case with colons */
  mac?: string;
  /** hostile */
  name?: string;
  interface?: string;
  /** how: 'arp', 'dhcp', 'mdns', 'ndp' (passive), 'scan', 'ports', 'probe', 'traffic' */
  how: string;
}

/** What the engine knows of the machine and the network around it (refreshed now and then). */
export interface NetworkFacts {
  /** this machine's IPv4 addresses, with the MAC of the interface holding each */
  own: Map<string, string | undefined>;
  /** default gateways' IPv4 addresses, with their MAC when the neighbour table knows it */
  gateways: Map<string, string | undefined>;
  /** the interface carrying the default route */
  defaultInterface?: string;
  /** interfaces whose spikes count (links to a network); absent: every one but loopback */
  links?: Set<string>;
}

/**
 * One captured host on one interface, kept across ticks while it stays active (hostRates.ts): its
 * rate over the last tick, and what the per-host rules keep about it, made on their first reading.
 */
export interface HostRate {
  readonly addr: string;
  mac?: string;
  readonly interface: string;
  /** bytes per second it received and sent over the last tick */
  inBytesPerSecond: number;
  outBytesPerSecond: number;
  /** ms since the Unix epoch of the last tick it was in */
  time: number;
  /** its cumulative byte counts at that tick */
  bytesIn: number;
  bytesOut: number;
  /** the traffic-spike rule's subjects: what it receives and what it sends */
  spikes?: { in: SpikeSubject; out: SpikeSubject };
  /** the host bandwidth threshold's episode, and the rule's epoch it belongs to */
  threshold?: { epoch: number; alert: ThresholdAlert };
}

/** An alert as a rule raises it; the engine adds the id and decides whether it goes out. */
export interface AlertDraft {
  rule: AlertRuleId;
  /** what the alert is about: the same key within the rule's quiet time is not raised again */
  key: string;
  time: number;
  title: string;
  devices: AlertDevice[];
  evidence: AlertEvidence[];
  interface?: string;
  data?: Alert['data'];
  /** instead of the rule's own severity */
  severity?: AlertSeverity;
}

/** What a rule reads and writes besides its input. */
export interface RuleContext {
  readonly settings: AlertSettings;
  readonly network: NetworkFacts;
  readonly baseline: AlertBaseline;
  raise(draft: AlertDraft): void;
  /** a device joined the baseline (during learning too): for the event log */
  learnt(key: string, sighting: DeviceSighting): void;
}

/** One family of rules: it handles the inputs it cares about and keeps its own bounded state. */
export interface RuleEvaluator {
  capture?(tick: CaptureTick, context: RuleContext): void;
  sightings?(sightings: readonly DeviceSighting[], context: RuleContext): void;
  bandwidth?(sample: BandwidthSample, context: RuleContext): void;
  /** captured hosts' rates, once per tick, for the hosts that moved bytes in it */
  hostRates?(rates: readonly HostRate[], time: number, context: RuleContext): void;
  ports?(result: PortScanResult, time: number, context: RuleContext): void;
  /** time passes (once a second while anything runs): timeouts, offline devices */
  clock?(now: number, context: RuleContext): void;
}
