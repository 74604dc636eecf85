// Exercises the capture module (node_modules/cap, the fork in native/cap) in whatever Node runs
// this script, and prints one JSON report; the integration tests run it under several Nodes and in
// mount namespaces with different libpcaps. Plain JavaScript so that any Node runs it without tsx.
//   node capProbe.mjs capture   # libpcap, filters, an open error, UDP to 127.0.0.1 captured on lo
//   node capProbe.mjs missing   # what every call says when no libpcap can be loaded
// Capturing needs CAP_NET_RAW (root in CI). Traffic: a few datagrams to 127.0.0.1 only.
import { createHash } from 'node:crypto';
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const capEntry = require.resolve('cap', { paths: [repoRoot] });
const binary = path.join(path.dirname(capEntry), '..', 'build', 'Release', 'cap.node');
const cap = require(capEntry);
const DATAGRAMS = 5;
const BATCH_HEADER = 16;

/** The error a call throws, as { code, message }, or undefined when it does not throw. */
function thrown(call) {
  try {
    call();
    return undefined;
  } catch (error) {
    return { code: error.code, message: error.message, type: error.constructor.name };
  }
}

/** Sends DATAGRAMS datagrams carrying `marker` to 127.0.0.1:`port`, one every 10 ms. */
async function sendDatagrams(port, marker) {
  const socket = dgram.createSocket('udp4');
  for (let i = 0; i < DATAGRAMS; i++) {
    await new Promise((resolve, reject) =>
      socket.send(`${marker} ${i}`, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  socket.close();
}

/** Opens lo for UDP to `port`, sends the datagrams and reports what the handle delivered. */
async function captureOnLoopback(port, batch, bufferBytes) {
  const handle = new cap.Cap();
  const buffer = Buffer.alloc(bufferBytes);
  const linkType = handle.open('lo', `udp and dst port ${port}`, 1 << 20, buffer, { batch, immediate: true });
  const marker = `lanlens-probe-${batch ? 'batch' : 'single'}`;
  const frames = [];
  let events = 0;
  handle.on('packets', (count, bytes) => {
    events++;
    for (let at = 0, i = 0; i < count && at + BATCH_HEADER <= bytes; i++) {
      const captured = buffer.readUInt32LE(at + 8);
      const seconds = buffer.readUInt32LE(at);
      const start = at + BATCH_HEADER;
      frames.push({
        captured,
        wire: buffer.readUInt32LE(at + 12),
        seconds,
        text: buffer.toString('latin1', start, start + captured),
      });
      at = start + captured;
    }
  });
  handle.on('packet', (length, truncated) => {
    events++;
    frames.push({ captured: length, truncated, text: buffer.toString('latin1', 0, length) });
  });
  let error;
  handle.on('error', (failure) => (error = failure.message));
  await sendDatagrams(port, marker);
  for (let waited = 0; frames.length < DATAGRAMS && waited < 3000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const report = {
    linkType,
    datalink: handle.datalink(),
    stats: handle.stats(),
    events,
    frames: frames.length,
    withMarker: frames.filter((frame) => frame.text.includes(marker)).length,
    truncated: frames.filter((frame) => frame.truncated).length,
    wholeFrames: frames.filter((frame) => frame.wire === undefined || frame.wire === frame.captured).length,
    recentTimestamps: frames.filter(
      (frame) => frame.seconds === undefined || Math.abs(frame.seconds - Date.now() / 1000) < 60,
    ).length,
    error,
    closed: handle.close(),
    closedAgain: handle.close(),
    afterClose: thrown(() => handle.stats()),
    reopen: thrown(() => handle.open('lo', '', 1 << 20, buffer)),
  };
  return report;
}

async function main(mode) {
  const report = {
    node: process.version,
    napi: process.versions.napi,
    binary,
    sha256: createHash('sha256').update(readFileSync(binary)).digest('hex'),
    exports: Object.keys(cap).sort(),
  };
  const libpcap = thrown(() => (report.libpcap = cap.libpcap()));
  if (mode === 'missing') {
    report.libpcapError = libpcap;
    report.openError = thrown(() => new cap.Cap().open('lo', '', 1 << 20, Buffer.alloc(65536)));
    report.filterError = thrown(() => cap.compileFilter('udp'));
    return report;
  }
  report.filter = cap.compileFilter('udp port 53', 1, 65535);
  report.badFilter = thrown(() => cap.compileFilter('udp port nonsense-port-name'));
  report.noDevice = thrown(() => new cap.Cap().open('lanlens-none0', '', 1 << 20, Buffer.alloc(65536)));
  report.badArguments = thrown(() => new cap.Cap().open('lo', '', 1 << 20, 'not a buffer'));
  report.batch = await captureOnLoopback(47001, true, 1 << 20);
  report.single = await captureOnLoopback(47002, false, 65536);
  report.singleTruncated = await captureOnLoopback(47003, false, 40);
  return report;
}

main(process.argv[2] ?? 'capture').then(
  (report) => process.stdout.write(JSON.stringify(report) + '\n'),
  (error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  },
);
