// Real network services for the identification tests and benchmark, each started inside a lab
// namespace with its own configuration (no system service, no file outside a temp dir): sshd,
// vsftpd, Python's http.server and smtpd, a Node HTTP server, openssl s_server with a self-signed
// certificate, redis-server, mosquitto and Samba (smbd, nmbd). Everything listens on the host's
// lab address only.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { selfSignedCertificate } from './certificate';
import { runOk, runSync } from './exec';
import type { LabHost } from './lab';

/** One service to start: what it is and the TCP port it listens on. */
export type LabServiceKind =
  | 'ssh'
  | 'ftp'
  | 'http-python'
  | 'http-node'
  | 'tls-openssl'
  | 'redis'
  | 'smtp-python'
  | 'mqtt'
  /** Samba: smbd on the given TCP port(s), 445 and/or 139, and nmbd on UDP 137 */
  | 'smb'
  /** dnsmasq answering on the port over UDP and TCP, names of lab.invalid only */
  | 'dns';

export interface LabService {
  kind: LabServiceKind;
  port: number;
}

/** The binaries each kind needs (installed by scripts/setup.sh). */
const needs: Record<LabServiceKind, string[]> = {
  ssh: ['/usr/sbin/sshd', 'ssh-keygen'],
  ftp: ['/usr/sbin/vsftpd'],
  'http-python': ['python3'],
  'http-node': [],
  'tls-openssl': ['openssl'],
  redis: ['redis-server'],
  'smtp-python': ['python3'],
  mqtt: ['/usr/sbin/mosquitto'],
  smb: ['/usr/sbin/smbd', '/usr/sbin/nmbd', 'nmblookup'],
  dns: ['/usr/sbin/dnsmasq'],
};

/** The NetBIOS name and workgroup the lab's Samba announces. */
export const LAB_NETBIOS = { name: 'LABFILES', workgroup: 'LANLENSLAB' };

/** Why the services cannot run here, or undefined when they can. */
export function labServicesSkipReason(kinds: LabServiceKind[]): string | undefined {
  for (const tool of new Set(kinds.flatMap((kind) => needs[kind]))) {
    if (runSync('sh', ['-c', `command -v ${tool}`]).code !== 0)
      return `${tool} is not installed (run scripts/setup.sh)`;
  }
  if (kinds.includes('smtp-python') && runSync('python3', ['-W', 'ignore', '-c', 'import smtpd']).code !== 0) {
    return 'python3 has no smtpd module (Python 3.12 removed it)';
  }
  return undefined;
}

// A Node HTTP server that sets no Server header, as many appliances' embedded servers do.
const nodeHttp = `
const http = require('node:http');
const [ip, port] = process.argv.slice(1);
http.createServer((request, response) => {
  response.setHeader('Content-Type', 'text/html');
  response.end('<!doctype html><html><head><title>Lab device</title></head><body>ok</body></html>');
}).listen(Number(port), ip, () => console.log('ready'));`;

/** Started services; `stop` kills them and removes their files. */
export interface RunningServices {
  stop(): void;
}

/** Resolves once ip:port accepts a connection (from the bridge side), or rejects after `timeoutMs`. */
export async function waitForPort(
  ip: string,
  port: number,
  child: ChildProcess,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited ${child.exitCode}: ${stderr}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(500, () => done(false));
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
      socket.connect(port, ip);
    });
    if (open) return;
    if (Date.now() > deadline)
      throw new Error(`${what} does not listen on ${ip}:${port} after ${timeoutMs} ms: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resolves once nmbd answers a node-status query for its own name (it registers names first). */
async function waitForNetbios(ip: string, nmbd: ChildProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (nmbd.exitCode !== null) throw new Error(`nmbd exited ${nmbd.exitCode}`);
    const lookup = runSync('nmblookup', ['-A', ip]);
    if (lookup.stdout.includes(LAB_NETBIOS.name)) return;
    if (Date.now() > deadline) throw new Error(`nmbd on ${ip} does not answer node status: ${lookup.stdout}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Starts `services` inside `host`'s namespace and waits until each accepts connections. */
export async function startLabServices(host: LabHost, services: LabService[]): Promise<RunningServices> {
  const work = mkdtempSync(path.join(tmpdir(), `lanlens-svc-${host.ip}-`));
  const children: ChildProcess[] = [];
  const stop = () => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  };
  const inHost = (command: string, args: string[]) => {
    const child = spawn('ip', ['netns', 'exec', host.namespace, command, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.resume();
    children.push(child);
    return child;
  };
  try {
    const ready: Promise<void>[] = [];
    const sshPorts = services.filter((service) => service.kind === 'ssh').map((service) => service.port);
    if (sshPorts.length) {
      const key = path.join(work, 'ssh_host_ed25519_key');
      await runOk('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
      mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // sshd's privilege separation directory
      const listen = sshPorts.flatMap((port) => ['-o', `ListenAddress=${host.ip}:${port}`]);
      const sshd = inHost('/usr/sbin/sshd', [
        '-D',
        '-e',
        '-f',
        '/dev/null',
        '-h',
        key,
        ...listen,
        '-o',
        'PidFile=none',
        '-o',
        'UsePAM=no',
      ]);
      for (const port of sshPorts) ready.push(waitForPort(host.ip, port, sshd, 'sshd'));
    }
    const smbPorts = services.filter((service) => service.kind === 'smb').map((service) => service.port);
    if (smbPorts.length) {
      const dirs = ['private', 'lock', 'state', 'cache', 'pid', 'ncalrpc', 'binddns'].map((dir) =>
        path.join(work, 'samba', dir),
      );
      for (const dir of dirs) mkdirSync(dir, { recursive: true, mode: 0o755 });
      const [privateDir, lock, state, cache, pid, ncalrpc, binddns] = dirs;
      const config = path.join(work, 'smb.conf');
      writeFileSync(
        config,
        [
          '[global]',
          `netbios name = ${LAB_NETBIOS.name}`,
          `workgroup = ${LAB_NETBIOS.workgroup}`,
          'server role = standalone server',
          `interfaces = ${host.ip}/24`,
          'bind interfaces only = yes',
          `smb ports = ${smbPorts.join(' ')}`,
          `private dir = ${privateDir}`,
          `lock directory = ${lock}`,
          `state directory = ${state}`,
          `cache directory = ${cache}`,
          `pid directory = ${pid}`,
          `ncalrpc dir = ${ncalrpc}`,
          `binddns dir = ${binddns}`,
          'log file = /dev/null',
          'load printers = no',
          'printing = bsd',
          'printcap name = /dev/null',
          'disable spoolss = yes',
          'dns proxy = no',
          'local master = no',
          '',
        ].join('\n'),
      );
      const common = ['--foreground', '--no-process-group', `--configfile=${config}`, '--debug-stdout'];
      const smbd = inHost('/usr/sbin/smbd', common);
      const nmbd = inHost('/usr/sbin/nmbd', common);
      for (const port of smbPorts) ready.push(waitForPort(host.ip, port, smbd, 'smbd'));
      ready.push(waitForNetbios(host.ip, nmbd));
    }
    for (const { kind, port } of services) {
      if (kind === 'ssh' || kind === 'smb') continue;
      if (kind === 'ftp') {
        const empty = path.join(work, 'ftp-empty');
        mkdirSync(empty, { mode: 0o755 });
        const config = path.join(work, `vsftpd-${port}.conf`);
        writeFileSync(
          config,
          [
            'listen=YES',
            'listen_ipv6=NO',
            `listen_address=${host.ip}`,
            `listen_port=${port}`,
            'background=NO',
            'anonymous_enable=YES',
            `anon_root=${empty}`,
            'no_anon_password=YES',
            'local_enable=NO',
            'write_enable=NO',
            `secure_chroot_dir=${empty}`,
            'pam_service_name=vsftpd',
            'seccomp_sandbox=NO',
            'xferlog_enable=NO',
            'vsftpd_log_file=/dev/null',
          ].join('\n') + '\n',
        );
        chmodSync(config, 0o600);
        ready.push(waitForPort(host.ip, port, inHost('/usr/sbin/vsftpd', [config]), 'vsftpd'));
      } else if (kind === 'http-python') {
        const root = path.join(work, `www-${port}`);
        mkdirSync(root);
        const child = inHost('python3', ['-m', 'http.server', String(port), '--bind', host.ip, '--directory', root]);
        ready.push(waitForPort(host.ip, port, child, 'python3 http.server'));
      } else if (kind === 'http-node') {
        ready.push(
          waitForPort(host.ip, port, inHost(process.execPath, ['-e', nodeHttp, host.ip, String(port)]), 'node http'),
        );
      } else if (kind === 'tls-openssl') {
        const cert = path.join(work, `cert-${port}.pem`);
        const key = path.join(work, `key-${port}.pem`);
        const name = `device-${host.ip.split('.')[3]}.lab`;
        await selfSignedCertificate({
          key,
          cert,
          commonName: name,
          altNames: [`DNS:${name}`, `IP:${host.ip}`],
          days: 30,
        });
        const child = inHost('openssl', [
          's_server',
          '-accept',
          `${host.ip}:${port}`,
          '-cert',
          cert,
          '-key',
          key,
          '-www',
          '-quiet',
        ]);
        ready.push(waitForPort(host.ip, port, child, 'openssl s_server'));
      } else if (kind === 'redis') {
        const child = inHost('redis-server', [
          '--bind',
          host.ip,
          '--port',
          String(port),
          '--save',
          '',
          '--appendonly',
          'no',
          '--protected-mode',
          'no',
          '--daemonize',
          'no',
          '--dir',
          work,
          '--logfile',
          '',
        ]);
        ready.push(waitForPort(host.ip, port, child, 'redis-server'));
      } else if (kind === 'smtp-python') {
        const child = inHost('python3', [
          '-W',
          'ignore',
          '-m',
          'smtpd',
          '-n',
          '-c',
          'DebuggingServer',
          `${host.ip}:${port}`,
        ]);
        ready.push(waitForPort(host.ip, port, child, 'python3 smtpd'));
      } else if (kind === 'dns') {
        const child = inHost('/usr/sbin/dnsmasq', [
          '--keep-in-foreground',
          '--conf-file=/dev/null', // the machine's /etc/dnsmasq.conf is not the lab's
          '--pid-file=',
          '--no-resolv', // never forwards anywhere
          '--no-hosts',
          `--listen-address=${host.ip}`,
          '--bind-interfaces',
          `--port=${port}`,
          '--user=root',
          `--address=/lab.invalid/${host.ip}`,
        ]);
        ready.push(waitForPort(host.ip, port, child, 'dnsmasq'));
      } else if (kind === 'mqtt') {
        const config = path.join(work, `mosquitto-${port}.conf`);
        writeFileSync(config, `listener ${port} ${host.ip}\nallow_anonymous true\npersistence false\nlog_dest none\n`);
        chmodSync(config, 0o644);
        ready.push(waitForPort(host.ip, port, inHost('/usr/sbin/mosquitto', ['-c', config]), 'mosquitto'));
      }
    }
    await Promise.all(ready);
    return { stop };
  } catch (error) {
    stop();
    throw error;
  }
}
