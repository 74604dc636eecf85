import { randomInt } from 'node:crypto';
import { SynTemplate, icmpReason, readSynReply, readTcpOptionOrder } from './synFrame';
import type { SynReply } from './synFrame';
import type { FrameLink } from '../capture/rawLink';
import type { ProbeTransport, Verdict } from './probeTransport';
import type { TcpFingerprint } from '../../shared/model/ports';

/** One SYN-scan target: where its frames go. */
export interface SynTarget {
  ip: number;
  link: FrameLink;
  /** next hop's MAC (the host itself on-link, zeros on loopback) */
  dstMac: ArrayLike<number>;
  srcMac: ArrayLike<number>;
  srcIp: number;
}

const TRY_BITS = 0xf;
// Shared by every answer: the scheduler adds the round trip in the verdict it keeps.
const OPEN: Verdict = Object.freeze({ state: 'open', reason: 'syn-ack' });
const CLOSED: Verdict = Object.freeze({ state: 'closed', reason: 'reset' });

/**
 * Raw SYN probes through libpcap. Nothing here completes a handshake: a SYN-ACK is answered by
 * this machine's kernel with a RST (it owns no socket for our source port), as with nmap -sS.
 * The try number rides in the low bits of the sequence number, so a reply tells which
 * transmission it answers (Karn's rule and loss detection need that) and forged replies that do
 * not know the per-scan secret are ignored.
 */
export class SynTransport implements ProbeTransport {
  readonly maxInFlight = 8192;
  readonly initialWindow = 32;
  readonly maxWindow = 4096;
  /** bursts past about a hundred frames overflow veth and bridge queues; answers are read between them */
  readonly burst = 48;
  readonly minTries = 2;
  readonly silence: Verdict = { state: 'filtered', reason: 'no-response' };
  private readonly secret = randomInt(0, 2 ** 32);
  private readonly templates: SynTemplate[];
  private readonly byIp = new Map<number, number>();
  private readonly reply: SynReply = {
    ip: 0,
    port: 0,
    kind: 'reset',
    sequence: 0,
    ttl: 0,
    icmpType: -1,
    icmpCode: -1,
    ipFlags: 0,
    window: 0,
    optionsOffset: 0,
    optionsLength: 0,
  };
  private ipId = randomInt(0, 65536);

  constructor(
    private readonly targets: readonly SynTarget[],
    /** the TCP port our SYNs come from: the capture filter lets only replies to it through */
    readonly sourcePort: number,
    private readonly onAnswer: (hostIndex: number, port: number, verdict: Verdict, tryNumber?: number) => void,
    private readonly onFingerprint: (hostIndex: number, fingerprint: TcpFingerprint) => void,
  ) {
    this.templates = targets.map(
      (target) => new SynTemplate(target.dstMac, target.srcMac, target.srcIp, target.ip, this.sourcePort),
    );
    targets.forEach((target, index) => this.byIp.set(target.ip, index));
  }

  /** Call once per distinct link: reads replies out of every frame it captures. */
  listen(link: FrameLink): void {
    link.onFrame((frame, length) => this.receive(frame, length));
  }

  private sequenceBase(ip: number, port: number): number {
    return ((this.secret ^ Math.imul(ip, 0x9e3779b1)) + Math.imul(port, 0x85ebca6b)) & ~TRY_BITS;
  }

  send(hostIndex: number, port: number, tryNumber: number): boolean {
    const target = this.targets[hostIndex]!;
    const template = this.templates[hostIndex]!;
    const sequence = (this.sequenceBase(target.ip, port) | Math.min(tryNumber, TRY_BITS)) >>> 0;
    this.ipId = (this.ipId + 1) & 0xffff;
    const length = template.write(port, sequence, this.ipId);
    target.link.send(template.frame, length);
    return true;
  }

  private receive(frame: Buffer, length: number): void {
    const reply = this.reply;
    if (!readSynReply(frame, length, this.sourcePort, reply)) return;
    const hostIndex = this.byIp.get(reply.ip);
    if (hostIndex === undefined) return;
    if ((reply.sequence & ~TRY_BITS) >>> 0 !== this.sequenceBase(reply.ip, reply.port) >>> 0) return;
    const tryNumber = reply.sequence & TRY_BITS;
    if (reply.kind === 'syn-ack') {
      const { options, mss, windowScale } = readTcpOptionOrder(frame, reply.optionsOffset, reply.optionsLength);
      this.onFingerprint(hostIndex, {
        port: reply.port,
        ttl: reply.ttl,
        dontFragment: (reply.ipFlags & 0x4000) !== 0,
        window: reply.window,
        options,
        mss,
        windowScale,
      });
      this.onAnswer(hostIndex, reply.port, OPEN, tryNumber);
    } else if (reply.kind === 'reset') {
      this.onAnswer(hostIndex, reply.port, CLOSED, tryNumber);
    } else {
      this.onAnswer(hostIndex, reply.port, { state: 'filtered', reason: icmpReason(reply.icmpCode) }, tryNumber);
    }
  }
}
