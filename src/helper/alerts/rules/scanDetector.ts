// Port scans and address sweeps in captured traffic, after Zeek's scan policy: failed TCP
// connection attempts (unanswered, refused, or reset before any data) counted per scanner, on
// distinct ports of one host (15 within 5 minutes) or on one port of distinct hosts (25 within 5
// minutes). It reads the flows of each capture tick, so the capture path does no extra work.
import type { AlertEvidence } from '../../../shared/model/alerts';
import type { FlowSummary } from '../../../shared/model/traffic';
import type { CaptureTick, RuleContext, RuleEvaluator } from '../alertInputs';
import { listWords } from '../alertWords';
import { forgetOldest } from '../forgetOldest';

/** An attempt still unanswered this long has failed (Zeek's attempt timeout), in ms. */
export const ATTEMPT_TIMEOUT_MS = 5_000;
const MAX_PENDING = 65_536;
const MAX_SCANNERS = 4_096;

interface Attempt {
  src: string;
  dst: string;
  port: number;
  time: number;
  interface: string;
  how: string;
}

/** Distinct targets one scanner tried within the window: ports of a host, or hosts on a port. */
type Targets = Map<string, Attempt>;
/** A scanner's targets, or its only attempt so far. */
type Tried = Attempt | Targets;

/** Raises 'port-scan' and 'address-sweep'. */
export class ScanDetector implements RuleEvaluator {
  /** unanswered attempts by flow id, until answered or timed out */
  private readonly pending = new Map<string, Attempt>();
  /** 'src dst' → ports tried */
  private readonly portsTried = new Map<string, Tried>();
  /** 'src port' → hosts tried */
  private readonly hostsTried = new Map<string, Tried>();

  capture(tick: CaptureTick, context: RuleContext): void {
    for (const flow of tick.delta.flows) {
      if (flow.transport !== 'tcp') continue;
      const outcome = attemptOutcome(flow);
      if (outcome === 'answered') {
        this.pending.delete(flow.id);
        continue;
      }
      // An attempt already waiting is left as it is (no new record each tick it stays unanswered).
      if (outcome === 'pending' && this.pending.has(flow.id)) continue;
      const attempt = {
        src: flow.aAddr,
        dst: flow.bAddr,
        port: flow.bPort,
        time: flow.firstSeen,
        interface: tick.interface,
        how: outcome === 'pending' ? 'no answer' : flow.packetsAtoB > 1 ? 'reset after SYN-ACK' : 'refused',
      };
      if (outcome === 'failed') {
        this.pending.delete(flow.id);
        this.count(attempt, context);
      } else {
        if (this.pending.size >= MAX_PENDING) this.countOldest(context);
        this.pending.set(flow.id, attempt);
      }
    }
    this.expire(tick.time, context);
  }

  clock(now: number, context: RuleContext): void {
    this.expire(now, context);
  }

  /** No room to wait for an answer: the oldest attempt counts as failed now. */
  private countOldest(context: RuleContext): void {
    const [id, attempt] = this.pending.entries().next().value!;
    this.pending.delete(id);
    this.count(attempt, context);
  }

  /** Counts attempts unanswered for ATTEMPT_TIMEOUT_MS. */
  private expire(now: number, context: RuleContext): void {
    for (const [id, attempt] of this.pending) {
      if (now - attempt.time < ATTEMPT_TIMEOUT_MS) break;
      this.pending.delete(id);
      this.count(attempt, context);
    }
  }

  private count(attempt: Attempt, context: RuleContext): void {
    const settings = context.settings.portScan;
    const windowMs = settings.windowSeconds * 1000;
    const byPort = add(this.portsTried, `${attempt.src} ${attempt.dst}`, attempt, portOf, windowMs);
    if (byPort !== undefined && byPort.size >= settings.ports) {
      const ports = [...byPort.values()].map((entry) => entry.port).sort((a, b) => a - b);
      context.raise({
        rule: 'port-scan',
        key: `${attempt.src} ${attempt.dst}`,
        time: attempt.time,
        title: `${attempt.src} scanned ${ports.length} ports of ${attempt.dst}: ${listWords(ports.map(String), 10)}`,
        devices: [
          { ip: attempt.src, role: 'scanner' },
          { ip: attempt.dst, role: 'target' },
        ],
        evidence: evidence(byPort),
        interface: attempt.interface,
        data: { scanner: attempt.src, target: attempt.dst, ports: ports.length },
      });
      this.portsTried.delete(`${attempt.src} ${attempt.dst}`);
    }
    const byHost = add(this.hostsTried, `${attempt.src} ${attempt.port}`, attempt, hostOf, windowMs);
    if (byHost !== undefined && byHost.size >= settings.hosts) {
      const hosts = [...byHost.keys()];
      context.raise({
        rule: 'address-sweep',
        key: `${attempt.src} ${attempt.port}`,
        time: attempt.time,
        title: `${attempt.src} swept port ${attempt.port} of ${hosts.length} hosts: ${listWords(hosts, 6)}`,
        devices: [{ ip: attempt.src, role: 'scanner' }, ...hosts.slice(0, 16).map((ip) => ({ ip, role: 'target' }))],
        evidence: evidence(byHost),
        interface: attempt.interface,
        data: { scanner: attempt.src, port: attempt.port, hosts: hosts.length },
      });
      this.hostsTried.delete(`${attempt.src} ${attempt.port}`);
    }
  }
}

/** What a TCP flow says about its connection attempt. */
export function attemptOutcome(flow: FlowSummary): 'pending' | 'failed' | 'answered' {
  switch (flow.tcpState) {
    case 'syn-sent':
    case 'syn-received':
      return 'pending';
    case 'reset':
      // Refused (SYN, RST) or reset right after the handshake (nmap's SYN and connect scans):
      // a connection that carried data has more packets than these.
      return flow.packetsAtoB <= 3 && flow.packetsBtoA <= 2 ? 'failed' : 'answered';
    default:
      return 'answered';
  }
}

/**
 * Adds a target to a scanner's set, dropping targets older than the window; returns the set, or
 * undefined while it holds one target (no rule counts one: their settings start at 2). Most
 * scanners in a capture are hosts with one failed connection, so their one attempt stands for
 * the set until a second target comes, and no Map is made for them.
 */
function add(
  table: Map<string, Tried>,
  key: string,
  attempt: Attempt,
  targetOf: (attempt: Attempt) => string,
  windowMs: number,
): Targets | undefined {
  const target = targetOf(attempt);
  const held = table.get(key);
  if (held === undefined || (!(held instanceof Map) && targetOf(held) === target)) {
    table.set(key, attempt);
    if (held === undefined) forgetOldest(table, MAX_SCANNERS);
    return undefined;
  }
  let targets: Targets;
  if (held instanceof Map) targets = held;
  else {
    targets = new Map([[targetOf(held), held]]);
    table.set(key, targets);
  }
  targets.delete(target);
  targets.set(target, attempt);
  for (const [old, entry] of targets) {
    if (attempt.time - entry.time <= windowMs) break;
    targets.delete(old);
  }
  return targets;
}

/** What an attempt tried: a port of its host, or a host on its port. */
const portOf = (attempt: Attempt) => String(attempt.port);
const hostOf = (attempt: Attempt) => attempt.dst;

/** The first three and the last attempts, as evidence. */
function evidence(targets: Targets): AlertEvidence[] {
  const attempts = [...targets.values()];
  const picked = attempts.length <= 4 ? attempts : [...attempts.slice(0, 3), attempts[attempts.length - 1]!];
  return picked.map((attempt) => ({
    time: attempt.time,
    text: `TCP ${attempt.src} → ${attempt.dst}:${attempt.port}, ${attempt.how}`,
  }));
}
