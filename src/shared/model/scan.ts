import type { Device } from './device';

/** Which technique a scan used. */
export type ScanMethod =
  /** raw ARP sweep through libpcap: complete for the local link */
  | 'arp'
  /** unprivileged: TCP connect probes plus the kernel neighbour table */
  | 'connect';

/**
 * Bounds of a scan request's fields: the settings' schema, the extension's settings parser, the
 * CLI and the helper's check at the protocol boundary all take them from here.
 */
export const SCAN_LIMITS = {
  timeoutMs: { min: 10, max: 60_000 },
  retries: { min: 0, max: 10 },
  /** DNS servers asked instead of the system's */
  dnsServers: 8,
  /** the widest subnet swept at once, even when confirmed (a /12 is 1,048,576 addresses) */
  widestPrefix: 12,
} as const;

/** What to scan and how. */
export interface ScanRequest {
  /** chosen by the caller to match `scan/didProgress` notifications to this request */
  scanId: string;
  /** subnet in CIDR notation; when absent, the first IPv4 subnet of `interface` */
  cidr?: string;
  /** interface to scan through; when absent, the one whose subnet contains `cidr` */
  interface?: string;
  /** how long to wait for late answers to a round of probes, in milliseconds */
  timeoutMs?: number;
  /** extra rounds of probes sent to hosts that have not answered yet */
  retries?: number;
  /** `auto` uses ARP when capture is available and connect otherwise */
  method?: 'auto' | ScanMethod;
  /** look names up by reverse DNS and mDNS (default true) */
  resolveNames?: boolean;
  /** DNS servers to ask instead of the system's, e.g. a lab's own */
  dnsServers?: string[];
  /** the user confirmed a range larger than /16 or outside private and link-local space */
  confirmed?: boolean;
}

/** The outcome of a finished (or cancelled) scan. */
export interface ScanResult {
  scanId: string;
  interface: string;
  /** the subnet actually scanned, in CIDR notation */
  cidr: string;
  method: ScanMethod;
  /** not every host could be seen: the user should be told why (see `warnings`) */
  partial: boolean;
  /** the scan was cancelled before it settled */
  cancelled: boolean;
  devices: Device[];
  /** human sentences: what was missing and how to fix it */
  warnings: string[];
  /** wall time of the scan, in milliseconds */
  durationMs: number;
  /** probes sent (ARP requests or TCP connects) */
  probesSent: number;
}
