// The lab of the debug e2e test and bench: one host serves DNS for api.lab and secure.lab
// (dnsmasq), HTTP on 80, HTTPS on 443 (a throw-away certificate for secure.lab), resets every
// connection on 9000 1.5 s after its first data, and has 7001 closed behind a lossy path (its
// firewall drops the first two SYNs of each connect, so the refusal comes after about two seconds);
// another host drops every packet. The delays are a far host's: a connect refused or reset within
// a millisecond opens and closes between two readings of the socket table, and its process cannot
// be known then (the panel counts it apart: see docs/features.md).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { selfSignedCertificate } from './certificate';
import type { Background } from './background';
import { startBackground } from './background';
import type { Lab } from './lab';
import { runOk } from './exec';
import { createLab } from './lab';

/** The debuggee's lab. */
export interface DebugLab {
  lab: Lab;
  server: string;
  silent: string;
  /** the environment the debuggee needs */
  env: Record<string, string>;
  destroy(): Promise<void>;
}

const servers = `
const fs = require('node:fs'), http = require('node:http'), https = require('node:https'), net = require('node:net');
const [ip, dir] = process.argv.slice(1);
const page = (req, res) => res.end('lan lens debug lab ' + req.url + '\\n');
const plain = http.createServer(page);
plain.keepAliveTimeout = 0;
const secure = https.createServer({ key: fs.readFileSync(dir + '/key.pem'), cert: fs.readFileSync(dir + '/cert.pem') }, page);
secure.keepAliveTimeout = 0;
const reset = net.createServer((socket) => {
  socket.on('error', () => {});
  socket.once('data', () => setTimeout(() => socket.resetAndDestroy(), 1500));
});
let up = 0;
const ready = () => ++up === 3 && console.log('ready');
plain.listen(80, ip, ready);
secure.listen(443, ip, ready);
reset.listen(9000, ip, ready);`;

// Drops the first two SYNs of each connect to 7001 (by source address and port), so the closed
// port answers the third with a reset.
const lossyRefusal = `
table inet lanlens_lossy {
  set first { type ipv4_addr . inet_service; flags dynamic,timeout; timeout 60s; }
  set second { type ipv4_addr . inet_service; flags dynamic,timeout; timeout 60s; }
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport 7001 tcp flags & (syn|ack) == syn ip saddr . tcp sport @second accept
    tcp dport 7001 tcp flags & (syn|ack) == syn ip saddr . tcp sport @first update @second { ip saddr . tcp sport } drop
    tcp dport 7001 tcp flags & (syn|ack) == syn update @first { ip saddr . tcp sport } drop
  }
}`;

/** Builds the lab on 10.213.`third`.0/24. */
export async function createDebugLab(suite: string, third: number): Promise<DebugLab> {
  const lab = await createLab({
    suite,
    bridgeIp: `10.213.${third}.1`,
    hosts: [
      { ip: `10.213.${third}.11`, mac: '02:00:00:00:82:11' },
      { ip: `10.213.${third}.12`, mac: '02:00:00:00:82:12', silent: true },
    ],
  });
  const [server, silent] = lab.hosts;
  const certs = mkdtempSync(path.join(tmpdir(), 'lanlens-debuglab-'));
  const children: Background[] = [];
  try {
    await selfSignedCertificate({
      key: path.join(certs, 'key.pem'),
      cert: path.join(certs, 'cert.pem'),
      commonName: 'secure.lab',
      rsa: true,
    });
    const inServer = ['netns', 'exec', server.namespace];
    await runOk('ip', [...inServer, 'nft', '-f', '-'], { input: lossyRefusal });
    const web = startBackground('ip', [...inServer, process.execPath, '-e', servers, server.ip, certs]);
    children.push(web);
    await web.waitFor(/ready/);
    const names = ['api.lab', 'secure.lab'].map((name) => `--address=/${name}/${server.ip}`);
    const dnsmasq = startBackground('ip', [
      ...inServer,
      'dnsmasq',
      '--keep-in-foreground',
      '--conf-file=/dev/null',
      '--pid-file=',
      '--no-resolv',
      '--no-hosts',
      `--listen-address=${server.ip}`,
      '--bind-interfaces',
      '--port=53',
      '--user=root',
      '--log-facility=-',
      ...names,
    ]);
    children.push(dnsmasq);
    await dnsmasq.waitFor(/started|compile time options/);
  } catch (error) {
    for (const child of children) await child.stop('SIGKILL');
    lab.destroy();
    rmSync(certs, { recursive: true, force: true });
    throw error;
  }
  return {
    lab,
    server: server.ip,
    silent: silent.ip,
    env: { LANLENS_LAB_DNS: server.ip, LANLENS_LAB_SILENT: silent.ip },
    async destroy() {
      for (const child of children) await child.stop('SIGKILL');
      lab.destroy();
      rmSync(certs, { recursive: true, force: true });
    },
  };
}
