import { confirmationReasons, parseCidr } from '../../shared/cidr';
import { formatCountOf, formatDuration } from '../../shared/format/displayFormat';
import type { ScanResult } from '../../shared/model/scan';

/** `31 hosts`, `1 host`. */
export function hostCount(count: number): string {
  return formatCountOf(count, 'host');
}

/** The status-bar line after a scan: `LAN Lens: 31 hosts on 10.213.0.0/24 in 0.4 s`. */
export function scanSummary(
  result: Pick<ScanResult, 'devices' | 'cidr' | 'durationMs' | 'cancelled' | 'partial'>,
): string {
  const hosts = hostCount(result.devices.length);
  const duration = formatDuration(result.durationMs);
  if (result.cancelled) return `LAN Lens: scan of ${result.cidr} cancelled after ${duration}, ${hosts} found`;
  const partial = result.partial ? ' (partial scan)' : '';
  return `LAN Lens: ${hosts} on ${result.cidr} in ${duration}${partial}`;
}

/** Percent of probes sent, for a progress bar; capped so retries do not overrun it. */
export function probePercent(probesSent: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, (Math.min(probesSent, total) / total) * 100);
}

/**
 * Why a NeedsConfirmation error wants the user's say: the helper's `data.reasons` when it sends
 * them, else the shared rule applied to the CIDR, else the error's own message.
 */
export function confirmationReasonsFor(data: unknown, message: string, cidr: string): string[] {
  const sent = (data as { reasons?: unknown } | null | undefined)?.reasons;
  if (Array.isArray(sent) && sent.length > 0 && sent.every((reason) => typeof reason === 'string')) {
    return sent;
  }
  try {
    const reasons = confirmationReasons(parseCidr(cidr));
    if (reasons.length > 0) return reasons;
  } catch {
    // Not a CIDR we can parse: fall through to the helper's words.
  }
  return [message];
}
