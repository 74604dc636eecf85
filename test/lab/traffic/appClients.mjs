// UDP clients no Debian tool offers, run inside the client namespace: an NTP request, an SSDP
// M-SEARCH and NOTIFY, a NetBIOS name query and registration, mDNS and LLMNR questions, and a
// datagram of no protocol.
// Each waits briefly for its answer; none fails if nothing comes (the capture is what matters).
// Usage: node appClients.mjs <own ip> <server ip> <broadcast ip>
import { createSocket } from 'node:dgram';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dnsPacket = require('dns-packet');
const [ip, server, broadcast] = process.argv.slice(2);

/** Sends `message` from a fresh socket and resolves after an answer or `waitMs`. */
function exchange(message, port, address, { bindPort = 0, multicast = false, broadcast = false, waitMs = 500 } = {}) {
  return new Promise((resolve) => {
    const socket = createSocket({ type: 'udp4', reuseAddr: true });
    const done = () => {
      clearTimeout(timer);
      socket.close();
      resolve();
    };
    const timer = setTimeout(done, waitMs);
    socket.on('message', done);
    socket.on('error', done);
    socket.bind(bindPort, multicast ? '0.0.0.0' : ip, () => {
      if (multicast) {
        socket.setMulticastInterface(ip);
        socket.setMulticastTTL(255);
      }
      if (broadcast) socket.setBroadcast(true);
      socket.send(message, port, address);
    });
  });
}

/** The first-level encoding of a NetBIOS name (RFC 1001 section 14.1), as DNS-style label bytes. */
function netbiosName(name, suffix) {
  const raw = Buffer.alloc(16, 0x20);
  raw.write(name.toUpperCase(), 'latin1');
  raw[15] = suffix;
  const encoded = Buffer.alloc(34);
  encoded[0] = 32;
  for (let i = 0; i < 16; i++) {
    encoded[1 + 2 * i] = 0x41 + (raw[i] >> 4);
    encoded[2 + 2 * i] = 0x41 + (raw[i] & 15);
  }
  return encoded; // the last byte stays 0: the root label
}

const ntpRequest = Buffer.alloc(48);
ntpRequest[0] = (4 << 3) | 3; // version 4, client
ntpRequest[2] = 6;
ntpRequest.writeUInt32BE((Math.floor(Date.now() / 1000) + 2208988800) >>> 0, 40);
await exchange(ntpRequest, 123, server);

const search =
  'M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\nMX: 1\r\nST: upnp:rootdevice\r\n\r\n';
await exchange(Buffer.from(search, 'latin1'), 1900, '239.255.255.250', { multicast: true });
const notify =
  'NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nCACHE-CONTROL: max-age=1800\r\n' +
  `LOCATION: http://${ip}:49152/rootDesc.xml\r\nNT: urn:schemas-upnp-org:device:MediaRenderer:1\r\n` +
  'NTS: ssdp:alive\r\nSERVER: Linux/6.1 UPnP/1.0 LabTV/2.0\r\nUSN: uuid:6c61622d-0000-0000-0000-000000000002\r\n\r\n';
await exchange(Buffer.from(notify, 'latin1'), 1900, '239.255.255.250', { multicast: true, waitMs: 50 });

const nbQuery = Buffer.concat([
  Buffer.from([0x4e, 0x42, 0x01, 0x10, 0, 1, 0, 0, 0, 0, 0, 0]), // query, broadcast, RD
  netbiosName('LABSERVER', 0x20),
  Buffer.from([0x00, 0x20, 0x00, 0x01]), // NB IN
]);
await exchange(nbQuery, 137, broadcast, { broadcast: true, bindPort: 137 });
const nbRegister = Buffer.concat([
  Buffer.from([0x4e, 0x43, 0x29, 0x10, 0, 1, 0, 0, 0, 0, 0, 1]), // registration, broadcast, RD, 1 additional
  netbiosName('LABCLIENT', 0x00),
  Buffer.from([0x00, 0x20, 0x00, 0x01]),
  Buffer.from([0xc0, 0x0c, 0x00, 0x20, 0x00, 0x01, 0x00, 0x04, 0x93, 0xe0, 0x00, 0x06, 0x00, 0x00]),
  Buffer.from(ip.split('.').map(Number)),
]);
await exchange(nbRegister, 137, broadcast, { broadcast: true, bindPort: 137, waitMs: 50 });

const mdnsQuery = dnsPacket.encode({
  type: 'query',
  id: 0,
  questions: [{ name: 'labserver.local', type: 'A', class: 'IN' }],
});
await exchange(mdnsQuery, 5353, '224.0.0.251', { multicast: true, bindPort: 5353 });

const llmnrQuery = dnsPacket.encode({
  type: 'query',
  id: 0x2a2a,
  flags: 0,
  questions: [{ name: 'labserver', type: 'A', class: 'IN' }],
});
await exchange(llmnrQuery, 5355, '224.0.0.252', { multicast: true });
// A datagram to a port nobody registers: tshark and LAN Lens call its payload `data`.
await exchange(Buffer.from('lab payload without a protocol', 'latin1'), 47999, server, { waitMs: 50 });
console.log('done');
