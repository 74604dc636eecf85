// test-lane: waits (80 s of paced pings before the helper is killed)
// Crash safety of the history with the real helper and a real database: a helper recording the
// lab bridge's bandwidth is killed with SIGKILL while traffic flows; the database it left must
// open (its WAL recovered), hold the scan's devices, and hold the bridge's bytes up to at most a
// minute before the kill (the kernel's own counters, read every second, are the reference). A
// new helper opens the same file and serves the devices again.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openHistory } from '../../src/helper/history/historyDatabase';
import { ScanRequestMessage } from '../../src/shared/helperProtocol';
import { HistoryDevicesRequest, HistoryOpenRequest } from '../../src/shared/historyProtocol';
import { startHelper } from '../lab/helperConnection';
import { createLab, labSkipReason } from '../lab/lab';
import type { Lab } from '../lab/lab';

const SUBNET = '10.213.93';
const settings = { retentionDays: 30, maxSizeMiB: 64 };
/** How long traffic flows before the kill: past two 30 s commits. */
const RUN_MS = Number(process.env.HISTORY_CRASH_RUN_MS ?? 80_000);
const skip = labSkipReason();

/** The bridge's received and sent bytes, as the kernel counts them. */
function counters(bridge: string): number {
  const read = (name: string) => Number(readFileSync(`/sys/class/net/${bridge}/statistics/${name}`, 'utf8'));
  return read('rx_bytes') + read('tx_bytes');
}

describe('the history survives a helper killed with SIGKILL', { skip }, () => {
  let lab: Lab;
  let folder: string;
  let pinger: ChildProcess | undefined;
  const helpers: ChildProcess[] = [];

  before(async () => {
    lab = await createLab({
      suite: 'crash',
      bridgeIp: `${SUBNET}.1`,
      hosts: [
        { ip: `${SUBNET}.11`, mac: '00:1b:63:00:93:11', tcpPorts: [80] },
        { ip: `${SUBNET}.12`, mac: '3c:22:fb:00:93:12' },
      ],
    });
    folder = mkdtempSync(path.join(tmpdir(), 'lanlens-crash-'));
  });

  after(() => {
    pinger?.kill('SIGKILL');
    for (const child of helpers) child.kill('SIGKILL');
    lab?.destroy();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('keeps the devices and all but the last minute of bandwidth, and opens again', async () => {
    const file = path.join(folder, 'history.sqlite');
    const helper = await startHelper();
    helpers.push(helper.child);
    const samples: { time: number; bytes: number }[] = [{ time: Date.now(), bytes: counters(lab.bridge) }];
    const opened = await helper.connection.sendRequest(HistoryOpenRequest.type, { path: file, settings });
    assert.equal(opened.state, 'open', JSON.stringify(opened));
    const scan = await helper.connection.sendRequest(ScanRequestMessage.type, {
      scanId: 'crash',
      cidr: `${SUBNET}.0/24`,
      interface: lab.bridge,
    });
    const hosts = [`${SUBNET}.11`, `${SUBNET}.12`];
    // The scan also lists this machine (the bridge); the lab's hosts must be there.
    const found = scan.devices.map((device) => device.ip).filter((ip) => ip !== lab.bridgeIp);
    assert.deepEqual(found.sort(), hosts);
    // Steady traffic through the bridge: 1400-byte pings five times a second, answered.
    pinger = spawn(
      'ip',
      ['netns', 'exec', lab.hosts[0].namespace, 'ping', '-q', '-i', '0.2', '-s', '1400', lab.bridgeIp],
      {
        stdio: 'ignore',
      },
    );
    const started = Date.now();
    while (Date.now() - started < RUN_MS) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      samples.push({ time: Date.now(), bytes: counters(lab.bridge) });
    }
    helper.child.kill('SIGKILL');
    const killed = Date.now();
    samples.push({ time: killed, bytes: counters(lab.bridge) });
    await new Promise((resolve) => helper.child.once('close', resolve));
    pinger.kill('SIGKILL');

    // The file the killed helper left, opened as the next helper opens it.
    const left = openHistory(file);
    assert.ok('history' in left, JSON.stringify(left.status));
    const { db } = left.history;
    const recorded = Number(
      db.prepare("SELECT sum(rx + tx) AS bytes FROM bandwidth WHERE tier = 'minute' AND interface = ?").get(lab.bridge)
        ?.bytes ?? 0,
    );
    const day = Number(
      db.prepare("SELECT sum(rx + tx) AS bytes FROM bandwidth WHERE tier = 'day' AND interface = ?").get(lab.bridge)
        ?.bytes ?? 0,
    );
    const devices = db
      .prepare('SELECT mac FROM devices ORDER BY mac')
      .all()
      .map((row) => String(row.mac));
    left.history.db.close();
    assert.deepEqual(
      devices.filter((mac) => mac !== lab.bridgeMac),
      ['00:1b:63:00:93:11', '3c:22:fb:00:93:12'],
    );
    assert.equal(day, recorded, 'the day tier holds what the minutes hold');
    const base = samples[0].bytes;
    const total = samples[samples.length - 1].bytes - base;
    assert.ok(recorded <= total, `recorded ${recorded} bytes, the kernel counted ${total}`);
    // The latest moment whose bytes the database holds in full: what was lost came after it.
    const covered = samples.filter((sample) => sample.bytes - base <= recorded).pop()!;
    const lostMs = killed - covered.time;
    console.log(
      `# recorded ${recorded} of ${total} bytes; lost the last ${(lostMs / 1000).toFixed(1)} s before the kill (${RUN_MS / 1000} s run)`,
    );
    assert.ok(recorded > 0, 'something was committed before the kill');
    assert.ok(lostMs <= 60_000, `lost ${lostMs} ms of bandwidth, more than a minute`);

    // A new helper opens the same file and serves what the killed one recorded.
    const next = await startHelper();
    helpers.push(next.child);
    try {
      const again = await next.connection.sendRequest(HistoryOpenRequest.type, { path: file, settings });
      assert.equal(again.state, 'open', JSON.stringify(again));
      const known = await next.connection.sendRequest(HistoryDevicesRequest.type, {});
      assert.deepEqual(
        known
          .map((device) => device.ip)
          .filter((ip) => ip !== lab.bridgeIp)
          .sort(),
        hosts,
      );
    } finally {
      assert.equal(await next.shutdown(), 0, next.stderr);
    }
  });
});
