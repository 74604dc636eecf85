import { renderStats } from './statsReport';
import type { TrafficSnapshot } from '../../shared/model/traffic';

/**
 * The end-of-capture report: the statistics `lanlens stats` prints for a file (hierarchy,
 * conversations, endpoints, top talkers, DNS names), with what was dropped under its first line.
 */
export function renderCaptureReport(snapshot: TrafficSnapshot): string {
  const { counters } = snapshot;
  const [summary = '', ...rest] = renderStats(snapshot).split('\n');
  const drops = `dropped: ${counters.kernelDrops} by the kernel, ${counters.interfaceDrops} by the interface`;
  return [summary, drops, ...rest].join('\n');
}
