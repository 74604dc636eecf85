// `lanlens sockets` beside `ss -tinpe`, the kernel's own report: a program on a lab talks to an echo
// server (and its child too), keeps a connect to a host that drops everything, and later is refused
// and closes. The bytes each way, RTT, retransmits, states, owners and cookies must be ss's, as root
// and as `nobody` (the unprivileged path: sock_diag needs no privilege for the user's own
// processes); the /proc/net fallback must find the same sockets; a watch must close the rows with
// the kernel's final counters and say how each connect ended.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import type { SocketRow, SocketsTick } from '../../src/shared/model/sockets';
import { cliPath, lanlens, lanlensAsNobody, prepareUnprivileged } from '../lab/cli';
import type { Unprivileged } from '../lab/cli';
import type { Lab } from '../lab/lab';
import { labSkipReason } from '../lab/lab';
import { createSocketLab, ECHO_PORT, startTraffic } from '../lab/socketLab';
import type { TrafficProgram, TrafficReport } from '../lab/socketLab';
import { ssSockets } from '../lab/ssOracle';
import type { SsSocket } from '../lab/ssOracle';

const skip = labSkipReason();

function rowOn(tick: SocketsTick, port: number): SocketRow {
  const row = tick.sockets.find((candidate) => candidate.localPort === port && candidate.protocol === 'tcp');
  assert.ok(row, `a row for local port ${port}: ${JSON.stringify(tick.sockets)}`);
  return row;
}

function ssOn(sockets: SsSocket[], port: number): SsSocket {
  const socket = sockets.find((candidate) => candidate.localPort === port);
  assert.ok(socket, `ss shows local port ${port}`);
  return socket;
}

/** Every connection of the program beside ss's row: owner, cookie, state and tcp_info's figures. */
function assertLikeSs(tick: SocketsTick, ss: SsSocket[], report: TrafficReport, say: (text: string) => void): void {
  const expected = [
    [report.ports.main, report.pid],
    [report.ports.child, report.childPid],
  ] as const;
  for (const [port, pid] of expected) {
    const row = rowOn(tick, port);
    const oracle = ssOn(ss, port);
    const where = `port ${port}: ${JSON.stringify(row)} vs ss ${JSON.stringify(oracle)}`;
    say(
      `pid ${pid} port ${port}: lanlens ${row.bytesAcked}/${row.bytesReceived} B rtt ${row.rttMs} ms retrans ${row.retransmits}; ss ${oracle.bytesAcked}/${oracle.bytesReceived} B rtt ${oracle.rttMs} ms retrans ${oracle.retransTotal}`,
    );
    assert.equal(row.pid, pid, where);
    assert.equal(oracle.pid, pid, where);
    assert.equal(row.id, oracle.cookie, where);
    assert.equal(row.state, 'ESTAB', where);
    assert.equal(row.remotePort, ECHO_PORT, where);
    assert.equal(row.bytesAcked, oracle.bytesAcked, where);
    assert.equal(row.bytesReceived, oracle.bytesReceived, where);
    assert.ok(Math.abs((row.rttMs ?? NaN) - (oracle.rttMs ?? NaN)) < 0.001, where);
    assert.equal(row.retransmits, oracle.retransTotal, where);
  }
  const silent = rowOn(tick, report.ports.silent);
  const oracle = ssOn(ss, report.ports.silent);
  assert.equal(silent.state, 'SYN-SENT');
  assert.equal(oracle.state, 'SYN-SENT');
  // The SYN timer may fire between the two readings.
  say(
    `silent connect: lanlens ${silent.state} retrans ${silent.retransmits}; ss ${oracle.state} retrans ${oracle.retransTotal}`,
  );
  assert.ok(
    Math.abs((silent.retransmits ?? 0) - oracle.retransTotal) <= 1,
    `${JSON.stringify(silent)} vs ${oracle.retransTotal}`,
  );
  const pids = tick.processes.filter((entry) => entry.exitedAt === undefined).map((entry) => entry.pid);
  assert.deepEqual(new Set(pids), new Set([report.pid, report.childPid]));
}

/** Waits until the kernel has retransmitted the SYN on `port` (after about a second). */
async function retransmitted(port: number): Promise<void> {
  for (let tries = 0; tries < 40; tries++) {
    if (ssOn(await ssSockets(), port).retransTotal >= 1) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`the SYN on port ${port} was not retransmitted`);
}

function parseTick(stdout: string): SocketsTick {
  return JSON.parse(stdout) as SocketsTick;
}

describe('lanlens sockets beside ss -tinpe', { skip }, () => {
  let lab: Lab;
  let server: string;
  let silent: string;
  let nobody: Unprivileged;
  const programs: TrafficProgram[] = [];

  before(async () => {
    ({ lab, server, silent } = await createSocketLab());
    nobody = prepareUnprivileged();
  });
  after(() => {
    for (const program of programs) program.stop();
    nobody?.dispose();
    lab?.destroy();
  });

  test('as root: bytes, RTT, retransmits, states, owners and cookies of the tree are the kernel’s', async (t) => {
    const program = await startTraffic(server, silent);
    programs.push(program);
    await retransmitted(program.report.ports.silent);
    const result = await lanlens(['sockets', '--pid', String(program.report.pid), '--tree', '--json']);
    const ss = await ssSockets();
    assert.equal(result.code, 0, result.stderr);
    const tick = parseTick(result.stdout);
    assert.equal(tick.source, 'sock_diag');
    assertLikeSs(tick, ss, program.report, (text) => t.diagnostic(text));
    // Without --tree, only the parent's own sockets.
    const alone = parseTick((await lanlens(['sockets', '--pid', String(program.report.pid), '--json'])).stdout);
    assert.equal(alone.sockets.filter((row) => row.localPort === program.report.ports.child).length, 0);
  });

  test('as nobody, for nobody’s own processes: the same, without any privilege', async (t) => {
    const program = await startTraffic(server, silent, nobody);
    programs.push(program);
    const result = await lanlensAsNobody(nobody, ['sockets', '--pid', String(program.report.pid), '--tree', '--json']);
    const ss = await ssSockets();
    assert.equal(result.code, 0, result.stderr);
    assertLikeSs(parseTick(result.stdout), ss, program.report, (text) => t.diagnostic(text));
  });

  test('the /proc/net fallback finds the same sockets, owners and states, without bytes', async () => {
    const program = programs[0];
    const result = await lanlens([
      'sockets',
      '--pid',
      String(program.report.pid),
      '--tree',
      '--json',
      '--source',
      'proc',
    ]);
    const tick = parseTick(result.stdout);
    assert.equal(tick.source, 'proc');
    const ss = await ssSockets();
    for (const port of Object.values(program.report.ports)) {
      const row = rowOn(tick, port);
      const oracle = ssOn(ss, port);
      assert.equal(row.pid, oracle.pid);
      assert.equal(row.state, oracle.state);
      assert.equal(row.id, `inode:${oracle.inode}`);
      assert.equal(row.bytesAcked, undefined);
    }
  });

  test('a watch closes rows with the final counters and tells a timeout; a refusal is at least counted', async (t) => {
    const program = await startTraffic(server, silent);
    programs.push(program);
    const before = ssOn(await ssSockets(), program.report.ports.main);
    const args = [
      'sockets',
      '--pid',
      String(program.report.pid),
      '--tree',
      '--watch',
      '--json',
      '--interval',
      '200',
      '--count',
      '10',
    ];
    const watch = spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const ticks: SocketsTick[] = [];
    const lines = createInterface({ input: watch.stdout });
    let closing: Promise<void> | undefined;
    lines.on('line', (line) => {
      ticks.push(parseTick(line));
      if (ticks.length === 2) closing = program.close();
    });
    await new Promise((resolve) => watch.on('close', resolve));
    await closing;
    const rows = new Map<string, SocketRow>();
    for (const tick of ticks) for (const row of tick.sockets) rows.set(row.id, row);
    const main = [...rows.values()].find((row) => row.localPort === program.report.ports.main)!;
    assert.equal(main.outcome, 'closed', JSON.stringify(main));
    // The FIN each way counts one byte in tcp_info.
    assert.ok(main.bytesAcked! >= before.bytesAcked && main.bytesAcked! <= before.bytesAcked + 1, JSON.stringify(main));
    assert.ok(main.bytesReceived! >= before.bytesReceived && main.bytesReceived! <= before.bytesReceived + 1);
    const timedOut = [...rows.values()].find((row) => row.localPort === program.report.ports.silent)!;
    assert.equal(timedOut.outcome, 'timeout', JSON.stringify(timedOut));
    const refused = [...rows.values()].some((row) => row.outcome === 'refused');
    const unattributed = ticks.reduce((sum, tick) => sum + tick.unattributedCloses, 0);
    t.diagnostic(`refused connect: ${refused ? 'a row' : `${unattributed} unattributed close(s)`}`);
    assert.ok(refused || unattributed >= 1, 'the refused connect is a row or an unattributed close');
    const child = [...rows.values()].find((row) => row.localPort === program.report.ports.child)!;
    assert.equal(child.closedAt, undefined, 'the child’s connection stays open');
  });
});
