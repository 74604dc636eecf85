// Hop counts and the routers on the way, Paris-traceroute style: each target gets one connected
// UDP socket, so every probe to it has the same addresses, ports and payload (hence the same
// checksum) and only the TTL differs; a load balancer that hashes the flow sends them all down one
// path, and the routers that answer are really one path. The kernel sends the probes (it knows the
// routes and next hops); a capture handle sees them leave (their IP id and TTL) and sees the ICMP
// errors quoting them: time exceeded from the router at that TTL, port unreachable from the target.
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { formatIpv4, parseIpv4 } from '../../shared/cidr';
import type { CaptureStatus } from '../../shared/model/capture';
import type { NetworkInterfaceInfo } from '../../shared/model/network';
import type { HopRecord } from '../../shared/topology/topologyModel';
import { openRawLink } from '../capture/rawLink';
import type { FrameLink } from '../capture/rawLink';
import { emptyProbeFrame, readProbeFrame } from './probeFrames';

/** traceroute's first port: nothing listens there, so the target answers port unreachable */
export const TRACE_PORT = 33434;
/** Never changes: a probe's checksum stays the same whatever its TTL. */
const PAYLOAD = Buffer.from('LAN Lens hop probe');

/** What to trace and how hard to try. */
export interface TraceOptions {
  /** IPv4 addresses */
  targets: readonly string[];
  interfaces: readonly NetworkInterfaceInfo[];
  /** highest TTL probed (default 8: a LAN map, not the Internet) */
  maxTtl?: number;
  /** rounds: each re-sends the TTLs still unanswered (default 3; hosts limit their ICMP errors) */
  tries?: number;
  /** wait after each round for late answers, in ms (default 1000: Linux refills one ICMP error a second) */
  waitMs?: number;
  signal?: AbortSignal;
  /** called once the capture handles are open (a one-shot CLI drops root here) */
  onCaptureOpened?: () => void;
  /** replaced in tests */
  openLink?: typeof openRawLink;
}

/** What the traces found. */
export interface TraceResult {
  /** one per target that answered itself */
  records: HopRecord[];
  probesSent: number;
  /** human sentences */
  warnings: string[];
  /** capture could not be opened: nothing was traced */
  problem?: CaptureStatus;
}

/** One target's trace. */
interface Trace {
  ip: string;
  value: number;
  socket: Socket;
  sourceIp: string;
  sourcePort: number;
  /** IP id of each probe seen leaving → its TTL */
  sent: Map<number, number>;
  /** TTL → who answered (32-bit address) */
  answers: Map<number, number>;
  /** lowest TTL the target answered itself at */
  reached?: number;
  /** lowest TTL a router answered unreachable at: the path ends there */
  ended?: number;
}

/** Traces every target; resolves once each is traced or out of tries. */
export async function traceroute(options: TraceOptions): Promise<TraceResult> {
  const warnings: string[] = [];
  const traces = await openTraces(options.targets, warnings);
  const links: FrameLink[] = [];
  try {
    const problem = await openLinks(traces, options, links, warnings);
    if (problem) return { records: [], probesSent: 0, warnings, problem };
    options.onCaptureOpened?.();
    const probesSent = await probeRounds(traces, options);
    const records = traces.flatMap((trace) => record(trace, warnings));
    return { records, probesSent, warnings };
  } finally {
    for (const link of links) link.close();
    for (const trace of traces) trace.socket.close();
  }
}

async function openTraces(targets: readonly string[], warnings: string[]): Promise<Trace[]> {
  const traces: Trace[] = [];
  for (const ip of new Set(targets)) {
    const value = parseIpv4(ip);
    if (value === undefined) continue;
    const socket = createSocket('udp4');
    // A port-unreachable also comes back as an error on the connected socket: the capture has it already.
    socket.on('error', () => undefined);
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.connect(TRACE_PORT, ip, () => {
          socket.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      socket.close();
      warnings.push(`${ip} cannot be traced: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const local = socket.address();
    traces.push({
      ip,
      value,
      socket,
      sourceIp: local.address,
      sourcePort: local.port,
      sent: new Map(),
      answers: new Map(),
    });
  }
  return traces;
}

/** One capture handle per interface the probes leave by; the first refusal ends the trace. */
async function openLinks(
  traces: Trace[],
  options: TraceOptions,
  links: FrameLink[],
  warnings: string[],
): Promise<CaptureStatus | undefined> {
  const bySource = new Map<string, Trace[]>();
  for (const trace of traces) bySource.set(trace.sourceIp, [...(bySource.get(trace.sourceIp) ?? []), trace]);
  const byPort = new Map(traces.map((trace) => [trace.sourcePort, trace]));
  const frame = emptyProbeFrame();
  for (const [source, group] of bySource) {
    const owner = options.interfaces.find((entry) => entry.ipv4.some((address) => address.address === source));
    if (!owner) {
      warnings.push(`No interface holds ${source}, the source of the probes to ${group.map((t) => t.ip).join(', ')}`);
      continue;
    }
    const opened = await (options.openLink ?? openRawLink)({
      interfaceName: owner.name,
      filter: `(udp and dst port ${TRACE_PORT} and src host ${source}) or (icmp and dst host ${source})`,
    });
    if ('problem' in opened) return opened.problem;
    opened.link.onFrame((bytes, length) => {
      if (!readProbeFrame(bytes, length, TRACE_PORT, frame)) return;
      const trace = byPort.get(frame.sourcePort);
      if (!trace || frame.target !== trace.value) return;
      if (frame.kind === 'probe') {
        trace.sent.set(frame.ipId, frame.ttl);
        return;
      }
      const ttl = trace.sent.get(frame.ipId);
      if (ttl === undefined) return;
      if (frame.kind === 'unreachable' && frame.from === trace.value)
        trace.reached = Math.min(trace.reached ?? ttl, ttl);
      else trace.answers.set(ttl, frame.from);
      if (frame.kind === 'unreachable' && frame.from !== trace.value) trace.ended = Math.min(trace.ended ?? ttl, ttl);
    });
    links.push(opened.link);
  }
  return undefined;
}

/** Sends the TTLs each trace still lacks, round after round; returns the probes sent. */
async function probeRounds(traces: Trace[], options: TraceOptions): Promise<number> {
  const maxTtl = Math.max(1, Math.min(30, options.maxTtl ?? 8));
  const tries = Math.max(1, options.tries ?? 3);
  let sent = 0;
  for (let round = 0; round < tries && !options.signal?.aborted; round++) {
    const wanted = traces.map((trace) => [trace, missingTtls(trace, maxTtl)] as const);
    if (wanted.every(([trace, ttls]) => ttls.length === 0 && trace.reached !== undefined)) break;
    await Promise.all(
      wanted.map(async ([trace, ttls]) => {
        for (const ttl of ttls) if (await sendProbe(trace.socket, ttl)) sent++;
      }),
    );
    await delay(options.waitMs ?? 1000, options.signal);
  }
  return sent;
}

/** TTLs below where the trace ends that no one answered yet (every TTL before the target is reached). */
function missingTtls(trace: Trace, maxTtl: number): number[] {
  const last = trace.reached ?? trace.ended ?? maxTtl;
  const missing: number[] = [];
  for (let ttl = 1; ttl <= last; ttl++) {
    if (ttl === trace.reached || ttl === trace.ended || trace.answers.has(ttl)) continue;
    missing.push(ttl);
  }
  return missing;
}

/** Sends one probe with `ttl`; a pending ICMP error fails one send, so it is tried again once. */
async function sendProbe(socket: Socket, ttl: number): Promise<boolean> {
  socket.setTTL(ttl);
  for (let attempt = 0; attempt < 2; attempt++) {
    const error = await new Promise<Error | null>((resolve) => socket.send(PAYLOAD, (failure) => resolve(failure)));
    if (!error) return true;
  }
  return false;
}

function record(trace: Trace, warnings: string[]): HopRecord[] {
  if (trace.reached === undefined) {
    warnings.push(`${trace.ip} did not answer a probe${trace.ended ? ` (unreachable after TTL ${trace.ended})` : ''}`);
    return [];
  }
  const path: (string | undefined)[] = [];
  for (let ttl = 1; ttl < trace.reached; ttl++) {
    const from = trace.answers.get(ttl);
    path.push(from === undefined ? undefined : formatIpv4(from));
  }
  return [{ ip: trace.ip, hops: trace.reached, source: 'traceroute', path }];
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
