// Traffic for the stats differential test, run inside the lab's first namespace against the
// second: TCP and UDP, a UDP datagram big enough to fragment, a TCP reset from a closed port, and
// UDP to a closed port (ICMP or ICMPv6 errors), to each address given (the peer's IPv4 and IPv6).
import dgram from 'node:dgram';
import net from 'node:net';

const hosts = process.argv.slice(2);
if (hosts.length === 0) throw new Error('usage: statsTraffic.mjs PEER_ADDRESS…');

function tcpRoundTrip(host, port, bytes) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host, () => socket.end(Buffer.alloc(bytes, 0x61)));
    socket.on('data', () => undefined);
    socket.on('close', resolve);
    socket.on('error', reject);
  });
}

function refused(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.on('error', resolve);
    socket.on('connect', () => (socket.destroy(), resolve()));
  });
}

async function udp(type, host, port, sizes) {
  const socket = dgram.createSocket(type);
  for (const size of sizes) await new Promise((resolve) => socket.send(Buffer.alloc(size, 0x62), port, host, resolve));
  await new Promise((resolve) => setTimeout(resolve, 100));
  socket.close();
}

for (const host of hosts) {
  await tcpRoundTrip(host, 7001, 3000);
  await udp(host.includes(':') ? 'udp6' : 'udp4', host, 7002, [20, 4000]);
  await refused(host, 7003);
  await udp(host.includes(':') ? 'udp6' : 'udp4', host, 7004, [10]);
}
