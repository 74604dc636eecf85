import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { HostTiming } from './hostTiming';
import { portName } from './portNames';
import { printable } from './printable';
import { clientFirstProbes, parseAnswer, probeById, probesForPort, tlsPorts } from './probes';
import { http } from './protocols/http';
import { tlsHandshake, tlsInfoOf } from './protocols/tls';
import { tunnelledName } from '../../../shared/ports/serviceNames';
import type { ProbeContext, ServiceMatch, ServiceProbe } from './serviceProbe';
import { TcpConversation } from './tcpConversation';
import type { ServiceInfo, TlsInfo } from '../../../shared/model/ports';

/**
 * Runs every task at once and resolves to the first defined result in task order, as soon as
 * every task before it has finished without one.
 */
async function firstInOrder<T>(tasks: (() => Promise<T | undefined>)[]): Promise<T | undefined> {
  const pending = Symbol('pending');
  const results: (T | undefined | typeof pending)[] = tasks.map(() => pending);
  return new Promise((resolve) => {
    const settle = (index: number, result: T | undefined) => {
      results[index] = result;
      for (const entry of results) {
        if (entry === pending) return;
        if (entry !== undefined) return resolve(entry);
      }
      resolve(undefined);
    };
    for (const [index, task] of tasks.entries()) {
      task().then(
        (result) => settle(index, result),
        () => settle(index, undefined),
      );
    }
  });
}

/** What one step of the conversation found. */
interface Finding {
  match: ServiceMatch;
  method: ServiceInfo['method'];
  latencyMs?: number;
  banner?: Buffer;
  tls?: TlsInfo;
}

function toServiceInfo(finding: Finding): ServiceInfo {
  const { match } = finding;
  const info: ServiceInfo = { name: match.name, method: finding.method, confidence: match.confidence };
  if (match.product) info.product = match.product;
  if (match.version) info.version = match.version;
  if (match.extraInfo) info.extraInfo = match.extraInfo;
  if (match.osHint) info.osHint = match.osHint;
  if (match.http) info.http = match.http;
  if (finding.tls) info.tls = finding.tls;
  if (finding.banner?.length) info.banner = printable(finding.banner);
  if (finding.latencyMs !== undefined) info.latencyMs = Math.round(finding.latencyMs * 100) / 100;
  return info;
}

/** One port's conversation: greeting, then probes by likelihood, then TLS, then the rarer probes at once. */
class PortIdentifier {
  private banner: Buffer | undefined;
  private silentCloses = 0;
  private answers = 0;

  constructor(
    private readonly context: ProbeContext,
    private readonly timing: HostTiming,
    private readonly signal: AbortSignal | undefined,
    private readonly counters: { probes: number },
  ) {}

  private async open(signal = this.signal): Promise<TcpConversation | undefined> {
    this.counters.probes++;
    const opened = await TcpConversation.open(
      this.context.ip,
      this.context.port,
      this.timing.answerWaitMs() * 2,
      signal,
    );
    if (typeof opened === 'string') return undefined;
    this.timing.note(opened.connectMs);
    return opened;
  }

  /** Remembers an answer nobody recognised (shown as the banner) and whether the peer closed silently. */
  private noteAnswer(answer: Buffer, conversation: TcpConversation): void {
    if (answer.length) {
      this.answers++;
      this.banner ??= Buffer.from(answer);
    } else if (conversation.closed) this.silentCloses++;
  }

  async run(): Promise<ServiceInfo | undefined> {
    const { port } = this.context;
    const expected = probesForPort(port);
    const tlsFirst = tlsPorts.includes(port);
    let conversation = await this.open();
    if (!conversation) return undefined;
    try {
      // 1. The greeting: waited for where one is usual, glanced at elsewhere (NULL probe).
      const greetingUsual = !tlsFirst && expected[0]?.serverFirst === true;
      const clientFirstUsual = tlsFirst || expected[0]?.serverFirst === false;
      const wait = greetingUsual ? this.timing.answerWaitMs() : this.timing.glanceWaitMs(clientFirstUsual);
      const greeting = await conversation.wait(
        wait,
        (answer) => parseAnswer(answer, this.context, expected[0]) !== undefined,
      );
      const greeted = parseAnswer(greeting, this.context, expected[0]);
      if (greeted)
        return toServiceInfo(
          await this.refine({
            match: greeted,
            method: 'banner',
            latencyMs: conversation.latencyMs(),
            banner: greeting,
          }),
        );
      this.noteAnswer(greeting, conversation);

      // 2. The likely protocols, one after the other, reusing the connection while it is fresh.
      const likely = expected.filter((probe) => !probe.serverFirst);
      const steps: (ServiceProbe | 'tls')[] = [
        ...new Set<ServiceProbe | 'tls'>(tlsFirst ? ['tls', ...likely, http] : [...likely, http]),
      ];
      for (const step of steps) {
        if (this.signal?.aborted) return undefined;
        if (!conversation?.fresh) {
          conversation?.close();
          conversation = await this.open();
          if (!conversation) return this.fallback();
        }
        if (step === 'tls') {
          const found = await this.tlsStage(conversation.release(), this.signal);
          conversation = undefined;
          if (found) return toServiceInfo(found);
          continue;
        }
        const found = await this.ask(conversation, step);
        if (found) return toServiceInfo(await this.refine(found));
      }
      conversation?.close();
      conversation = undefined;

      // 3. Everything else at once, each on its own connection (TLS last: any protocol that
      // recognised its answer is not TLS); the first in that order wins and the rest are stopped.
      if (this.silentCloses < 2 || this.answers > 0) {
        const rest: (ServiceProbe | 'tls')[] = clientFirstProbes.filter((probe) => !steps.includes(probe));
        if (!steps.includes('tls')) rest.push('tls');
        const stage = new AbortController();
        const stop = () => stage.abort();
        this.signal?.addEventListener('abort', stop);
        try {
          const first = await firstInOrder(
            rest.map((step) => async () => {
              const own = await this.open(stage.signal);
              if (!own) return undefined;
              if (step === 'tls') return this.tlsStage(own.release(), stage.signal);
              try {
                return await this.ask(own, step);
              } finally {
                own.close();
              }
            }),
          );
          stop();
          if (first) return toServiceInfo(first.method === 'tls' ? first : await this.refine(first));
        } finally {
          this.signal?.removeEventListener('abort', stop);
        }
      }
      return this.fallback();
    } finally {
      conversation?.close();
    }
  }

  /** Sends one probe on `conversation` and reads the answer. */
  private async ask(conversation: TcpConversation, probe: ServiceProbe): Promise<Finding | undefined> {
    conversation.send(probe.request!(this.context));
    const answer = await conversation.wait(
      this.timing.answerWaitMs(),
      (received) => probe.complete?.(received) ?? false,
    );
    const match = parseAnswer(answer, this.context, probe);
    if (match) return { match, method: 'probe', latencyMs: conversation.latencyMs(), banner: answer };
    this.noteAnswer(answer, conversation);
    return undefined;
  }

  /** Follows a match's hint to a probe that tells more (Redis seen through an HTTP GET → INFO). */
  private async refine(finding: Finding): Promise<Finding> {
    const probe = finding.match.refineWith ? probeById(finding.match.refineWith) : undefined;
    if (!probe?.request) return finding;
    const conversation = await this.open();
    if (!conversation) return finding;
    try {
      const better = await this.ask(conversation, probe);
      if (!better) return finding;
      // The first answer's facts stay unless the second tells them better (SMB dialect, say).
      return { ...better, match: { ...finding.match, ...better.match, refineWith: undefined } };
    } finally {
      conversation.close();
    }
  }

  /** TLS handshake, then a greeting or an HTTP GET inside it. */
  private async tlsStage(socket: Socket, signal: AbortSignal | undefined): Promise<Finding | undefined> {
    const { ip, port, hostName } = this.context;
    const handshakeWait = this.timing.answerWaitMs() * 2;
    let session: TLSSocket | undefined = await tlsHandshake(
      { ip, port, serverName: hostName, socket },
      handshakeWait,
      signal,
    );
    if (!session) return undefined;
    const tls = tlsInfoOf(session);
    const started = performance.now();
    let inner = TcpConversation.over(session, signal);
    try {
      const greeting = await inner.wait(
        this.timing.glanceWaitMs(),
        (answer) => parseAnswer(answer, this.context) !== undefined,
      );
      let match = parseAnswer(greeting, this.context);
      let latencyMs = match ? inner.latencyMs() : undefined;
      let banner = greeting;
      if (!match && !inner.closed) {
        if (tls?.alpn === 'h2') {
          // HTTP/2 was chosen: ask again over HTTP/1.1 so the page can be read.
          inner.close();
          session = await tlsHandshake({ ip, port, serverName: hostName, alpn: ['http/1.1'] }, handshakeWait, signal);
          if (session) inner = TcpConversation.over(session, signal);
        }
        if (session) {
          inner.send(http.request!(this.context));
          banner = await inner.wait(this.timing.answerWaitMs(), (answer) => http.complete!(answer));
          match = parseAnswer(banner, this.context, http);
          latencyMs = inner.latencyMs();
        }
      }
      const name = tunnelledName(match?.name);
      return {
        match: { ...(match ?? { confidence: 0.9 }), name, confidence: match?.confidence ?? 0.9 },
        method: 'tls',
        latencyMs: latencyMs ?? performance.now() - started,
        banner,
        ...(tls ? { tls } : {}),
      };
    } finally {
      inner.close();
    }
  }

  /** Nothing recognised: nmap's tcpwrapped when every connection closed at once, else the port's usual name. */
  private fallback(): ServiceInfo {
    if (this.answers === 0 && this.silentCloses >= 2) return { name: 'tcpwrapped', method: 'probe', confidence: 0.5 };
    const info: ServiceInfo = {
      name: portName(this.context.port, 'tcp'),
      method: 'port-table',
      confidence: this.answers ? 0.2 : 0.3,
    };
    if (this.banner?.length) info.banner = printable(this.banner);
    return info;
  }
}

/** Identifies what listens on one open TCP port; undefined when it can no longer be connected to. */
export function identifyTcpPort(
  context: ProbeContext,
  timing: HostTiming,
  signal?: AbortSignal,
  /** counts the connections opened (each one a probe) */
  counters: { probes: number } = { probes: 0 },
): Promise<ServiceInfo | undefined> {
  return new PortIdentifier(context, timing, signal, counters).run();
}
