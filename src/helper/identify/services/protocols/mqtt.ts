import type { ServiceMatch, ServiceProbe } from '../serviceProbe';

/** An MQTT 3.1.1 CONNECT (clean session, keep-alive 30 s, client id "lanlens"). */
const connect = Buffer.concat([
  Buffer.of(0x10, 0x13, 0x00, 0x04),
  Buffer.from('MQTT', 'latin1'),
  Buffer.of(0x04, 0x02, 0x00, 0x1e, 0x00, 0x07),
  Buffer.from('lanlens', 'latin1'),
]);

const returnCodes = [
  'accepted',
  'unacceptable protocol',
  'identifier rejected',
  'server unavailable',
  'bad credentials',
  'not authorized',
];

/** Reads a CONNACK (MQTT 3.1.1 §3.2): `20 02 flags code`. */
export function parseMqttAnswer(answer: Buffer): ServiceMatch | undefined {
  if (answer.length < 4 || answer[0] !== 0x20 || answer[1] !== 0x02 || answer[2]! > 1 || answer[3]! > 5)
    return undefined;
  const code = returnCodes[answer[3]!];
  return { name: 'mqtt', confidence: 1, ...(answer[3] ? { extraInfo: `connection refused: ${code}` } : {}) };
}

export const mqtt: ServiceProbe = {
  id: 'mqtt',
  serverFirst: false,
  ports: [1883, 8883, 1884],
  request: () => connect,
  complete: (answer) => answer.length >= 4,
  parse: parseMqttAnswer,
};
