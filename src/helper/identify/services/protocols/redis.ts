import { cleanField } from '../printable';
import type { ServiceMatch, ServiceProbe } from '../serviceProbe';

/**
 * Reads Redis answers: the bulk string INFO server returns (`$len\r\n# Server\r\nredis_version:7.0.15…`),
 * or the errors Redis gives without access (NOAUTH, DENIED protected mode) or to an HTTP request
 * read as inline commands ("wrong number of arguments for 'get' command").
 */
export function parseRedisAnswer(answer: Buffer): ServiceMatch | undefined {
  const text = answer.subarray(0, 8192).toString('latin1');
  if (text.startsWith('$')) {
    if (!/^\$\d+\r\n/.test(text) || !/\r\nredis_version:/.test(text)) return undefined;
    const field = (key: string) => new RegExp(`\\r\\n${key}:([^\\r\\n]*)`).exec(text)?.[1];
    const match: ServiceMatch = { name: 'redis', product: 'Redis key-value store', confidence: 1 };
    const version = field('redis_version');
    if (version && /^[\d.]+$/.test(version)) match.version = version;
    const os = cleanField(field('os'));
    if (os) match.osHint = /^Linux/.test(os) ? 'Linux' : /Darwin/.test(os) ? 'macOS' : undefined;
    if (match.osHint === undefined) delete match.osHint;
    return match;
  }
  if (/^-(NOAUTH|DENIED Redis|ERR operation not permitted|ERR unknown command|WRONGPASS)/.test(text)) {
    return { name: 'redis', product: 'Redis key-value store', confidence: 0.95 };
  }
  if (/^-ERR wrong number of arguments for 'get' command\r\n/.test(text)) {
    // An HTTP GET read as Redis commands: the Redis probe has the version.
    return { name: 'redis', product: 'Redis key-value store', confidence: 0.9, refineWith: 'redis' };
  }
  return undefined;
}

export const redis: ServiceProbe = {
  id: 'redis',
  serverFirst: false,
  ports: [6379, 6380, 16379, 26379],
  request: () => '*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n',
  complete(answer) {
    const header = /^\$(\d+)\r\n/.exec(answer.subarray(0, 16).toString('latin1'));
    if (header) return answer.length >= header[0].length + Number(header[1]) + 2;
    return answer.includes('\r\n');
  },
  parse: parseRedisAnswer,
};
