// The probe scheduler's bookkeeping with a scripted host in front of it (the real transports are
// tested against nmap on a namespace lab): answers, silence after the last try, a lost first try
// answered on retry, a late answer replacing silence, and every timed-out try abandoned.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ProbeScheduler } from '../../../../src/helper/portscan/probeScheduler';
import type { ProbeTransport, Verdict } from '../../../../src/helper/portscan/probeTransport';

const OPEN: Verdict = { state: 'open', reason: 'syn-ack' };
const CLOSED: Verdict = { state: 'closed', reason: 'reset' };

type Script = (port: number, tryNumber: number) => { verdict: Verdict; afterMs: number } | undefined;

/** One host that answers each try as the script says (undefined: never). */
class ScriptedHost implements ProbeTransport {
  readonly maxInFlight = 64;
  readonly initialWindow = 4;
  readonly maxWindow = 64;
  readonly burst = 16;
  readonly minTries = 2;
  readonly silence: Verdict = { state: 'filtered', reason: 'no-response' };
  readonly rto = { minMs: 20, maxMs: 200, initialMs: 50 };
  /** tries sent, per port */
  readonly tries = new Map<number, number[]>();
  /** ports whose try in flight was abandoned, in order */
  readonly abandoned: number[] = [];
  scheduler: ProbeScheduler | undefined;

  constructor(private readonly script: Script) {}

  send(hostIndex: number, port: number, tryNumber: number): boolean {
    this.tries.set(port, [...(this.tries.get(port) ?? []), tryNumber]);
    const reply = this.script(port, tryNumber);
    if (reply) setTimeout(() => this.scheduler?.answer(hostIndex, port, reply.verdict, tryNumber), reply.afterMs);
    return true;
  }

  abandon(_hostIndex: number, port: number): void {
    this.abandoned.push(port);
  }
}

function count(values: number[], value: number): number {
  return values.filter((entry) => entry === value).length;
}

describe('probe scheduler', () => {
  test('answered ports, and silence after exactly two tries', async () => {
    const ports = Array.from({ length: 300 }, (_, i) => i + 1);
    const host = new ScriptedHost((port) => {
      if (port === 22 || port === 80) return { verdict: OPEN, afterMs: 0 };
      if (port >= 100 && port < 110) return undefined;
      return { verdict: CLOSED, afterMs: 0 };
    });
    const reported: number[] = [];
    const scheduler = new ProbeScheduler({
      hosts: [{ ports, seedRttMs: 1 }],
      transport: host,
      onVerdict: (_index, port) => reported.push(port),
    });
    host.scheduler = scheduler;
    const result = await scheduler.run();
    const verdicts = result.verdicts[0];
    assert.equal(verdicts.size, ports.length);
    assert.deepEqual(
      [...reported].sort((a, b) => a - b),
      ports,
      'each port reported once',
    );
    assert.deepEqual(
      ports.filter((port) => verdicts.get(port)?.state === 'open'),
      [22, 80],
    );
    for (let port = 100; port < 110; port++) {
      assert.equal(verdicts.get(port)?.state, 'filtered', `port ${port}`);
      assert.deepEqual(host.tries.get(port), [0, 1], `port ${port}`);
      assert.equal(count(host.abandoned, port), 2, `port ${port}: both tries abandoned`);
    }
    assert.equal(host.abandoned.length, 20, 'only timed-out tries are abandoned');
    assert.equal(result.sent, ports.length + 10);
    assert.ok(verdicts.get(1)!.rttMs! >= 0, 'an answered port has its round trip');
    assert.deepEqual(result.answered, [true]);
  });

  test('a lost first try answered on retry allows more tries to the whole host', async () => {
    const ports = Array.from({ length: 40 }, (_, i) => i + 1);
    const host = new ScriptedHost((port, tryNumber) => {
      if (port === 1) return tryNumber === 0 ? undefined : { verdict: CLOSED, afterMs: 0 };
      if (port === 40) return undefined;
      return { verdict: CLOSED, afterMs: 0 };
    });
    // Port 40 goes last: by then port 1's answered retransmission has raised the host's tries to 3.
    const scheduler = new ProbeScheduler({ hosts: [{ ports, seedRttMs: 1 }], transport: host });
    host.scheduler = scheduler;
    const result = await scheduler.run();
    assert.equal(result.verdicts[0].get(1)?.state, 'closed');
    assert.deepEqual(host.tries.get(1), [0, 1]);
    assert.equal(count(host.abandoned, 1), 1);
    assert.equal(result.verdicts[0].get(40)?.state, 'filtered');
    assert.deepEqual(host.tries.get(40), [0, 1, 2]);
  });

  test('a late answer replaces silence', async () => {
    const ports = [1, 2, 3, 4, 5, 6, 7, 8];
    // Port 1 goes first; both its tries time out (20 ms each), then the first one's answer comes.
    // A rate of 20 probes a second keeps the scan going well past that (8 probes ≈ 400 ms).
    const host = new ScriptedHost((port, tryNumber) =>
      port === 1 ? (tryNumber === 0 ? { verdict: CLOSED, afterMs: 150 } : undefined) : { verdict: CLOSED, afterMs: 0 },
    );
    const states: string[] = [];
    const scheduler = new ProbeScheduler({
      hosts: [{ ports, seedRttMs: 1 }],
      transport: host,
      maxRate: 20,
      onVerdict: (_index, port, verdict) => {
        if (port === 1) states.push(verdict.state);
      },
    });
    host.scheduler = scheduler;
    const result = await scheduler.run();
    assert.deepEqual(states, ['filtered', 'closed']);
    assert.equal(result.verdicts[0].get(1)?.state, 'closed');
    assert.deepEqual(host.tries.get(1), [0, 1]);
  });
});
