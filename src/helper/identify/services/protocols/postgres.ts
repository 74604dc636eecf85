import type { ServiceMatch, ServiceProbe } from '../serviceProbe';

/**
 * A StartupMessage (protocol 3.0) for user and database "lanlens": every PostgreSQL server answers
 * it with an authentication request ('R') or an error ('E' with SFATAL… fields), both telling it apart.
 */
function startupMessage(): Buffer {
  const parameters = Buffer.from('user\0lanlens\0database\0lanlens\0application_name\0lanlens\0\0', 'latin1');
  const message = Buffer.alloc(8 + parameters.length);
  message.writeUInt32BE(message.length, 0);
  message.writeUInt32BE(0x00030000, 4);
  parameters.copy(message, 8);
  return message;
}

/** Reads a PostgreSQL backend answer to a StartupMessage: an authentication request or an error. */
export function parsePostgresAnswer(answer: Buffer): ServiceMatch | undefined {
  if (answer.length < 9) return undefined;
  const type = String.fromCharCode(answer[0]!);
  const length = answer.readUInt32BE(1);
  if (type === 'R' && length >= 8 && length < 4096) {
    const method = answer.readUInt32BE(5);
    if (method > 12) return undefined;
    return { name: 'postgresql', product: 'PostgreSQL DB', confidence: 0.95 };
  }
  if (type === 'E' && length > 8 && length < 8192) {
    const fields = answer.subarray(5, 1 + length).toString('latin1');
    if (!/(^|\0)S(FATAL|ERROR|PANIC)\0/.test(fields) || !/\0C[0-9A-Z]{5}\0/.test(fields)) return undefined;
    return { name: 'postgresql', product: 'PostgreSQL DB', confidence: 0.95 };
  }
  return undefined;
}

export const postgres: ServiceProbe = {
  id: 'postgres',
  serverFirst: false,
  ports: [5432, 5433],
  request: startupMessage,
  complete: (answer) => answer.length >= 5 && answer.length >= 1 + answer.readUInt32BE(1),
  parse: parsePostgresAnswer,
};
