import type { ServiceInfo } from '../../../shared/model/ports';

/** What a parser recognised in an answer: the service and whatever the answer told about it. */
export interface ServiceMatch {
  /** nmap-services name: 'ssh', 'http', 'ftp'… */
  name: string;
  product?: string;
  version?: string;
  extraInfo?: string;
  osHint?: string;
  /** 0…1: how sure the match is */
  confidence: number;
  http?: ServiceInfo['http'];
  /** id of another probe that would tell more (e.g. Redis answered an HTTP GET: its own probe has the version) */
  refineWith?: string;
  /** the name of the host the answer gave (SMTP greeting, certificate) — hostile */
  hostName?: string;
}

/** Facts about the target a probe may put in its request. */
export interface ProbeContext {
  ip: string;
  port: number;
  /** a DNS name of the host, for Host headers and SNI */
  hostName?: string;
}

/** One protocol LAN Lens can recognise: how to ask (if the client speaks first) and how to read the answer. */
export interface ServiceProbe {
  /** short id, used in probe orders: 'http', 'ssh', 'redis'… */
  id: string;
  /** the server speaks first (a greeting): reading without sending is enough */
  serverFirst: boolean;
  /** ports where this protocol is usual, most usual first */
  ports: readonly number[];
  /** bytes to send; absent for protocols identified by their greeting alone */
  request?(context: ProbeContext): Uint8Array | string;
  /** the answer is whole: stop waiting for more */
  complete?(answer: Buffer): boolean;
  /** recognises an answer (to this probe or to any other); undefined when it is not this protocol */
  parse(answer: Buffer, context: ProbeContext): ServiceMatch | undefined;
}

/** The first line of a text answer, without its line ending (latin1, so every byte maps to one character). */
export function firstLine(answer: Buffer, max = 512): string {
  const text = answer.subarray(0, max).toString('latin1');
  const end = text.search(/\r?\n/);
  return end < 0 ? text : text.slice(0, end);
}

/** Whether the answer holds a whole line (so a greeting can be parsed). */
export function hasLine(answer: Buffer): boolean {
  return answer.includes(0x0a);
}
