import { cleanField } from '../printable';
import type { ServiceMatch, ServiceProbe } from '../serviceProbe';
import { encodeBson, readBsonFields } from './bson';

const OP_MSG = 2013;
const OP_REPLY = 1;

/** An OP_MSG `{buildInfo: 1, $db: 'admin'}`: MongoDB 3.6 and later answer it without authentication. */
function buildInfoRequest(): Buffer {
  const document = encodeBson({ buildInfo: 1, $db: 'admin' });
  const header = Buffer.alloc(21);
  header.writeInt32LE(21 + document.length, 0);
  header.writeInt32LE(0x4c4c, 4); // request id
  header.writeInt32LE(0, 8);
  header.writeInt32LE(OP_MSG, 12);
  header.writeUInt32LE(0, 16); // flag bits
  header[20] = 0; // section kind 0: the body document
  return Buffer.concat([header, document]);
}

/** Reads a MongoDB answer (OP_MSG, or OP_REPLY from old servers): `version` when buildInfo was allowed. */
export function parseMongoAnswer(answer: Buffer): ServiceMatch | undefined {
  if (answer.length < 21) return undefined;
  const length = answer.readInt32LE(0);
  const opCode = answer.readInt32LE(12);
  if (length < 21 || length > 48 * 1024 * 1024 || (opCode !== OP_MSG && opCode !== OP_REPLY)) return undefined;
  const fields =
    opCode === OP_MSG ? (answer[20] === 0 ? readBsonFields(answer, 21) : undefined) : readBsonFields(answer, 36);
  if (!fields || !fields.has('ok')) return undefined;
  const match: ServiceMatch = { name: 'mongodb', product: 'MongoDB', confidence: 1 };
  const version = fields.get('version');
  if (typeof version === 'string') match.version = cleanField(version, 40);
  else if (fields.get('ok') === 0) match.extraInfo = 'unauthorized';
  return match;
}

export const mongodb: ServiceProbe = {
  id: 'mongodb',
  serverFirst: false,
  ports: [27017, 27018, 27019],
  request: buildInfoRequest,
  complete: (answer) => answer.length >= 4 && answer.length >= answer.readInt32LE(0),
  parse: parseMongoAnswer,
};
