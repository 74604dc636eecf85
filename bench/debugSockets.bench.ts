// What following a debuggee's sockets costs and how soon a connection shows (issue 17): a child
// Node process (the debuggee) holds 1,000 open TCP connections on loopback; a watch of its tree
// reads the kernel's socket table (sock_diag with tcp_info, and the /proc/net fallback) once per
// tick, with `ss -tinp` (which reads the same table and every process's descriptors) timed beside
// it, and the capture attribution of those 1,000 sockets against a 10,000-flow capture. Then
// `lanlens sockets --watch` runs at one tick a second while the debuggee opens a connection at
// random moments: the time from each connect to the first tick that lists it (target: within one
// tick; the descriptor follow sends a tick as soon as it sees the new socket). Loopback only. The figures go to test-results/bench-debugSockets.json for the README.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { attributeCapture } from '../src/extension/debug/captureAttribution';
import type { SocketsTick } from '../src/shared/model/sockets';
import { procProcessReader } from '../src/helper/sockets/processTable';
import { openSocketSource } from '../src/helper/sockets/socketSource';
import { SocketWatch } from '../src/helper/sockets/socketWatch';
import { run } from '../test/lab/exec';
import { flow, snapshot } from '../test/unit/shared/trafficFixtures';
import { median } from './median';

const SOCKETS = 1000;
const RUNS = 21;
const CONNECTS = 30;
const TICK_MS = 1000;
const repoRoot = path.resolve(__dirname, '..');

/** What the run measured, for test-results/bench-debugSockets.json. */
const figures: Record<string, unknown> = { sockets: SOCKETS, runs: RUNS, tickMs: TICK_MS };

// The debuggee: opens SOCKETS connections to PORT, says "ready", then opens one more on each line
// it reads and prints its local port.
const debuggee = `
const net = require('node:net');
const port = Number(process.argv[1]);
const open = [];
let connected = 0;
for (let i = 0; i < ${SOCKETS}; i++) {
  const socket = net.connect(port, '127.0.0.1', () => ++connected === ${SOCKETS} && console.log('ready'));
  open.push(socket);
}
require('node:readline').createInterface({ input: process.stdin }).on('line', () => {
  const socket = net.connect(port, '127.0.0.1', () => console.log('port ' + socket.localPort + ' ' + Date.now()));
  open.push(socket);
});`;

function timed(work: () => void): number {
  const runs: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const started = performance.now();
    work();
    if (i > 0) runs.push(performance.now() - started);
  }
  return median(runs);
}

async function main(): Promise<void> {
  const accepted: net.Socket[] = [];
  const server = net.createServer((socket) => accepted.push(socket));
  server.maxConnections = SOCKETS * 2;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const child: ChildProcess = spawn(process.execPath, ['-e', debuggee, String(port)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve) => lines.once('line', () => resolve()));
  try {
    perTick(child.pid!);
    await ssBeside(child.pid!);
    captureAttribution(child.pid!);
    await connectToRow(child, lines);
    const out = path.join(repoRoot, 'test-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'bench-debugSockets.json'), JSON.stringify(figures, null, 2) + '\n');
  } finally {
    child.kill('SIGKILL');
    for (const socket of accepted) socket.destroy();
    server.close();
  }
}

function perTick(pid: number): void {
  for (const kind of ['sock_diag', 'proc'] as const) {
    const watch = new SocketWatch(
      { watchId: 'bench', pids: [pid], tree: true, allProcesses: false },
      openSocketSource(kind),
      procProcessReader(),
    );
    const first = watch.read();
    const ms = timed(() => watch.read());
    // A look of the descriptor follow between ticks when nothing is new: what it costs to run.
    const followMs = timed(() => watch.follow());
    const rows = first.sockets.length;
    figures[`tick_${kind}`] = { medianMs: ms, rows, followLookMs: followMs };
    console.log(
      `watch tick (${kind}), ${rows} sockets in the tree: ${ms.toFixed(2)} ms (median of ${RUNS}; descriptor scans ${watch.descriptorScans}); a follow look between ticks ${followMs.toFixed(2)} ms`,
    );
    watch.close();
  }
}

async function ssBeside(pid: number): Promise<void> {
  const runs: number[] = [];
  for (let i = 0; i <= 7; i++) {
    const result = await run('ss', ['-tinpH', '-a']);
    if (i > 0) runs.push(result.ms);
    if (i === 0)
      console.log(
        `ss -tinp lists ${result.stdout.split('\n').filter((line) => line.includes(`pid=${pid},`)).length} of the debuggee's sockets`,
      );
  }
  figures.ss = { medianMs: median(runs) };
  console.log(`ss -tinp (whole table with owners, a process of its own): ${median(runs).toFixed(2)} ms (median of 7)`);
}

function captureAttribution(pid: number): void {
  const watch = new SocketWatch(
    { watchId: 'bench', pids: [pid], tree: true, allProcesses: false },
    openSocketSource(),
    procProcessReader(),
  );
  const rows = watch.read().sockets;
  watch.close();
  const flows = [];
  for (let i = 0; i < 10_000; i++) {
    const row = rows[i % rows.length];
    flows.push(
      i < rows.length
        ? {
            ...flow(`f${i}`, 1),
            aAddr: row.localAddress,
            aPort: row.localPort,
            bAddr: row.remoteAddress,
            bPort: row.remotePort,
            app: 'http',
          }
        : { ...flow(`f${i}`, 1), aAddr: '10.9.0.1', aPort: 1024 + (i % 60000), bAddr: '10.9.0.2', bPort: 80 },
    );
  }
  const capture = snapshot('bench', { flows });
  let matched = 0;
  const ms = timed(() => (matched = attributeCapture(rows, capture).flows.length));
  figures.attribution = { medianMs: ms, sockets: rows.length, flows: 10_000, matched };
  console.log(
    `capture attribution, ${rows.length} sockets against 10,000 flows (${matched} theirs): ${ms.toFixed(2)} ms (median of ${RUNS})`,
  );
}

async function connectToRow(child: ChildProcess, lines: ReturnType<typeof createInterface>): Promise<void> {
  const cli = spawn(
    process.execPath,
    [
      path.join(repoRoot, 'bin', 'lanlens.js'),
      'sockets',
      '--pid',
      String(child.pid),
      '--tree',
      '--watch',
      '--json',
      '--interval',
      String(TICK_MS),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const seen = new Map<number, number>();
  createInterface({ input: cli.stdout }).on('line', (line) => {
    const tick = JSON.parse(line) as SocketsTick;
    for (const row of tick.sockets) if (!seen.has(row.localPort)) seen.set(row.localPort, Date.now());
  });
  await new Promise((resolve) => setTimeout(resolve, 2500));
  const delays: number[] = [];
  for (let i = 0; i < CONNECTS; i++) {
    await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * TICK_MS));
    const answer = new Promise<string>((resolve) => lines.once('line', resolve));
    child.stdin!.write('connect\n');
    const [, localPort, at] = (await answer).split(' ');
    const port = Number(localPort);
    const deadline = Date.now() + 3 * TICK_MS;
    while (!seen.has(port) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    delays.push((seen.get(port) ?? Number.NaN) - Number(at));
  }
  cli.kill('SIGINT');
  const sorted = [...delays].sort((a, b) => a - b);
  figures.connectToRow = { medianMs: median(delays), worstMs: sorted[sorted.length - 1], connects: CONNECTS };
  console.log(
    `connect → its row in a tick (tick ${TICK_MS} ms, ${CONNECTS} connects): median ${median(delays).toFixed(0)} ms, worst ${sorted[sorted.length - 1]?.toFixed(0)} ms (target: within one tick)`,
  );
}

void main();
