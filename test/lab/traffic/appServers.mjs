// The lab's application servers, all in one process inside the server namespace: HTTP on 80,
// 8080 and 8000, HTTPS on 443, minimal FTP (21) and SMTP (25) dialogues, and UDP responders for
// NTP, SSDP, NetBIOS names, mDNS and LLMNR. Plain JS so it starts fast inside `ip netns exec`.
// Prints `ready` once everything listens. Usage: node appServers.mjs <ip> <cert.pem> <key.pem>
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createRequire } from 'node:module';
import { createServer as createTcpServer } from 'node:net';

const require = createRequire(import.meta.url);
const dnsPacket = require('dns-packet');
const [ip, certFile, keyFile] = process.argv.slice(2);
const listening = [];
const listen = (server, port) => listening.push(new Promise((resolve) => server.listen(port, ip, resolve)));
const bind = (socket, port, address) => listening.push(new Promise((resolve) => socket.bind(port, address, resolve)));

const page = (request, response) => {
  const body = `<html><body>${request.method} ${request.url}</body></html>\n`;
  response.writeHead(request.url === '/missing' ? 404 : 200, { 'Content-Type': 'text/html', Server: 'LabHTTP/1.0' });
  response.end(body);
};
for (const port of [80, 8080, 8000]) listen(createHttpServer(page), port);
const tls = createHttpsServer({
  cert: readFileSync(certFile),
  key: readFileSync(keyFile),
  ALPNProtocols: ['http/1.1'],
});
tls.on('request', page);
listen(tls, 443);

/** A line-based TCP dialogue: a greeting, then one reply per command line. */
function lineServer(port, greeting, reply) {
  const server = createTcpServer((socket) => {
    socket.on('error', () => {});
    socket.write(greeting);
    let buffered = '';
    let inData = false;
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
        const line = buffered.slice(0, end).replace(/\r$/, '');
        buffered = buffered.slice(end + 1);
        if (inData) {
          if (line === '.') {
            inData = false;
            socket.write('250 2.0.0 Ok: queued\r\n');
          }
          continue;
        }
        const answer = reply(line.split(' ')[0].toUpperCase(), line);
        if (answer === 'DATA') {
          inData = true;
          socket.write('354 End data with <CR><LF>.<CR><LF>\r\n');
        } else socket.write(answer);
        if (answer.startsWith('221')) socket.end();
      }
    });
  });
  listen(server, port);
}

lineServer(21, '220 (LabFTPd 1.0)\r\n', (command) => {
  switch (command) {
    case 'USER':
      return '331 Please specify the password.\r\n';
    case 'PASS':
      return '230 Login successful.\r\n';
    case 'PWD':
      return '257 "/" is the current directory\r\n';
    case 'TYPE':
      return '200 Switching to Binary mode.\r\n';
    case 'QUIT':
      return '221 Goodbye.\r\n';
    default:
      return '502 Command not implemented.\r\n';
  }
});

lineServer(25, '220 mail.lab.test ESMTP LabMail\r\n', (command) => {
  switch (command) {
    case 'EHLO':
      return '250-mail.lab.test\r\n250-SIZE 10240000\r\n250 8BITMIME\r\n';
    case 'HELO':
    case 'MAIL':
    case 'RCPT':
    case 'RSET':
      return '250 2.1.0 Ok\r\n';
    case 'DATA':
      return 'DATA';
    case 'QUIT':
      return '221 2.0.0 Bye\r\n';
    default:
      return '502 5.5.2 Error: command not recognized\r\n';
  }
});

// NTP (RFC 5905): answer a client (mode 3) as a stratum 2 server (mode 4).
const ntp = createSocket('udp4');
ntp.on('message', (message, peer) => {
  if (message.length < 48 || (message[0] & 7) !== 3) return;
  const reply = Buffer.alloc(48);
  reply[0] = (0 << 6) | (4 << 3) | 4;
  reply[1] = 2;
  reply[2] = message[2];
  reply[3] = 0xe9;
  reply.write('LAB\0', 12, 'latin1');
  message.copy(reply, 24, 40, 48); // origin timestamp = the client's transmit timestamp
  const seconds = Math.floor(Date.now() / 1000) + 2208988800;
  for (const at of [16, 32, 40]) reply.writeUInt32BE(seconds >>> 0, at);
  ntp.send(reply, peer.port, peer.address);
});
bind(ntp, 123, ip);

// SSDP (UPnP 1.1): answer M-SEARCH for ssdp:all or the root device.
const ssdp = createSocket({ type: 'udp4', reuseAddr: true });
ssdp.on('message', (message, peer) => {
  const text = message.toString('latin1');
  if (!text.startsWith('M-SEARCH * HTTP/1.1')) return;
  const reply =
    'HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\n' +
    `LOCATION: http://${ip}:8080/description.xml\r\nSERVER: Linux/6.1 UPnP/1.1 LabDevice/1.0\r\n` +
    'ST: upnp:rootdevice\r\nUSN: uuid:6c61622d-0000-0000-0000-000000000001::upnp:rootdevice\r\n\r\n';
  ssdp.send(reply, peer.port, peer.address);
});
listening.push(
  new Promise((resolve) =>
    ssdp.bind(1900, '0.0.0.0', () => {
      ssdp.addMembership('239.255.255.250', ip);
      resolve();
    }),
  ),
);

// NetBIOS name service (RFC 1002): answer a query for LABSERVER<20> with our address.
const nbns = createSocket({ type: 'udp4', reuseAddr: true });
nbns.on('message', (message, peer) => {
  if (message.length < 50 || (message[2] & 0xf8) !== 0) return; // a query (opcode 0, not a response)
  const question = message.subarray(12, 12 + 34);
  const reply = Buffer.concat([
    Buffer.from([message[0], message[1], 0x85, 0x00, 0, 0, 0, 1, 0, 0, 0, 0]),
    question,
    Buffer.from([0x00, 0x20, 0x00, 0x01, 0x00, 0x04, 0x93, 0xe0, 0x00, 0x06, 0x00, 0x00]),
    Buffer.from(ip.split('.').map(Number)),
  ]);
  nbns.send(reply, peer.port, peer.address);
});
bind(nbns, 137, '0.0.0.0');

// mDNS (RFC 6762): answer A questions for labserver.local to the group.
const mdns = createSocket({ type: 'udp4', reuseAddr: true });
mdns.on('message', (message) => {
  let query;
  try {
    query = dnsPacket.decode(message);
  } catch {
    return;
  }
  if (query.type !== 'query' || !query.questions?.some((q) => q.name === 'labserver.local')) return;
  const answer = dnsPacket.encode({
    type: 'response',
    id: 0,
    flags: dnsPacket.AUTHORITATIVE_ANSWER,
    answers: [{ name: 'labserver.local', type: 'A', class: 'IN', flush: true, ttl: 120, data: ip }],
  });
  mdns.send(answer, 5353, '224.0.0.251');
});
listening.push(
  new Promise((resolve) =>
    mdns.bind(5353, '0.0.0.0', () => {
      mdns.addMembership('224.0.0.251', ip);
      mdns.setMulticastInterface(ip);
      resolve();
    }),
  ),
);

// LLMNR (RFC 4795): answer A questions for "labserver" straight to the sender.
const llmnr = createSocket({ type: 'udp4', reuseAddr: true });
llmnr.on('message', (message, peer) => {
  let query;
  try {
    query = dnsPacket.decode(message);
  } catch {
    return;
  }
  if (query.type !== 'query' || !query.questions?.some((q) => q.name === 'labserver')) return;
  const answer = dnsPacket.encode({
    type: 'response',
    id: query.id,
    flags: 0,
    questions: query.questions,
    answers: [{ name: 'labserver', type: 'A', class: 'IN', ttl: 30, data: ip }],
  });
  llmnr.send(answer, peer.port, peer.address);
});
listening.push(
  new Promise((resolve) =>
    llmnr.bind(5355, '0.0.0.0', () => {
      llmnr.addMembership('224.0.0.252', ip);
      resolve();
    }),
  ),
);

await Promise.all(listening);
console.log('ready');
