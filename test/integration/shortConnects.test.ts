// Connections refused faster than a watch tick (issue 17): a debuggee makes many refused connects
// to lab hosts whose round trip is 0, 5 and 20 ms (test/lab/delayedRefusal.py answers the SYN), while
// an undebugged twin makes the same ones as noise. Two watches of the debuggee's tree run side by
// side on the real kernel (sock_diag with its close events, /proc): one reading once a tick only
// (how it was), one following the tree's descriptors between ticks. Each prints which fraction of
// the refused connects got their process; with the follow most connects that wait a round trip
// of 20 ms must have it, and no connect of the noise may be given to the debuggee.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import type { SocketRow, SocketsTick } from '../../src/shared/model/sockets';
import { procProcessReader } from '../../src/helper/sockets/processTable';
import { openSocketSource } from '../../src/helper/sockets/socketSource';
import { SocketWatch } from '../../src/helper/sockets/socketWatch';
import { runWatchTicks } from '../../src/helper/sockets/watchTicks';
import { runOk } from '../lab/exec';
import type { Lab } from '../lab/lab';
import { createLab, labSkipReason } from '../lab/lab';

const THIRD = 120; // this suite's own 10.213.120.0/24
const DELAYS_MS = [0, 5, 20];
const CONNECTS = 40;
const PORT = 7001; // nothing listens: every connect is refused

// Connects to each host in turn, CONNECTS times, 30-70 ms apart; prints "host port" per refusal
// (the local port as the kernel chose it) and "done" at the end.
const program = `
const net = require('node:net');
const hosts = process.argv.slice(1);
const connect = (host) => new Promise((resolve) => {
  const socket = net.connect(${PORT}, host);
  socket.on('error', (error) => resolve(error.code));
});
(async () => {
  for (let i = 0; i < ${CONNECTS}; i++)
    for (const host of hosts) {
      await connect(host);
      await new Promise((resolve) => setTimeout(resolve, 30 + Math.random() * 40));
    }
  console.log('done');
  setInterval(() => {}, 60000);
})();`;

const dropResets = `table inet f {
  chain out {
    type filter hook output priority 0;
    tcp flags & rst == rst drop
  }
}
`;

const skip = labSkipReason();

describe('connections refused faster than a tick keep their process', { skip, timeout: 180_000 }, () => {
  let lab: Lab;
  const children: ChildProcess[] = [];

  before(async () => {
    lab = await createLab({
      suite: 'shortc',
      bridgeIp: `10.213.${THIRD}.1`,
      hosts: DELAYS_MS.map((_, index) => ({
        ip: `10.213.${THIRD}.${11 + index}`,
        mac: `02:00:00:00:20:${11 + index}`,
      })),
    });
    // This kernel has no netem: a host with a round trip refuses from user space, its own resets dropped.
    for (const [index, delay] of DELAYS_MS.entries()) {
      if (delay === 0) continue;
      const host = lab.hosts[index];
      await runOk('ip', ['netns', 'exec', host.namespace, 'nft', '-f', '-'], { input: dropResets });
      const responder = spawn(
        'ip',
        [
          'netns',
          'exec',
          host.namespace,
          'python3',
          path.join(__dirname, '..', 'lab', 'delayedRefusal.py'),
          'eth0',
          String(PORT),
          String(delay),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      children.push(responder);
      await new Promise((resolve) => createInterface({ input: responder.stdout }).once('line', resolve));
    }
  });

  after(() => {
    for (const child of children) child.kill('SIGKILL');
    lab?.destroy();
  });

  const start = (): { child: ChildProcess; done: Promise<void> } => {
    const child = spawn(process.execPath, ['-e', program, ...lab.hosts.map((host) => host.ip)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const done = new Promise<void>((resolve) => createInterface({ input: child.stdout }).on('line', () => resolve()));
    return { child, done };
  };

  test('the follow gives their process to refused connects a tick reading misses', async () => {
    const noise = start();
    const debuggee = start();
    const pid = debuggee.child.pid!;
    const rows = { tick: new Map<string, SocketRow>(), follow: new Map<string, SocketRow>() };
    const unattributed = { tick: 0, follow: 0 };
    const runs = (['tick', 'follow'] as const).map((kind) => {
      const watch = new SocketWatch(
        { watchId: kind, pids: [pid], tree: true, allProcesses: false },
        openSocketSource(),
        procProcessReader(),
      );
      const fold = (tick: SocketsTick) => {
        for (const row of tick.sockets) rows[kind].set(row.id, row);
        unattributed[kind] += tick.unattributedCloses;
      };
      fold(watch.read());
      const ticks = runWatchTicks(
        watch,
        { intervalMs: 1000, followMs: kind === 'tick' ? 0 : undefined },
        fold,
        (error) => assert.fail(error as Error),
      );
      return { watch, ticks };
    });
    await Promise.all([debuggee.done, noise.done]);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the last tick
    for (const { watch, ticks } of runs) {
      ticks.stop();
      watch.close();
    }
    const fractions = new Map<string, number>();
    for (const kind of ['tick', 'follow'] as const) {
      const all = [...rows[kind].values()];
      assert.ok(
        all.every((row) => row.pid === pid),
        `every row is the debuggee's: ${JSON.stringify(all.filter((row) => row.pid !== pid))}`,
      );
      for (const [index, delay] of DELAYS_MS.entries()) {
        const host = lab.hosts[index].ip;
        const refused = all.filter(
          (row) => row.remoteAddress.replace(/^::ffff:/, '') === host && row.outcome === 'refused',
        ).length;
        assert.ok(refused <= CONNECTS, `${refused} refused rows to ${host}: the noise's are not the debuggee's`);
        fractions.set(`${kind} ${delay}`, refused / CONNECTS);
        console.log(
          `# ${kind === 'tick' ? 'a reading a tick' : 'with the follow'}, round trip ${delay} ms: ${refused} of ${CONNECTS} refused connects with their process (${((100 * refused) / CONNECTS).toFixed(0)} %)`,
        );
      }
      console.log(`# ${kind}: ${unattributed[kind]} closes of the user without a process (debuggee and noise)`);
    }
    console.log(`# follow: ${runs[1].watch.sightings} socket table readings between ticks`);
    // Looks every 10 ms see a 20 ms connect at least once; on a loaded machine timers run late (53-78 %
    // in runs at load 6-10, 0-5 % reading once a tick), so a quarter is the floor.
    assert.ok(fractions.get('follow 20')! >= 0.25, `with a 20 ms round trip: ${fractions.get('follow 20')}`);
    for (const delay of DELAYS_MS)
      assert.ok(fractions.get(`follow ${delay}`)! >= fractions.get(`tick ${delay}`)!, `never worse at ${delay} ms`);
  });
});
