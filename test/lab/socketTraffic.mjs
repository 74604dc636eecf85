// A program with known traffic for the sockets tests and bench: it echoes nothing itself, but
// talks to an echo server on a lab host. Plain JavaScript, so `nobody` runs it without tsx.
//   node socketTraffic.mjs SERVER_IP PORT REFUSED_PORT SILENT_IP            the parent
//   node socketTraffic.mjs SERVER_IP PORT child                              its child
// The parent sends 123,456 bytes and reads them back, starts a connect to SILENT_IP (which drops
// everything: it retransmits its SYN), starts the child (7,777 bytes), then prints one JSON line
// {"pid","childPid","ports":{"main","child","silent"}}. On the line "close" from stdin it tries
// REFUSED_PORT (refused), closes the main and silent connections, and prints {"closed":true}.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { createInterface } from 'node:readline';

const [server, portText, third, silent] = process.argv.slice(2);
const port = Number(portText);

/** Connects, sends `bytes`, waits for all of them to come back; resolves with the open socket. */
function exchange(bytes) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, server);
    let received = 0;
    socket.on('error', reject);
    socket.on('connect', () => socket.write(Buffer.alloc(bytes, 0x61)));
    socket.on('data', (chunk) => {
      received += chunk.length;
      if (received === bytes) resolve(socket);
    });
  });
}

if (third === 'child') {
  const socket = await exchange(7777);
  console.log(JSON.stringify({ pid: process.pid, port: socket.localPort }));
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
} else {
  const main = await exchange(123456);
  const pending = net.connect(port, silent);
  pending.on('error', () => {});
  const child = spawn(process.execPath, [process.argv[1], server, portText, 'child'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const childLine = await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  const childReport = JSON.parse(childLine);
  await new Promise((resolve) => setTimeout(resolve, 50));
  console.log(
    JSON.stringify({
      pid: process.pid,
      childPid: child.pid,
      ports: { main: main.localPort, child: childReport.port, silent: pending.localPort },
    }),
  );
  createInterface({ input: process.stdin }).on('line', async (line) => {
    if (line !== 'close') return;
    const refused = net.connect(Number(third), server);
    await new Promise((resolve) => refused.on('error', resolve));
    main.destroy();
    pending.destroy();
    console.log(JSON.stringify({ closed: true }));
  });
  process.stdin.on('end', () => {
    child.stdin.end();
    process.exit(0);
  });
}
