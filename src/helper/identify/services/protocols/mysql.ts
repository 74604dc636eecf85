import { cleanField } from '../printable';
import type { ServiceMatch, ServiceProbe } from '../serviceProbe';

/**
 * Reads a MySQL/MariaDB greeting: a packet (3-byte little-endian length, sequence 0) holding
 * protocol 10 and the server version as a NUL-terminated string, or an error packet (0xff) when
 * the server refuses this client ("Host … is not allowed to connect").
 */
export function parseMysqlGreeting(answer: Buffer): ServiceMatch | undefined {
  if (answer.length < 5) return undefined;
  const length = answer.readUIntLE(0, 3);
  if (length < 2 || length > 0xffff || answer[3] !== 0) return undefined;
  const body = answer.subarray(4, 4 + length);
  if (body[0] === 10) {
    const end = body.indexOf(0, 1);
    if (end < 2 || end > 80) return undefined;
    const version = body.subarray(1, end).toString('latin1');
    if (!/^\d+\.\d+[\w.+~:-]*$/.test(version)) return undefined;
    return { name: 'mysql', product: 'MySQL', version: cleanField(version), confidence: 1 };
  }
  if (body[0] === 0xff && body.length > 3) {
    const message = body.subarray(3).toString('latin1');
    if (!/MySQL|MariaDB|not allowed to connect|Too many connections/i.test(message)) return undefined;
    return { name: 'mysql', product: 'MySQL', extraInfo: 'unauthorized', confidence: 0.9 };
  }
  return undefined;
}

export const mysql: ServiceProbe = {
  id: 'mysql',
  serverFirst: true,
  ports: [3306, 3307, 33060],
  complete: (answer) => answer.length >= 4 && answer.length >= 4 + answer.readUIntLE(0, 3),
  parse: parseMysqlGreeting,
};
