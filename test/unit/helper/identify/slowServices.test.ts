// Issue 18, item 9: a service that drips one byte at a time, or a host with many such ports, cannot
// hold service identification for long: every port, every host and the whole run have deadlines.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { identifyServices } from '../../../../src/helper/identify/services/identifyServices';
import type { IdentifyCounters } from '../../../../src/helper/identify/services/identifyServices';

/** A TCP service on loopback that sends a byte every `everyMs` for as long as the client stays. */
function dripServer(everyMs: number): Promise<{ server: Server; port: number }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    const timer = setInterval(() => socket.write('x'), everyMs);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      sockets.delete(socket);
    });
  });
  server.on('close', () => sockets.forEach((socket) => socket.destroy()));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port })),
  );
}

describe('service identification against slow services', () => {
  const servers: Server[] = [];
  const ports: number[] = [];

  before(async () => {
    for (let i = 0; i < 3; i++) {
      const { server, port } = await dripServer(20);
      servers.push(server);
      ports.push(port);
    }
  });

  after(() => servers.forEach((server) => server.close()));

  it(
    'a port that drips a byte every 20 ms ends within its deadline (it held identification for ~11 minutes)',
    { timeout: 20_000 },
    async () => {
      const counters: IdentifyCounters = { probes: 0 };
      const started = performance.now();
      await identifyServices([{ ip: '127.0.0.1', port: ports[0], protocol: 'tcp' }], { timeoutMs: 100, counters });
      // The deadline is 15 answer waits (1.5 s here): far from the minutes a drip could take.
      assert.ok(performance.now() - started < 15_000);
      assert.ok(counters.probes >= 1);
    },
  );

  it("a host's deadline skips its remaining ports and counts them", { timeout: 20_000 }, async () => {
    const counters: IdentifyCounters = { probes: 0 };
    const targets = ports.map((port) => ({ ip: '127.0.0.1', port, protocol: 'tcp' as const }));
    await identifyServices(targets, { timeoutMs: 100, counters, perHost: 1, hostDeadlineMs: 300 });
    assert.ok((counters.cutShort ?? 0) >= 2, `cut short: ${counters.cutShort}`);
  });

  it('the whole run has a deadline too', { timeout: 20_000 }, async () => {
    const counters: IdentifyCounters = { probes: 0 };
    const targets = ports.map((port) => ({ ip: '127.0.0.1', port, protocol: 'tcp' as const }));
    await identifyServices(targets, { timeoutMs: 100, counters, concurrency: 1, deadlineMs: 200 });
    assert.equal(counters.cutShort, 3);
  });
});
