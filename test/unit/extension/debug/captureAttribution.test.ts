import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attributeCapture, sessionConversations } from '../../../../src/extension/debug/captureAttribution';
import { socketRow, T0 } from '../../../fixtures/socketFixtures';
import { flow, packet, snapshot } from '../../shared/trafficFixtures';

describe('captured traffic attributed to the program’s sockets', () => {
  const rows = [
    socketRow('http', 100, { localPort: 40100, remoteAddress: '10.213.81.11', remotePort: 80 }),
    socketRow('tls', 101, {
      localAddress: '::ffff:10.213.81.1',
      localPort: 40101,
      remoteAddress: '::ffff:10.213.81.11',
      remotePort: 443,
    }),
    socketRow('reset', 100, { localPort: 40102, remotePort: 9000, closedAt: T0, outcome: 'closed' }),
  ];
  const flows = [
    // the capture saw the HTTP flow from the server's side first: B to A
    {
      ...flow('f1', T0),
      aAddr: '10.213.81.11',
      aPort: 80,
      bAddr: '10.213.81.1',
      bPort: 40100,
      app: 'http',
      serverName: 'api.lab',
    },
    {
      ...flow('f2', T0),
      aAddr: '10.213.81.1',
      aPort: 40101,
      bAddr: '10.213.81.11',
      bPort: 443,
      app: 'tls',
      serverName: 'secure.lab',
    },
    {
      ...flow('f3', T0),
      aAddr: '10.213.81.1',
      aPort: 40102,
      bAddr: '10.213.81.11',
      bPort: 9000,
      tcpState: 'reset' as const,
    },
    // the noise: another process's flow to the same server
    { ...flow('f4', T0), aAddr: '10.213.81.1', aPort: 50000, bAddr: '10.213.81.11', bPort: 80, app: 'http' },
  ];
  const recent = [
    { ...packet(1, T0 + 1), protocol: 'HTTP', info: 'GET /hello HTTP/1.1', flowId: 'f1' },
    { ...packet(2, T0 + 2), protocol: 'HTTP', info: 'HTTP/1.1 200 OK  (text/plain)', flowId: 'f1' },
    { ...packet(3, T0 + 3), protocol: 'HTTP', info: 'Continuation', flowId: 'f1' },
    { ...packet(4, T0 + 4), protocol: 'TLSv1.3', info: 'Client Hello (SNI=secure.lab)', flowId: 'f2' },
    { ...packet(5, T0 + 5), protocol: 'HTTP', info: 'GET /noise HTTP/1.1', flowId: 'f4' },
  ];
  const dnsNames = [
    { addr: '10.213.81.11', name: 'api.lab', source: 'dns' as const, lastSeen: T0 },
    { addr: '10.213.81.99', name: 'elsewhere.lab', source: 'dns' as const, lastSeen: T0 },
  ];
  const captured = attributeCapture(rows, snapshot('c', { flows, recent, dnsNames }));

  it('matches flows to sockets either way round, dual-stack addresses included, and leaves the noise out', () => {
    assert.deepEqual(
      captured.flows.map((entry) => [entry.id, entry.app, entry.serverName, entry.reset]),
      [
        ['http', 'http', 'api.lab', false],
        ['tls', 'tls', 'secure.lab', false],
        ['reset', undefined, undefined, true],
      ],
    );
  });

  it('lists the HTTP lines, the TLS server names and the DNS names of its connections only', () => {
    assert.deepEqual(
      captured.http.map((line) => [line.pid, line.line, line.remote]),
      [
        [100, 'GET /hello HTTP/1.1', '10.213.81.11:80'],
        [100, 'HTTP/1.1 200 OK  (text/plain)', '10.213.81.11:80'],
      ],
    );
    assert.deepEqual(
      captured.tls.map((line) => [line.pid, line.serverName]),
      [[101, 'secure.lab']],
    );
    assert.deepEqual(captured.names, [{ name: 'api.lab', address: '10.213.81.11' }]);
  });
});

describe('the session’s conversations, for its pcap', () => {
  it('are its connected sockets, open and closed, as the wire names them, each once', () => {
    const rows = [
      socketRow('http', 100, { localPort: 40100 }),
      socketRow('tls', 101, {
        localAddress: '::ffff:10.213.81.1',
        localPort: 40101,
        remoteAddress: '::ffff:10.213.81.11',
        remotePort: 443,
      }),
      socketRow('dns', 100, { protocol: 'udp', localPort: 53000, remotePort: 53, closedAt: T0, outcome: 'closed' }),
      // a listening socket and an unconnected UDP socket have no conversation
      socketRow('listen', 100, { state: 'LISTEN', localPort: 8080, remoteAddress: '0.0.0.0', remotePort: 0 }),
      socketRow('unconn', 100, { protocol: 'udp', state: 'UNCONN', remoteAddress: '0.0.0.0', remotePort: 0 }),
      // the same 5-tuple seen again (a reused port): one conversation
      socketRow('http-again', 100, { localPort: 40100 }),
    ];
    assert.deepEqual(sessionConversations(rows), [
      { transport: 'tcp', a: '10.213.81.1', aPort: 40100, b: '10.213.81.11', bPort: 80 },
      { transport: 'tcp', a: '10.213.81.1', aPort: 40101, b: '10.213.81.11', bPort: 443 },
      { transport: 'udp', a: '10.213.81.1', aPort: 53000, b: '10.213.81.11', bPort: 53 },
    ]);
  });
});
