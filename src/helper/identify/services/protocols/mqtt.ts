import { cleanField } from '../printable';
import type { ServiceMatch, ServiceProbe } from '../serviceProbe';

const VERSION_TOPIC = '$SYS/broker/version';

/**
 * An MQTT 3.1.1 CONNECT (clean session, keep-alive 30 s, client id "lanlens") followed at once by
 * a SUBSCRIBE to `$SYS/broker/version`, which brokers such as Mosquitto keep as a retained message.
 */
function request(): Buffer {
  const connect = Buffer.concat([
    Buffer.of(0x10, 0x13, 0x00, 0x04),
    Buffer.from('MQTT', 'latin1'),
    Buffer.of(0x04, 0x02, 0x00, 0x1e, 0x00, 0x07),
    Buffer.from('lanlens', 'latin1'),
  ]);
  const topic = Buffer.from(VERSION_TOPIC, 'latin1');
  const subscribe = Buffer.concat([
    Buffer.of(0x82, 2 + 2 + topic.length + 1, 0x00, 0x01, 0x00, topic.length),
    topic,
    Buffer.of(0),
  ]);
  return Buffer.concat([connect, subscribe]);
}

const returnCodes = [
  'accepted',
  'unacceptable protocol',
  'identifier rejected',
  'server unavailable',
  'bad credentials',
  'not authorized',
];

/** The control packets in `data` as [type, flags, body]; stops at the first incomplete one. */
function packets(data: Buffer): { type: number; flags: number; body: Buffer }[] {
  const found: { type: number; flags: number; body: Buffer }[] = [];
  let at = 0;
  while (at + 2 <= data.length && found.length < 16) {
    let length = 0;
    let shift = 0;
    let index = at + 1;
    for (; index < data.length && index < at + 5; index++) {
      length |= (data[index]! & 0x7f) << shift;
      shift += 7;
      if ((data[index]! & 0x80) === 0) break;
    }
    const start = index + 1;
    if (start + length > data.length || index >= at + 5) break;
    found.push({ type: data[at]! >> 4, flags: data[at]! & 0x0f, body: data.subarray(start, start + length) });
    at = start + length;
  }
  return found;
}

/** Reads a CONNACK (MQTT 3.1.1 §3.2) and, if the broker published it, its version topic. */
export function parseMqttAnswer(answer: Buffer): ServiceMatch | undefined {
  if (answer.length < 4 || answer[0] !== 0x20 || answer[1] !== 0x02 || answer[2]! > 1 || answer[3]! > 5)
    return undefined;
  if (answer[3]) return { name: 'mqtt', confidence: 1, extraInfo: `connection refused: ${returnCodes[answer[3]]}` };
  const match: ServiceMatch = { name: 'mqtt', confidence: 1 };
  for (const packet of packets(answer)) {
    if (packet.type !== 3 || packet.body.length < 2) continue;
    const topicLength = packet.body.readUInt16BE(0);
    if (packet.body.subarray(2, 2 + topicLength).toString('latin1') !== VERSION_TOPIC) continue;
    const payloadStart = 2 + topicLength + ((packet.flags >> 1) & 3 ? 2 : 0);
    const text = cleanField(packet.body.subarray(payloadStart).toString('utf8'), 80);
    const parts = text ? /^(\S+) version (\S+)$/.exec(text) : null;
    if (parts) {
      match.product = parts[1];
      match.version = parts[2];
    } else if (text) match.extraInfo = text;
  }
  return match;
}

export const mqtt: ServiceProbe = {
  id: 'mqtt',
  serverFirst: false,
  ports: [1883, 8883, 1884],
  request,
  complete(answer) {
    if (answer.length >= 4 && answer[0] === 0x20 && answer[3] !== 0) return true;
    // Done once the version arrived, or the broker refused the subscription.
    return packets(answer).some((packet) => packet.type === 3 || (packet.type === 9 && packet.body[2] === 0x80));
  },
  parse: parseMqttAnswer,
};
