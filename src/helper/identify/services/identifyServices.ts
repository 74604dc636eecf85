import { HostTiming } from './hostTiming';
import { identifyTcpPort } from './identifyTcpPort';
import { identifyUdpAnswer } from './udpAnswers';
import { udpQueries, udpQuery } from './udpQueries';
import { socketBudget } from '../../os/openFileLimit';
import type { PortProtocol, ServiceInfo } from '../../../shared/model/ports';

/** One open port to identify. */
export interface ServiceTarget {
  ip: string;
  port: number;
  protocol: PortProtocol;
  /** a DNS name of the host (from reverse DNS or mDNS), for HTTP Host headers and TLS SNI */
  hostName?: string;
  /** UDP only: the payload the port scan's probe got back; without it LAN Lens asks the port itself where it knows how (DNS, NTP, NetBIOS, SNMP, SSDP), else gives the port's usual name */
  answer?: Uint8Array;
}

/** How to identify services. */
export interface IdentifyOptions {
  signal?: AbortSignal;
  /** the longest wait for any one answer, in ms (waits adapt to each host's round trip below it); default 2000 */
  timeoutMs?: number;
  /** ports identified at once, all hosts together (bounded by the open-file limit); default 64 */
  concurrency?: number;
  /** ports of one host identified at once, so small devices and sshd's MaxStartups are not overrun; default 6 */
  perHost?: number;
  /**
   * counts what identification sent (one per TCP connection and per UDP query) and the ports a
   * deadline cut short or skipped
   */
  counters?: IdentifyCounters;
  /** the longest all ports of one host may take, in ms (a host answering on every port cannot hold the scan); default 120 s */
  hostDeadlineMs?: number;
  /** the longest the whole identification may take, in ms; default 15 minutes */
  deadlineMs?: number;
  /** called as each port is done, in completion order */
  onResult?: (target: ServiceTarget, service: ServiceInfo) => void;
}

/** What identification did, for the caller's summary. */
export interface IdentifyCounters {
  probes: number;
  /** ports whose identification a deadline ended early, or that a host's or the scan's deadline skipped */
  cutShort?: number;
}

/**
 * The longest one port may take, in answer waits: a full run of probes stays well inside it, a
 * service that drips bytes or stalls each probe does not.
 */
const PORT_DEADLINE_WAITS = 15;

/** The key of a target in the result map: `10.0.0.5:22/tcp`. */
export function serviceKey(target: { ip: string; port: number; protocol: PortProtocol }): string {
  return `${target.ip}:${target.port}/${target.protocol}`;
}

const DNS_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

/** Every port a probe may open at once for one target (a handful in the last, parallel stage). */
const SOCKETS_PER_TARGET = 8;

/**
 * Identifies the services on open ports by greetings, probes and TLS handshakes, many ports at
 * once. Ports that can no longer be reached (closed since the scan) are left out of the result.
 */
export async function identifyServices(
  targets: ServiceTarget[],
  options: IdentifyOptions = {},
): Promise<Map<string, ServiceInfo>> {
  const results = new Map<string, ServiceInfo>();
  const timeoutMs = options.timeoutMs ?? 2000;
  const limit = Math.max(
    1,
    Math.min(options.concurrency ?? 64, Math.floor(socketBudget(1_000_000) / SOCKETS_PER_TARGET)),
  );
  const perHost = Math.max(1, options.perHost ?? 6);
  const timings = new Map<string, HostTiming>();
  const busy = new Map<string, number>();
  const queue = [...targets];
  const counters = options.counters ?? { probes: 0 };
  const ends = deadlines(options, timeoutMs);
  const hostStarted = new Map<string, number>();
  const cutShort = () => (counters.cutShort = (counters.cutShort ?? 0) + 1);

  const finish = (target: ServiceTarget, service: ServiceInfo | undefined) => {
    if (!service) return;
    results.set(serviceKey(target), service);
    options.onResult?.(target, service);
  };

  const identify = async (target: ServiceTarget) => {
    const now = performance.now();
    const hostEnd = (hostStarted.get(target.ip) ?? hostStarted.set(target.ip, now).get(target.ip)!) + ends.hostMs;
    const end = Math.min(now + ends.portMs, hostEnd, ends.scanEnd);
    if (end <= now) return void cutShort();
    const deadline = AbortSignal.timeout(Math.ceil(end - now));
    const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    await identifyOne(target, signal);
    if (deadline.aborted && !options.signal?.aborted) cutShort();
  };

  const identifyOne = async (target: ServiceTarget, signal: AbortSignal) => {
    if (target.protocol === 'udp') {
      let answer = target.answer;
      const query = udpQueries[target.port];
      if (!answer?.length && query)
        answer = await udpQuery(target.ip, target.port, query(), Math.min(timeoutMs, 1000), signal);
      return finish(target, identifyUdpAnswer(target.port, answer));
    }
    let timing = timings.get(target.ip);
    if (!timing) timings.set(target.ip, (timing = new HostTiming(timeoutMs)));
    // The name goes into Host headers and SNI: only a plain DNS name may (names come from the network).
    const hostName = target.hostName && DNS_NAME.test(target.hostName) ? target.hostName.replace(/\.$/, '') : undefined;
    const context = { ip: target.ip, port: target.port, ...(hostName ? { hostName } : {}) };
    finish(target, await identifyTcpPort(context, timing, signal, counters));
  };

  // Workers take the next target whose host is below its own limit.
  const waiting: (() => void)[] = [];
  const worker = async () => {
    while (queue.length && !options.signal?.aborted) {
      const index = queue.findIndex((target) => (busy.get(target.ip) ?? 0) < perHost);
      if (index < 0) {
        await new Promise<void>((resolve) => waiting.push(resolve));
        continue;
      }
      const [target] = queue.splice(index, 1);
      busy.set(target!.ip, (busy.get(target!.ip) ?? 0) + 1);
      try {
        await identify(target!);
      } finally {
        busy.set(target!.ip, busy.get(target!.ip)! - 1);
        for (const resume of waiting.splice(0)) resume();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, targets.length) }, worker));
  return results;
}

/** When each port, each host and the whole identification must be done by (ms, performance.now() clock). */
function deadlines(options: IdentifyOptions, timeoutMs: number) {
  return {
    portMs: PORT_DEADLINE_WAITS * timeoutMs,
    hostMs: options.hostDeadlineMs ?? 120_000,
    scanEnd: performance.now() + (options.deadlineMs ?? 15 * 60_000),
  };
}
