import { ArpOperation, parseArpFrame, writeArpRequest } from '../decode/arp';
import { formatIpv4 } from '../../shared/cidr';
import type { FrameLink } from '../capture/rawLink';

/** A host that answered the sweep. */
export interface ArpAnswer {
  ip: string;
  mac: string;
  /** from the latest request to this host until its reply, in milliseconds */
  rttMs: number;
  /** wall clock of the reply, in ms since the Unix epoch */
  seenAt: number;
}

/** What the sweep needs to know and may call. */
export interface ArpSweepOptions {
  link: FrameLink;
  sourceMac: ArrayLike<number>;
  sourceIp: number;
  targets: number[];
  /** the longest wait for late replies after a round of requests, in milliseconds */
  timeoutMs: number;
  /** extra rounds sent to hosts that have not answered */
  retries: number;
  signal?: AbortSignal;
  /** called with each first answer from a host, as it arrives */
  onAnswer?: (answer: ArpAnswer) => void;
  /** called after every request sent, with the total so far */
  onSent?: (sent: number) => void;
  /** monotonic clock in milliseconds; injectable for tests */
  now?: () => number;
}

/** The sweep's outcome. */
export interface ArpSweepResult {
  answers: ArpAnswer[];
  sent: number;
  cancelled: boolean;
  /** hosts that answered from more than one MAC: duplicate addresses or ARP spoofing */
  conflicts: { ip: string; macs: string[] }[];
}

// Requests go out in bursts so replies are read between them and the socket buffer never fills.
const BURST = 64;
// Once replies stop for this many round trips, the round is over.
const QUIET_RTTS = 4;
// Floor of the quiet period, in milliseconds: scheduling noise on a busy machine.
const MIN_QUIET_MS = 25;

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Sends ARP requests to every target and collects replies. Each round ends when replies have
 * settled (no new one for a few observed round trips) or after `timeoutMs`, whichever is first;
 * silent hosts are asked again in up to `retries` further rounds.
 */
export async function arpSweep(options: ArpSweepOptions): Promise<ArpSweepResult> {
  const { link, targets, signal } = options;
  const sweep = new Sweep(options);
  link.onFrame((buffer, length) => sweep.reply(buffer, length));
  for (let round = 0; round <= options.retries && !signal?.aborted; round++) {
    const silent = targets.filter((ip) => !sweep.answers.has(ip));
    if (silent.length === 0) break;
    await sweep.ask(silent);
    await sweep.settle(round === options.retries);
  }
  return sweep.result();
}

/** One sweep's requests and replies, and the round trips that pace its rounds. */
class Sweep {
  readonly answers = new Map<number, ArpAnswer>();
  private readonly now: () => number;
  private readonly frame = Buffer.alloc(64);
  private readonly sentAt = new Map<number, number>();
  private readonly extraMacs = new Map<number, Set<string>>();
  private readonly wanted: Set<number>;
  private sent = 0;
  private lastReplyAt = 0;
  private maxRtt = 0;
  // A settling round waits in short sleeps; the last missing answer ends the sleep at once.
  private wake: (() => void) | undefined;

  constructor(private readonly options: ArpSweepOptions) {
    this.now = options.now ?? (() => performance.now());
    this.wanted = new Set(options.targets);
  }

  /** A frame from the link: the first reply of each target is its answer; later MACs are conflicts. */
  reply(buffer: Buffer, length: number): void {
    const { options, answers } = this;
    const packet = parseArpFrame(buffer, length);
    if (!packet || packet.operation !== (ArpOperation.Reply as number) || packet.targetIp !== options.sourceIp) return;
    const ip = packet.senderIp;
    if (!this.wanted.has(ip)) return;
    const previous = answers.get(ip);
    if (previous) {
      if (previous.mac !== packet.senderMac) {
        const macs = this.extraMacs.get(ip) ?? new Set<string>();
        macs.add(packet.senderMac);
        this.extraMacs.set(ip, macs);
      }
      return;
    }
    const at = this.now();
    const rttMs = Math.max(0, at - (this.sentAt.get(ip) ?? at));
    this.maxRtt = Math.max(this.maxRtt, rttMs);
    this.lastReplyAt = at;
    const answer = {
      ip: formatIpv4(ip),
      mac: packet.senderMac,
      rttMs: Math.round(rttMs * 100) / 100,
      seenAt: Date.now(),
    };
    answers.set(ip, answer);
    options.onAnswer?.(answer);
    if (answers.size === options.targets.length) this.wake?.();
  }

  /** Sends one request to each silent target, in bursts so replies are read between them. */
  async ask(silent: readonly number[]): Promise<void> {
    const { options, frame } = this;
    for (let i = 0; i < silent.length && !options.signal?.aborted; i++) {
      const ip = silent[i]!;
      options.link.send(frame, writeArpRequest(frame, options.sourceMac, options.sourceIp, ip));
      this.sentAt.set(ip, this.now());
      this.sent++;
      options.onSent?.(this.sent);
      if ((i + 1) % BURST === 0) await tick();
    }
  }

  /** Waits for the round's replies to settle, or for its deadline. */
  async settle(lastRound: boolean): Promise<void> {
    const { options, answers } = this;
    const roundEnd = this.now();
    const deadline = roundEnd + options.timeoutMs;
    // Early rounds can end quickly because later rounds still listen for their stragglers; after
    // the last one nothing else will, so it waits at least a quarter of the timeout for slow hosts.
    const floor = lastRound ? Math.max(MIN_QUIET_MS, options.timeoutMs / 4) : MIN_QUIET_MS;
    while (!options.signal?.aborted && answers.size < options.targets.length) {
      const quiet = Math.max(floor, QUIET_RTTS * this.maxRtt);
      const quietSince = Math.max(roundEnd, this.lastReplyAt);
      const until = Math.min(deadline, quietSince + quiet);
      // Before any reply, only the deadline ends a round: a slow network must not look empty.
      const stopAt = answers.size === 0 ? deadline : until;
      const remaining = stopAt - this.now();
      if (remaining <= 0) return;
      await this.sleep(Math.min(remaining, 10));
    }
  }

  result(): ArpSweepResult {
    const conflicts = [...this.extraMacs].map(([ip, macs]) => ({
      ip: formatIpv4(ip),
      macs: [this.answers.get(ip)!.mac, ...macs],
    }));
    const cancelled = this.options.signal?.aborted ?? false;
    return { answers: [...this.answers.values()], sent: this.sent, cancelled, conflicts };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}
