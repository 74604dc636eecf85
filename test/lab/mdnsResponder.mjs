// A minimal mDNS responder for lab namespaces: answers reverse (PTR) questions for its own
// address with the name it is given, the way Avahi or Bonjour would. Plain JS so it starts fast
// inside `ip netns exec`. Usage: node mdnsResponder.mjs <ip> <hex-encoded name>
import { createSocket } from 'node:dgram';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dnsPacket = require('dns-packet');
const [ip, hexName] = process.argv.slice(2);
const name = Buffer.from(hexName, 'hex').toString('utf8');
const reverse = `${ip.split('.').reverse().join('.')}.in-addr.arpa`;

const socket = createSocket({ type: 'udp4', reuseAddr: true });
socket.on('message', (message, peer) => {
  let query;
  try {
    query = dnsPacket.decode(message);
  } catch {
    return;
  }
  if (query.type !== 'query') return;
  const asked = (query.questions ?? []).filter((q) => q.type === 'PTR' && q.name.toLowerCase() === reverse);
  if (asked.length === 0) return;
  // A query from a port other than 5353 is "legacy unicast" (RFC 6762 §6.7): answer the sender directly, echoing id and question.
  const legacy = peer.port !== 5353;
  const answer = dnsPacket.encode({
    type: 'response',
    id: legacy ? query.id : 0,
    flags: dnsPacket.AUTHORITATIVE_ANSWER,
    questions: legacy ? asked : [],
    answers: [{ type: 'PTR', name: reverse, ttl: legacy ? 10 : 120, data: name }],
  });
  socket.send(answer, legacy ? peer.port : 5353, legacy ? peer.address : '224.0.0.251');
});
socket.bind(5353, () => {
  socket.addMembership('224.0.0.251', ip);
  process.stdout.write('ready\n');
});
