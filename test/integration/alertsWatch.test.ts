// test-lane: waits (two minutes of paced lab traffic before the alerts)
// `lanlens watch` on a namespace lab: minutes of ordinary traffic (pings, HTTP, DNS, iperf3) raise
// nothing; a host that joins raises one new-device alert; a lab host announcing the bridge's
// address with its own MAC (gratuitous ARP) raises an ARP-spoofing alert; nmap scanning another
// host raises a port-scan alert. The alerts are one JSON object per line, and the history keeps them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createAlertLab } from '../lab/alertLab';
import type { AlertLab } from '../lab/alertLab';
import { startBackground } from '../lab/background';
import { cliPath, lanlens } from '../lab/cli';
import { runSync } from '../lab/exec';
import { labSkipReason } from '../lab/lab';
import type { Alert } from '../../src/shared/model/alerts';

const missing = ['iperf3', 'nmap', 'dig', 'dnsmasq', 'curl'].find((tool) => runSync('which', [tool]).code !== 0);
const skip = labSkipReason() ?? (missing ? `${missing} is not installed` : undefined);
const SUBNET = '10.213.86'; // this suite's own /24
/** How long ordinary traffic runs before anything else happens (ALERTS_QUIET_SECONDS lengthens it). */
const QUIET_SECONDS = Number(process.env.ALERTS_QUIET_SECONDS ?? 120);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every line of `stdout` as an alert; fails on a line that is not one JSON object. */
function alertsOf(stdout: string): Alert[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Alert;
      } catch {
        throw new Error(`not one JSON object per line:\n${stdout}`);
      }
    });
}

describe('lanlens watch on a namespace lab', { skip }, () => {
  let lab: AlertLab;
  let dir: string;
  before(async () => {
    lab = await createAlertLab('alrt', SUBNET);
    dir = mkdtempSync(path.join(tmpdir(), 'lanlens-alerts-'));
  });
  after(() => {
    lab?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test(
    'ordinary traffic raises nothing; a joining host, ARP spoofing and a port scan raise one alert each',
    { timeout: (QUIET_SECONDS + 120) * 1000 },
    async () => {
      const db = path.join(dir, 'history.sqlite');
      const watch = startBackground(process.execPath, [
        cliPath,
        'watch',
        '-i',
        lab.lab.bridge,
        '--json',
        '--db',
        db,
        '--set',
        'newDevice.learningSeconds=8',
      ]);
      await watch.waitFor(/watching llb-alrt/);
      // Learning: the hosts already there are met.
      await lab.normalTraffic(2);
      await sleep(8000);
      const quietUntil = Date.now() + QUIET_SECONDS * 1000;
      while (Date.now() < quietUntil)
        await lab.normalTraffic(Math.min(20, Math.max(1, (quietUntil - Date.now()) / 1000)));
      await sleep(6000);
      assert.deepEqual(alertsOf(watch.stdout), [], `ordinary traffic raised alerts:\n${watch.stdout}`);

      await lab.join();
      await sleep(2500);
      await lab.spoofBridge();
      await sleep(2500);
      await lab.portScan();
      await sleep(8000);
      const result = await watch.stop('SIGINT');
      assert.equal(result.code, 0, result.stderr);
      const alerts = alertsOf(result.stdout);
      const rules = alerts.map((alert) => alert.rule).sort();
      assert.deepEqual(rules, ['arp-gateway-claimed', 'new-device', 'port-scan'], result.stdout);

      const joined = alerts.find((alert) => alert.rule === 'new-device')!;
      assert.equal(joined.devices[0]?.mac, lab.joiner.mac);
      assert.match(joined.title, /Google/, 'the vendor of its MAC');
      const spoof = alerts.find((alert) => alert.rule === 'arp-gateway-claimed')!;
      assert.equal(spoof.severity, 'high');
      assert.deepEqual(spoof.data, {
        address: lab.lab.bridgeIp,
        expectedMac: lab.lab.bridgeMac,
        claimedBy: lab.client.mac,
      });
      assert.ok((spoof.evidence[0]?.frame ?? 0) > 0, 'the packet is named by its frame number');
      const scan = alerts.find((alert) => alert.rule === 'port-scan')!;
      assert.deepEqual(
        scan.devices.map((device) => [device.ip, device.role]),
        [
          [lab.client.ip, 'scanner'],
          [lab.server.ip, 'target'],
        ],
      );

      const stored = await lanlens(['history', 'alerts', '--db', db, '--json']);
      assert.equal(stored.code, 0, stored.stderr);
      const storedIds = (JSON.parse(stored.stdout) as Alert[]).map((alert) => alert.id).sort();
      assert.deepEqual(storedIds, alerts.map((alert) => alert.id).sort());
      const text = await lanlens(['history', 'alerts', '--db', db]);
      assert.match(text.stdout, /HIGH {3}.* claims 10\.213\.86\.1, the address of this machine/);
    },
  );
});
