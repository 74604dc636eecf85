// The identification engine against real sockets on loopback: servers that greet late, never
// answer, close at once, flood, or speak TLS (with HTTP/2 preferred), on ports that say nothing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AddressInfo, Server, Socket } from 'node:net';
import { createServer } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createServer as createTlsServer } from 'node:tls';
import type { ServiceTarget } from '../../../../src/helper/identify/services/identifyServices';
import { identifyServices, serviceKey } from '../../../../src/helper/identify/services/identifyServices';
import type { ServiceInfo } from '../../../../src/shared/model/ports';

const fixtures = path.join(__dirname, '..', '..', '..', 'fixtures', 'identify');
const servers: Server[] = [];
const sockets = new Set<Socket>();

async function listen(server: Server): Promise<number> {
  servers.push(server);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const ports: Record<string, number> = {};
const results = new Map<string, ServiceInfo>();
const reported: string[] = [];

before(async () => {
  // Greets only after 150 ms, on a port where nothing greets: found in the answer to the HTTP probe.
  ports.lateSsh = await listen(
    createServer((socket) => setTimeout(() => socket.write('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n'), 150)),
  );
  ports.http = await listen(
    createServer((socket) =>
      socket.once('data', () =>
        socket.end('HTTP/1.0 200 OK\r\nServer: Acme/2.1\r\n\r\n<html><title>Lab \x1b[31mpage</title></html>'),
      ),
    ),
  );
  ports.wrapped = await listen(createServer((socket) => socket.destroy()));
  ports.silent = await listen(createServer(() => undefined));
  ports.flood = await listen(
    createServer((socket) => {
      const junk = Buffer.alloc(64 * 1024, 0x07);
      const pump = () => {
        while (!socket.destroyed && socket.write(junk));
      };
      socket.on('drain', pump);
      pump();
    }),
  );
  // Redis-style: an HTTP GET is read as commands, INFO answers the version.
  ports.resp = await listen(
    createServer((socket) =>
      socket.on('data', (data: Buffer) => {
        if (data.toString('latin1').startsWith('GET '))
          socket.end("-ERR wrong number of arguments for 'get' command\r\n");
        else if (data.includes('INFO')) {
          const info = '# Server\r\nredis_version:7.0.15\r\n';
          socket.end(`$${info.length}\r\n${info}\r\n`);
        }
      }),
    ),
  );
  const tlsOptions = {
    cert: readFileSync(path.join(fixtures, 'selfSigned.pem')),
    key: readFileSync(path.join(fixtures, 'selfSignedKey.pem')),
  };
  const tlsHttp = (socket: Socket) =>
    socket.once('data', () =>
      socket.end('HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nContent-Length: 26\r\n\r\n<title>Printer</title>....'),
    );
  ports.tls = await listen(createTlsServer(tlsOptions, tlsHttp));
  // Prefers HTTP/2: the page is read over a second handshake that offers only HTTP/1.1.
  ports.tlsH2 = await listen(createTlsServer({ ...tlsOptions, ALPNProtocols: ['h2', 'http/1.1'] }, tlsHttp));

  const targets: ServiceTarget[] = Object.values(ports).map((port) => ({ ip: '127.0.0.1', port, protocol: 'tcp' }));
  const found = await identifyServices(targets, {
    timeoutMs: 600,
    onResult: (target) => reported.push(serviceKey(target)),
  });
  for (const [name, port] of Object.entries(ports)) {
    const service = found.get(serviceKey({ ip: '127.0.0.1', port, protocol: 'tcp' }));
    if (service) results.set(name, service);
  }
});

after(() => {
  for (const socket of sockets) socket.destroy();
  for (const server of servers) server.close();
});

describe('identifyServices on loopback', () => {
  it('finds a late greeting in the answer to the next probe', () => {
    const ssh = results.get('lateSsh');
    assert.equal(ssh?.name, 'ssh');
    assert.equal(ssh?.version, '9.2p1 Debian 2+deb12u3');
  });

  it('reads HTTP on an unusual port, escaping the hostile title', () => {
    const http = results.get('http');
    assert.equal(http?.name, 'http');
    assert.equal(http?.method, 'probe');
    assert.equal(http?.product, 'Acme');
    assert.equal(http?.http?.title, 'Lab [31mpage');
    assert.ok(http?.latencyMs !== undefined && http.latencyMs >= 0);
  });

  it("calls a port that closes every connection at once 'tcpwrapped'", () =>
    assert.equal(results.get('wrapped')?.name, 'tcpwrapped'));

  it('falls back to the port table for a port that never answers', () => {
    assert.equal(results.get('silent')?.method, 'port-table');
    assert.ok(results.get('silent')!.confidence < 0.5);
  });

  it('caps what it keeps of a flood and escapes it', () => {
    const flood = results.get('flood');
    assert.ok(flood?.banner, 'the flood is kept as the banner');
    assert.ok(flood.banner.length <= 256);
    assert.match(flood.banner, /^(\\x07)+/);
  });

  it('follows a Redis error to the INFO probe for the version', () => {
    assert.equal(results.get('resp')?.name, 'redis');
    assert.equal(results.get('resp')?.version, '7.0.15');
  });

  it('reads the certificate and the page inside TLS', () => {
    const tls = results.get('tls');
    assert.equal(tls?.name, 'https');
    assert.equal(tls?.method, 'tls');
    assert.equal(tls?.http?.title, 'Printer');
    assert.equal(tls?.tls?.subject, 'CN=printer.lab, O=LAN Lens test');
    assert.equal(tls?.tls?.selfSigned, true);
    assert.ok(tls?.tls?.subjectAltNames.includes('DNS:printer.local'));
  });

  it('reads the page even when the server prefers HTTP/2', () => {
    const h2 = results.get('tlsH2');
    assert.equal(h2?.tls?.alpn, 'h2');
    assert.equal(h2?.name, 'https');
    assert.equal(h2?.product, 'nginx');
    assert.equal(h2?.http?.title, 'Printer');
  });

  it('reports every port once, as it finishes', () => {
    assert.equal(reported.length, Object.keys(ports).length);
    assert.equal(new Set(reported).size, reported.length);
  });

  it('leaves out ports that no longer accept connections', async () => {
    const server = createServer();
    const port = await listen(server);
    server.close();
    const found = await identifyServices([{ ip: '127.0.0.1', port, protocol: 'tcp' }], { timeoutMs: 300 });
    assert.equal(found.size, 0);
  });

  it('stops when aborted', async () => {
    const abort = new AbortController();
    const pending = identifyServices([{ ip: '127.0.0.1', port: ports.silent, protocol: 'tcp' }], {
      timeoutMs: 30_000,
      signal: abort.signal,
    });
    setTimeout(() => abort.abort(), 50);
    const found = await pending;
    assert.equal(found.get(serviceKey({ ip: '127.0.0.1', port: ports.silent, protocol: 'tcp' })), undefined);
  });
});

describe('host names from the network', () => {
  it('only a plain DNS name reaches the Host header', async () => {
    const requests: string[] = [];
    const server = createServer((socket) =>
      socket.once('data', (data: Buffer) => {
        requests.push(data.toString('latin1'));
        socket.end('HTTP/1.0 200 OK\r\n\r\n');
      }),
    );
    const port = await listen(server);
    for (const hostName of ['printer.lab', 'evil\r\nX-Injected: 1', '../../etc']) {
      await identifyServices([{ ip: '127.0.0.1', port, protocol: 'tcp', hostName }], { timeoutMs: 500 });
    }
    const hosts = requests.map((request) => /\r\nHost: ([^\r\n]*)/.exec(request)?.[1]);
    assert.deepEqual(hosts, ['printer.lab', '127.0.0.1', '127.0.0.1']);
    assert.ok(requests.every((request) => !request.includes('X-Injected')));
  });
});
