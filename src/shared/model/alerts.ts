// Alerts: what the helper's alert engine raises, stores in the history and sends to the extension,
// the CLI, webhooks and e-mail. Addresses, names and evidence text carry strings from the network:
// every view shows them as text only.

/** How urgent an alert is. */
export type AlertSeverity = 'low' | 'medium' | 'high';

/** Severities from least to most urgent (for sorting and thresholds). */
export const ALERT_SEVERITIES: readonly AlertSeverity[] = ['low', 'medium', 'high'];

/** What raised an alert: one id per condition the engine checks. */
export type AlertRuleId =
  /** a device never seen before, after the learning period */
  | 'new-device'
  /** an IPv4 address answered ARP from another MAC than before */
  | 'arp-address-changed'
  /** an address went back and forth between MACs (arpwatch's "flip flop") */
  | 'arp-flip-flop'
  /** the gateway's or this machine's address claimed from a MAC that is not its own */
  | 'arp-gateway-claimed'
  /** an ARP packet whose sender MAC is not the Ethernet source of its frame */
  | 'arp-sender-mismatch'
  /** one MAC claiming many addresses */
  | 'arp-many-addresses'
  /** one host tried many ports of another (failed TCP connection attempts) */
  | 'port-scan'
  /** one host tried one port on many hosts */
  | 'address-sweep'
  /** traffic stayed above a set rate */
  | 'bandwidth-threshold'
  /** traffic far above its moving baseline */
  | 'traffic-spike'
  /** a watched device stopped answering */
  | 'device-offline'
  /** a watched device is back */
  | 'device-back'
  /** a port scan found a port open that earlier scans of the device had not */
  | 'new-open-port'
  /** alerts were held back because too many fired at once */
  | 'alerts-suppressed';

/** A device an alert is about; `role` says how it is involved. */
export interface AlertDevice {
  ip?: string;
  /** lower case with colons */
  mac?: string;
  /** a name learnt for it (hostile) */
  name?: string;
  /** 'source' of a scan, 'target', 'claimed' (the address whose owner changed), 'gateway'… */
  role?: string;
}

/** One observation behind an alert: a packet, a flow, a reading, a scan result. */
export interface AlertEvidence {
  /** ms since the Unix epoch */
  time: number;
  /** what was seen, in words LAN Lens writes around the observed values (which are hostile) */
  text: string;
  /** frame number in the live capture that saw it (1-based), for packet evidence */
  frame?: number;
}

/** One alert. */
export interface Alert {
  /** unique, opaque */
  id: string;
  rule: AlertRuleId;
  severity: AlertSeverity;
  /** when it fired, ms since the Unix epoch */
  time: number;
  /** one line saying what happened (contains hostile names and addresses) */
  title: string;
  devices: AlertDevice[];
  /** the observations that triggered it, oldest first, at most a handful */
  evidence: AlertEvidence[];
  /** the interface it was seen on, when it has one */
  interface?: string;
  /** the rule's figures, for programs reading alerts (a rate in bytes per second, a direction, a count…) */
  data?: Record<string, string | number>;
  /** when the user acknowledged it, ms since the Unix epoch */
  acknowledged?: number;
}
