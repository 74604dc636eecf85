import { formatBytes, formatCount } from '../../shared/format/displayFormat';
import type { InterfacesResult } from '../../shared/helperProtocol';
import type { CaptureStatus } from '../../shared/model/capture';
import type { NetworkInterfaceInfo } from '../../shared/model/network';
import type { CaptureCounters, TrafficSnapshot } from '../../shared/model/traffic';
import { displayText } from '../../shared/format/displayText';
import type { CaptureState } from './captureSession';

/** One row of the interface quick pick. */
export interface InterfaceChoice {
  /** the name given to `capture/start` */
  name: string;
  label: string;
  description?: string;
  detail?: string;
}

/**
 * `any` first, then up interfaces (the default-route one first, loopback last), each with its
 * addresses. A `preferred` interface that is up (the one last captured on, or the configured one)
 * goes before them all, so Enter picks it.
 */
export function interfaceChoices(
  { interfaces, defaultInterface }: InterfacesResult,
  preferred?: string,
): InterfaceChoice[] {
  const rank = (info: NetworkInterfaceInfo) => (info.name === defaultInterface ? 0 : info.internal ? 2 : 1);
  const up = interfaces.filter((info) => info.up).sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  const any: InterfaceChoice = {
    name: 'any',
    label: 'any',
    description: 'every interface',
    detail: 'Linux cooked capture: no link-layer addresses, no promiscuous mode',
  };
  const choices = [any, ...up.map((info) => interfaceChoice(info, info.name === defaultInterface))];
  const first = choices.findIndex((choice) => choice.name === preferred);
  return first > 0 ? [choices[first]!, ...choices.filter((_, i) => i !== first)] : choices;
}

function interfaceChoice(info: NetworkInterfaceInfo, defaultRoute: boolean): InterfaceChoice {
  const addresses = [...info.ipv4, ...info.ipv6].map((address) => `${address.address}/${address.prefixLength}`);
  const facts = [
    defaultRoute ? 'default route' : undefined,
    info.internal ? 'loopback' : displayText(info.type),
    info.mac ? `MAC ${info.mac}` : undefined,
    info.gateway ? `gateway ${info.gateway}` : undefined,
    info.speedMbps ? `${info.speedMbps} Mb/s` : undefined,
  ].filter((fact) => fact !== undefined);
  return {
    name: info.name,
    label: displayText(info.name) ?? info.name,
    description: addresses.join(' ') || 'no address',
    detail: facts.join(' · ') || undefined,
  };
}

/** Packets the capture lost, whoever dropped them. */
export function dropCount(counters: CaptureCounters): number {
  return counters.kernelDrops + counters.interfaceDrops;
}

/** The status-bar text: a recording dot and the packet count, drops when there are any. */
export function captureStatusText(state: CaptureState, snapshot: TrafficSnapshot | undefined): string {
  const counters = snapshot?.counters;
  const packets = `${formatCount(counters?.packets ?? 0)} pkts`;
  const drops = counters && dropCount(counters) > 0 ? ` · ${formatCount(dropCount(counters))} dropped` : '';
  switch (state.phase) {
    case 'starting':
      return `$(loading~spin) Capture ${state.interface ?? ''}`.trimEnd();
    case 'running':
      return `$(record) ${packets}${drops}`;
    case 'stopping':
      return `$(loading~spin) ${packets}${drops}`;
    default:
      return `$(circle-large-outline) ${packets}${drops}`;
  }
}

/** The status-bar tooltip: what is captured, how much, what was lost, and what a click does. */
export function captureStatusTooltip(
  state: CaptureState,
  snapshot: TrafficSnapshot | undefined,
  clickHint: string | undefined,
): string {
  const counters = snapshot?.counters;
  const what = `${displayText(state.interface) ?? '?'}${state.filter ? ` with filter "${displayText(state.filter, 200)}"` : ''}`;
  const lines = [
    state.phase === 'running' || state.phase === 'starting'
      ? `LAN Lens is capturing on ${what}`
      : `LAN Lens captured on ${what}`,
  ];
  if (counters) {
    lines.push(`${formatCount(counters.packets)} packets, ${formatBytes(counters.bytes)}`);
    lines.push(
      `Dropped: ${formatCount(counters.kernelDrops)} by the kernel, ${formatCount(counters.interfaceDrops)} by the interface`,
    );
  }
  if (counters?.recording?.error) lines.push(counters.recording.error);
  const ipfix = counters?.ipfix;
  if (ipfix) {
    const failing = ipfix.errors ? `; ${formatCount(ipfix.errors)} sends failed (${ipfix.lastError ?? '?'})` : '';
    const dropped = ipfix.dropped ? `; ${formatCount(ipfix.dropped)} records dropped` : '';
    lines.push(`IPFIX: ${formatCount(ipfix.records)} flow records sent to ${ipfix.collector}${dropped}${failing}`);
  }
  if (state.endReason) lines.push(`Ended: ${state.endReason}`);
  if (clickHint) lines.push(clickHint);
  return lines.join('\n');
}

/** The problem in a CaptureUnavailable error's data, when it carries one. */
export function captureProblemOf(data: unknown): NonNullable<CaptureStatus['problem']> | undefined {
  const problem = (data as Partial<CaptureStatus> | null | undefined)?.problem;
  if (!problem || typeof problem.message !== 'string' || typeof problem.fix !== 'string') return undefined;
  return problem;
}

/** Whether a failed start blames the filter, so the user should get the filter box back. */
export function blamesFilter(problem: CaptureStatus['problem'] | undefined, message: string, filter: string): boolean {
  if (problem?.code === 'bad-filter') return true;
  // A helper that does not name the problem: libpcap's compile errors mention the filter or a syntax error.
  return filter !== '' && problem?.code !== 'no-privilege' && /filter|syntax error|pcap_compile/i.test(message);
}

/** The summary after a capture stops: `LAN Lens: 1,234 packets captured on eth0, 2 dropped`. */
export function stoppedSummary(state: CaptureState, snapshot: TrafficSnapshot | undefined): string {
  const counters = snapshot?.counters;
  const packets = formatCount(counters?.packets ?? 0);
  const drops = counters ? dropCount(counters) : 0;
  return `LAN Lens: ${packets} packets captured on ${displayText(state.interface) ?? '?'}, ${formatCount(drops)} dropped`;
}

/** What a capture that ended without being asked to says once (its interface and why), else undefined. */
export function endedMessage(state: CaptureState): string | undefined {
  if (state.phase !== 'stopped' || !state.endReason) return undefined;
  const restarted = /helper ended/.test(state.endReason)
    ? ' The helper restarts on its own: start the capture again.'
    : '';
  return `LAN Lens: the capture on ${displayText(state.interface) ?? '?'} ended: ${state.endReason}.${restarted}`;
}
