// The program the debug e2e test runs under js-debug (and, undebugged, as noise): it resolves
// names against the lab's dnsmasq, makes HTTP requests (one with a path that is markup) and an
// HTTPS one (SNI secure.lab), a refused connect, a connect to a host that drops everything
// (timeout, retransmits), one that the server resets, and starts a child that connects too; then
// it pauses at `debugger` (the main one only), keeps one connection busy for a while, and idles
// with its connections open until killed. Each process appends `role pid` to LANLENS_DEBUGGEE_LOG
// (when set) as it starts, and `role pid idle` once its traffic is done.
//   node debuggee.js main|child|noise      (LANLENS_LAB_DNS, LANLENS_LAB_SILENT in the environment)
'use strict';
const { spawn } = require('node:child_process');
const dns = require('node:dns');
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const net = require('node:net');

const role = process.argv[2] ?? 'main';
const resolver = new dns.promises.Resolver({ timeout: 2000, tries: 2 });
resolver.setServers([process.env.LANLENS_LAB_DNS]);
const silent = process.env.LANLENS_LAB_SILENT;
// Kept-alive connections stay open, so the panel lists them (and their captured lines) for good.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const secureAgent = new https.Agent({ keepAlive: true, maxSockets: 1 });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (text) => console.log(`${role} ${process.pid}: ${text}`);
const note = (text = '') =>
  process.env.LANLENS_DEBUGGEE_LOG &&
  fs.appendFileSync(process.env.LANLENS_DEBUGGEE_LOG, `${role} ${process.pid}${text}\n`);
/** A request path that is markup: the panel's HTTP list must show it as text. */
const HOSTILE_PATH = '/<img/src=x/onerror=alert(1)>';

function get(module, options) {
  return new Promise((resolve) => {
    const request = module.get(options, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    request.on('error', (error) => resolve(error.code));
  });
}

function connectOnce(port, host, timeoutMs = 4000, send) {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.setTimeout(timeoutMs, () => (socket.destroy(), resolve('ETIMEDOUT')));
    socket.on('connect', () => send && socket.write(send));
    socket.on('error', (error) => resolve(error.code));
    socket.on('close', () => resolve('closed'));
  });
}

async function run() {
  // The debugger names the process as it starts: give the socket watch a moment to begin.
  await sleep(role === 'noise' ? 0 : 2000);
  const [api] = await resolver.resolve4('api.lab');
  const [secure] = await resolver.resolve4('secure.lab');
  log(`api.lab ${api}, secure.lab ${secure}`);
  log(`http ${await get(http, { host: api, port: 80, path: '/hello', agent, headers: { Host: 'api.lab' } })}`);
  log(`hostile ${await get(http, { host: api, port: 80, path: HOSTILE_PATH, agent, headers: { Host: 'api.lab' } })}`);
  const tls = {
    host: secure,
    port: 443,
    path: '/',
    servername: 'secure.lab',
    rejectUnauthorized: false,
    ALPNProtocols: ['http/1.1'],
  };
  log(`https ${await get(https, { ...tls, agent: secureAgent })}`);
  if (role === 'child') return;
  // A connect refused (after two lost SYNs), one the server resets, one that times out.
  log(`refused ${await connectOnce(7001, api)}`);
  log(`reset ${await connectOnce(9000, api, 4000, 'GET / HTTP/1.1\r\n\r\n')}`);
  log(`timeout ${await connectOnce(80, silent, 4000)}`);
  if (role === 'main') {
    const child = spawn(process.execPath, [__filename, 'child'], { stdio: 'inherit', env: process.env });
    log(`child ${child.pid}`);
    await sleep(1500);
    debugger; // a pause at a breakpoint: the panel draws a band
  }
  for (let round = 0; round < 10; round++) {
    await get(http, { host: api, port: 80, path: `/tick/${round}`, agent, headers: { Host: 'api.lab' } });
    await sleep(1000);
  }
  log('idle');
}

note();
run().then(() => {
  note(' idle');
  setInterval(() => {}, 60_000);
});
