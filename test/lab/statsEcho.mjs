// The peer of statsTraffic.mjs: echoes TCP on 7001 and reads UDP on 7002, on every address.
import dgram from 'node:dgram';
import net from 'node:net';

const server = net.createServer((socket) => socket.pipe(socket));
server.listen(7001, '::');
const udp4 = dgram.createSocket('udp4').bind(7002);
const udp6 = dgram.createSocket({ type: 'udp6', ipv6Only: true }).bind(7002);
for (const socket of [udp4, udp6]) socket.on('message', () => undefined);
server.on('listening', () => process.stdout.write('ready\n'));
