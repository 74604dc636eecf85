import { applyGreetingRules } from '../greetingRules';
import { httpAnswerRules, serverHeaderRules } from '../httpServers';
import { cleanField } from '../printable';
import type { ProbeContext, ServiceMatch, ServiceProbe } from '../serviceProbe';

/** An HTTP/1.0 GET of `/`, as nmap's GetRequest, plus a Host header so virtual hosts answer. */
function getRequest(context: ProbeContext): string {
  const host = context.hostName ?? context.ip;
  return `GET / HTTP/1.0\r\nHost: ${host}\r\nUser-Agent: LAN Lens\r\nAccept: */*\r\n\r\n`;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** An HTML title's text with the common entities decoded (numeric ones only when printable). */
function decodeTitle(raw: string): string | undefined {
  const text = raw.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (whole, entity: string) => {
    if (entity[0] !== '#') return entities[entity.toLowerCase()] ?? whole;
    const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1));
    return code >= 0x20 && code <= 0x10ffff && !(code >= 0x7f && code < 0xa0) ? String.fromCodePoint(code) : '';
  });
  return cleanField(text, 160);
}

/** Headers of an HTTP answer as [lower-case name, value] pairs, in order. */
function headersOf(head: string): [string, string][] {
  return head
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const colon = line.indexOf(':');
      return colon > 0
        ? ([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()] as [string, string])
        : undefined;
    })
    .filter((pair): pair is [string, string] => pair !== undefined);
}

/** Reads an HTTP answer: status, Server (→ product and version), Location and the page's <title>. */
export function parseHttpAnswer(answer: Buffer): ServiceMatch | undefined {
  const text = answer.subarray(0, 32 * 1024).toString('latin1');
  const status = /^(HTTP|RTSP)\/(\d\.\d) (\d{3})(?: |\r?\n)/.exec(text);
  if (!status) return undefined;
  if (status[1] === 'RTSP') return { name: 'rtsp', confidence: 0.95, http: { status: Number(status[3]) } };
  const headEnd = text.search(/\r?\n\r?\n/);
  const head = headEnd < 0 ? text : text.slice(0, headEnd);
  const body = headEnd < 0 ? '' : text.slice(headEnd);
  const headers = headersOf(head);
  const header = (name: string) => headers.find(([key]) => key === name)?.[1];
  const server = cleanField(header('server'), 160);
  const match: ServiceMatch = { name: 'http', confidence: 1, http: { status: Number(status[3]) } };
  if (server) match.http!.server = server;
  const location = cleanField(header('location'), 300);
  if (location) match.http!.location = location;
  const title = /<title[^>]*>([^<]{0,4096})/i.exec(body); // the closing tag may be past what was read
  const decoded = title ? decodeTitle(Buffer.from(title[1]!, 'latin1').toString('utf8')) : undefined;
  if (decoded) match.http!.title = decoded;
  if (/The plain HTTP request was sent to HTTPS port|speaking plain HTTP to an SSL-enabled server/i.test(body)) {
    match.refineWith = 'tls';
  }
  const product =
    applyGreetingRules(text, 'http', httpAnswerRules) ??
    (server ? applyGreetingRules(server, 'http', serverHeaderRules) : undefined);
  if (product) Object.assign(match, { ...product, name: 'http', confidence: 1 });
  return match;
}

export const http: ServiceProbe = {
  id: 'http',
  serverFirst: false,
  ports: [80, 8080, 8000, 8008, 8081, 8888, 3000, 5000, 9000, 81, 591, 8001, 8082, 7080, 631, 9100],
  request: getRequest,
  complete(answer) {
    const text = answer.subarray(0, 32 * 1024).toString('latin1');
    if (/<\/title>/i.test(text)) return true;
    const headEnd = text.indexOf('\r\n\r\n');
    if (headEnd < 0) return false;
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, headEnd));
    if (length) return answer.length >= headEnd + 4 + Number(length[1]);
    return answer.length - headEnd > 4096;
  },
  parse: parseHttpAnswer,
};
