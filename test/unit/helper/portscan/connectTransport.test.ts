// The connect transport with and without worker threads, on loopback only: every probed port's
// state must match the kernel's own socket table (/proc/net/tcp{,6} listeners), and the worker
// must really have answered (its code runs from source text, which a transpiler could break).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ConnectTransport } from '../../../../src/helper/portscan/connectTransport';
import { ProbeScheduler } from '../../../../src/helper/portscan/probeScheduler';

const skip = existsSync('/proc/net/tcp') ? false : 'needs /proc/net/tcp (Linux) to know which ports listen';
// A range below Linux's ephemeral ports, where other tests' listeners rarely are.
const FIRST = 21_000;
const COUNT = 2_500;

/** Ports with a listener that accepts IPv4 connections to 127.0.0.1. */
function listeningPorts(): Set<number> {
  const ports = new Set<number>();
  const accepts = ['0100007F', '00000000', '00000000000000000000000000000000', '0000000000000000FFFF00000100007F'];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== '0A' || !local) continue; // 0A: LISTEN
      const [address, port] = local.split(':');
      if (accepts.includes(address)) ports.add(parseInt(port, 16));
    }
  }
  return ports;
}

async function scan(ports: number[], workers: number) {
  const transport = new ConnectTransport(
    ['127.0.0.1'],
    (index, port, verdict) => scheduler.answer(index, port, verdict),
    {
      workers,
    },
  );
  const scheduler = new ProbeScheduler({ hosts: [{ ports }], transport });
  try {
    // Let the worker start, so it takes its share from the first burst on.
    if (workers > 0) await new Promise((resolve) => setTimeout(resolve, 300));
    const result = await scheduler.run();
    return { verdicts: result.verdicts[0], answered: transport.answered, implementation: transport.implementation };
  } finally {
    transport.close();
  }
}

describe('connect transport on loopback', { skip }, () => {
  const servers: Server[] = [];
  const ports: number[] = [];

  before(async () => {
    for (let i = 0; i < 3; i++) {
      const server = createServer((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
      ports.push((server.address() as { port: number }).port);
    }
    for (let port = FIRST; port < FIRST + COUNT; port++) ports.push(port);
    ports.sort((a, b) => a - b);
  });

  after(() => {
    for (const server of servers) server.close();
  });

  for (const workers of [0, 1]) {
    test(`${workers} worker thread${workers === 1 ? '' : 's'}: states equal the kernel's listeners`, async () => {
      const before = listeningPorts();
      const { verdicts, answered, implementation } = await scan(ports, workers);
      const afterwards = listeningPorts();
      assert.equal(verdicts.size, ports.length, 'every port has a verdict');
      const wrong: string[] = [];
      for (const port of ports) {
        if (before.has(port) !== afterwards.has(port)) continue; // a listener came or went meanwhile
        const expected = before.has(port) ? 'open' : 'closed';
        const state = verdicts.get(port)?.state;
        if (state !== expected) wrong.push(`${port}: ${state}, kernel says ${expected}`);
      }
      assert.deepEqual(wrong, []);
      for (const port of ports.filter((port) => !(port >= FIRST && port < FIRST + COUNT))) {
        assert.equal(verdicts.get(port)?.state, 'open', `our listener on ${port}`);
      }
      if (workers > 0) {
        assert.match(implementation, /1 worker thread/);
        assert.ok(answered.workers > 0, `the worker answered nothing (${answered.here} answered here)`);
      } else {
        assert.equal(answered.workers, 0);
      }
      assert.equal(answered.here + answered.workers, ports.length, 'one answer per port (no retries on loopback)');
    });
  }
});
