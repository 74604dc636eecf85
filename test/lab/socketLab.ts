// The lab of the sockets tests and bench: an echo server on one lab host (10.213.80.11:7000, with
// 7001 closed: refused) and a host that drops every packet (10.213.80.12: connects time out), and
// the traffic program (socketTraffic.mjs) run as root or as `nobody`.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Unprivileged } from './cli';
import { runSync } from './exec';
import { createLab } from './lab';
import type { Lab } from './lab';

export const ECHO_PORT = 7000;
export const REFUSED_PORT = 7001;

/** What socketTraffic.mjs reports once its connections are up. */
export interface TrafficReport {
  pid: number;
  childPid: number;
  ports: { main: number; child: number; silent: number };
}

/** A running traffic program. */
export interface TrafficProgram {
  report: TrafficReport;
  /** sends "close" and waits until it has closed its connections */
  close(): Promise<void>;
  stop(): void;
}

/** Builds the lab and starts the echo server in it. */
export async function createSocketLab(
  suite = 'sock',
  third = 80,
): Promise<{ lab: Lab; server: string; silent: string }> {
  const lab = await createLab({
    suite,
    bridgeIp: `10.213.${third}.1`,
    hosts: [
      { ip: `10.213.${third}.11`, mac: '02:00:00:00:80:11' },
      { ip: `10.213.${third}.12`, mac: '02:00:00:00:80:12', silent: true },
    ],
  });
  const [server, silent] = lab.hosts;
  const echo = `require('node:net').createServer((s) => { s.on('error', () => {}); s.pipe(s); }).listen(${ECHO_PORT}, '${server.ip}', () => console.log('ready'));`;
  const child = spawn('ip', ['netns', 'exec', server.namespace, process.execPath, '-e', echo], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  const destroy = lab.destroy.bind(lab);
  lab.destroy = () => {
    child.kill('SIGKILL');
    destroy();
  };
  return { lab, server: server.ip, silent: silent.ip };
}

/** Starts socketTraffic.mjs (as `nobody` with `as`) and waits for its report. */
export async function startTraffic(server: string, silent: string, as?: Unprivileged): Promise<TrafficProgram> {
  const script = path.join(__dirname, 'socketTraffic.mjs');
  let child: ChildProcess;
  let dir: string | undefined;
  if (as) {
    dir = mkdtempSync(path.join(tmpdir(), 'lanlens-traffic-'));
    copyFileSync(script, path.join(dir, 'socketTraffic.mjs'));
    runSync('chmod', ['-R', 'a+rX', dir]);
    const args = [
      as.node,
      path.join(dir, 'socketTraffic.mjs'),
      server,
      String(ECHO_PORT),
      String(REFUSED_PORT),
      silent,
    ];
    child = spawn('runuser', ['-u', 'nobody', '--', ...args], { stdio: ['pipe', 'pipe', 'inherit'], cwd: '/' });
  } else {
    const args = [script, server, String(ECHO_PORT), String(REFUSED_PORT), silent];
    child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  }
  const lines = createInterface({ input: child.stdout! });
  const next = () => new Promise<string>((resolve) => lines.once('line', resolve));
  const report = JSON.parse(await next()) as TrafficReport;
  return {
    report,
    async close() {
      const closed = next();
      child.stdin!.write('close\n');
      await closed;
    },
    stop() {
      child.stdin!.end();
      child.kill('SIGTERM');
      // runuser's child: the program itself
      for (const pid of [report.pid, report.childPid]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
