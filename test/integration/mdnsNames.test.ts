// Names from mDNS: hosts in the lab answer reverse questions the way Avahi or Bonjour would.
// Names are hostile input: markup must arrive verbatim (views escape it), control characters not at all.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ChildProcess } from 'node:child_process';
import { lanlens, parseScan, repoRoot } from '../lab/cli';
import { createLab, labSkipReason } from '../lab/lab';
import type { Lab } from '../lab/lab';

const skip = labSkipReason();
const SUBNET = '10.213.20';
const names = new Map([
  [`${SUBNET}.11`, 'printer.local'],
  [`${SUBNET}.12`, '<img src=x onerror=alert(1)>.local'],
  [`${SUBNET}.13`, 'evil\u001b[2J.local'],
]);

describe('mDNS names on a namespace lab', { skip }, () => {
  let lab: Lab;
  const responders: ChildProcess[] = [];

  before(async () => {
    lab = await createLab({
      suite: 'mdns',
      bridgeIp: `${SUBNET}.1`,
      hosts: [...names.keys(), `${SUBNET}.14`].map((ip, i) => ({
        ip,
        mac: `b8:27:eb:20:00:${(0x11 + i).toString(16)}`,
      })),
    });
    const script = path.join(repoRoot, 'test', 'lab', 'mdnsResponder.mjs');
    await Promise.all(
      lab.hosts
        .filter((host) => names.has(host.ip))
        .map((host) => {
          const hexName = Buffer.from(names.get(host.ip)!, 'utf8').toString('hex');
          const child = spawn('ip', ['netns', 'exec', host.namespace, process.execPath, script, host.ip, hexName], {
            stdio: ['ignore', 'pipe', 'inherit'],
          });
          responders.push(child);
          return new Promise<void>((resolve, reject) => {
            child.stdout.once('data', () => resolve());
            child.once('exit', (code) => reject(new Error(`mDNS responder for ${host.ip} exited with ${code}`)));
          });
        }),
    );
  });

  after(() => {
    for (const child of responders) child.kill('SIGKILL');
    lab?.destroy();
  });

  test(
    'a scan names hosts from mDNS, keeps markup verbatim and drops control characters',
    { timeout: 60_000 },
    async () => {
      // Reverse DNS must not leave the lab: point it at a lab host that runs no DNS server.
      const result = await lanlens(['scan', lab.cidr, '--json', '--dns-server', `${SUBNET}.14`]);
      assert.equal(result.code, 0, result.stderr);
      const devices = new Map(parseScan(result).devices.map((device) => [device.ip, device]));
      assert.equal(devices.get(`${SUBNET}.11`)?.hostname, 'printer.local');
      assert.equal(devices.get(`${SUBNET}.11`)?.hostnameSource, 'mdns');
      assert.equal(devices.get(`${SUBNET}.12`)?.hostname, '<img src=x onerror=alert(1)>.local');
      assert.ok(devices.has(`${SUBNET}.13`));
      assert.equal(devices.get(`${SUBNET}.13`)?.hostname, undefined);
      assert.equal(devices.get(`${SUBNET}.14`)?.hostname, undefined);
    },
  );
});
