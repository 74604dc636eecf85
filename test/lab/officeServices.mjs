// The demo office's small servers, one Node process per host, bound to the host's lab address:
// web pages with a title (HTTP, and HTTPS with the host's self-signed certificate), a raw print
// port that takes jobs and says nothing (JetDirect), and an RTSP camera answering OPTIONS.
// Plain JS so it starts fast inside `ip netns exec`.
// Usage: node officeServices.mjs <ip> <spec>... where a spec is http:PORT:TITLE, https:PORT:TITLE
// (with CERT and KEY in the environment), jetdirect:PORT or rtsp:PORT; prints "ready" once all listen.
import { readFileSync } from 'node:fs';
import { createServer as createHttp } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { createServer as createTcp } from 'node:net';

const [ip, ...specs] = process.argv.slice(2);

function page(title) {
  const body = `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`;
  return (request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(body);
  };
}

function server(kind, title) {
  if (kind === 'http') return createHttp(page(title));
  if (kind === 'https') {
    return createHttps({ cert: readFileSync(process.env.CERT), key: readFileSync(process.env.KEY) }, page(title));
  }
  if (kind === 'jetdirect') {
    // A printer's raw port reads the job and answers nothing.
    return createTcp((socket) => {
      socket.on('data', () => {});
      socket.on('error', () => {});
    });
  }
  if (kind === 'rtsp') {
    return createTcp((socket) => {
      socket.on('error', () => {});
      socket.on('data', (data) => {
        const cseq = /CSeq:\s*(\d+)/i.exec(data.toString('latin1'))?.[1] ?? '1';
        socket.write(`RTSP/1.0 200 OK\r\nCSeq: ${cseq}\r\nPublic: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n\r\n`);
      });
    });
  }
  throw new Error(`unknown service ${kind}`);
}

let listening = 0;
for (const spec of specs) {
  const [kind, port, ...title] = spec.split(':');
  server(kind, title.join(':')).listen(Number(port), ip, () => {
    if (++listening === specs.length) process.stdout.write('ready\n');
  });
}
