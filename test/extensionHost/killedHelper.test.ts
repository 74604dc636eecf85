// The helper killed with SIGKILL, in the real extension host with the real helper: during a live
// capture on the capture lab and during a port scan of its web host. The extension must restart
// it within 2 s, show the capture as ended with the reason, keep everything else (the Devices tree,
// an opened capture file's pages, bandwidth readings), and its event loop must never stall.
import * as assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import type { LanLensApi } from '../../src/extension/extension';
import { PortScanProgressNotification } from '../../src/shared/helperProtocol';
import { eventually, treeItems } from './capture.test';
import type { Metrics, TestConfig } from './harnessProtocol';
import { lanLens } from './lanLensExtension';

/** How soon the helper must be back after it was killed, in ms. */
const RESTART_MS = 2_000;
/** The longest the extension host's event loop may stall meanwhile, in ms. */
const MAX_STALL_MS = 250;

/** What the Devices tree shows, row by row (with the device each row belongs to), to compare before and after. */
async function treeRows(api: LanLensApi): Promise<Array<{ ip?: string; text: string }>> {
  return (await treeItems(api)).map(({ node, item }) => {
    const label = typeof item.label === 'object' ? item.label.label : item.label;
    const ip = node.kind === 'device' ? node.device.ip : node.kind === 'port' ? node.device.device.ip : undefined;
    return { ip, text: `${label ?? ''} | ${typeof item.description === 'string' ? item.description : ''}` };
  });
}

/**
 * Kills the running helper with SIGKILL; resolves once a new one has started, with how long that
 * took and the longest stall of this event loop from the kill until then.
 */
async function killHelper(api: LanLensApi): Promise<{ restartMs: number; stallMs: number; pid: number }> {
  const pid = api.helper.pid;
  assert.ok(pid, 'a helper runs');
  const delay = monitorEventLoopDelay({ resolution: 10 });
  let subscription: { dispose(): void } | undefined;
  const restarted = new Promise<number>((resolve) => {
    subscription = api.helper.onDidStart(() => resolve(performance.now()));
  });
  delay.enable();
  const killedAt = performance.now();
  process.kill(pid, 'SIGKILL');
  try {
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('the helper was not restarted within 10 s')), 10_000),
    );
    const restartedAt = await Promise.race([restarted, timeout]);
    return { restartMs: restartedAt - killedAt, stallMs: delay.max / 1e6, pid };
  } finally {
    delay.disable();
    subscription?.dispose();
  }
}

/** Registers the suite against `config.captureLab` and the capture files; skipped without them. */
export function killedHelperSuite(config: TestConfig, metrics: Metrics): void {
  suite('The helper killed with SIGKILL', function () {
    this.timeout(90_000);
    let api: LanLensApi;

    suiteSetup(async () => {
      api = await lanLens().activate();
    });

    test('during a live capture: back within 2 s, the capture ended with the reason, nothing else lost, no stall', async function () {
      const lab = config.captureLab;
      const files = config.captures;
      if (!lab || !files) return this.skip();
      // What must survive: an opened capture file, the Devices tree, the bandwidth readings.
      const uri = vscode.Uri.file(files.good.path);
      await vscode.commands.executeCommand('vscode.openWith', uri, 'lanLens.pcapViewer');
      const document = [...api.traffic.pcapEditors.documents].find((entry) => entry.uri.fsPath === uri.fsPath);
      assert.ok(document, 'the capture file is open');
      await document.reading;
      const pageBefore = await document.dashboard.packetPage({ from: 1, count: 20 });
      await vscode.commands.executeCommand('lanLens.startCapture', { interface: lab.bridge, filter: 'udp or arp' });
      assert.equal(api.captures.state.phase, 'running');
      await eventually('captured packets', () => (api.captures.snapshot?.counters.packets ?? 0) >= 1);
      const rowsBefore = await treeRows(api);

      const { restartMs, stallMs, pid } = await killHelper(api);
      (metrics.helperRestarts ??= []).push({ during: 'a live capture', restartMs, stallMs });
      assert.ok(restartMs < RESTART_MS, `restarted after ${restartMs.toFixed(0)} ms`);
      assert.ok(stallMs < MAX_STALL_MS, `the extension host stalled for ${stallMs.toFixed(0)} ms`);
      assert.notEqual(api.helper.pid, pid);

      const { state, snapshot } = api.captures;
      assert.equal(state.phase, 'stopped');
      assert.equal(state.endReason, 'the LAN Lens helper ended (signal SIGKILL)');
      assert.equal(snapshot?.running, false, 'views no longer show it running');
      assert.equal(api.captures.active, false);
      assert.deepEqual(await treeRows(api), rowsBefore, 'the Devices tree is as it was');
      // The new helper never read the file: the editor has it read again, and pages the same.
      assert.deepEqual(await document.dashboard.packetPage({ from: 1, count: 20 }), pageBefore);
      const reading = await new Promise((resolve) => {
        const listening = api.traffic.bandwidth.onDidUpdate((sample) => {
          listening.dispose();
          resolve(sample);
        });
      });
      assert.ok(reading, 'bandwidth readings go on');
      // And a new capture runs.
      await vscode.commands.executeCommand('lanLens.startCapture', { interface: lab.bridge, filter: 'udp or arp' });
      assert.equal(api.captures.state.phase, 'running');
      await vscode.commands.executeCommand('lanLens.stopCapture');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    test('during a port scan: back within 2 s, ports found before it kept, nothing else lost, no stall', async function () {
      const lab = config.captureLab;
      if (!lab) return this.skip();
      const { webHost } = lab;
      const rowsBefore = await treeRows(api);
      let progressed!: () => void;
      const firstProgress = new Promise<void>((resolve) => (progressed = resolve));
      const listening = api.helper.onNotification(PortScanProgressNotification.type, () => progressed());
      // Every port: long enough to be killed in the middle.
      const scan = vscode.commands.executeCommand('lanLens.scanPorts', {
        targets: [webHost.ip],
        tcp: { set: 'all' },
        udp: false,
        serviceDetection: false,
        osDetection: false,
      });
      let scanEnded = false;
      void scan.then(() => (scanEnded = true));
      await firstProgress;
      listening.dispose();
      assert.equal(scanEnded, false, 'the scan is still running when the helper is killed');

      const { restartMs, stallMs } = await killHelper(api);
      (metrics.helperRestarts ??= []).push({ during: 'a port scan', restartMs, stallMs });
      // The command ends (with the error shown), it does not wait forever.
      await scan;
      assert.ok(restartMs < RESTART_MS, `restarted after ${restartMs.toFixed(0)} ms`);
      assert.ok(stallMs < MAX_STALL_MS, `the extension host stalled for ${stallMs.toFixed(0)} ms`);
      // The scanned host shows what the interrupted scan found (as a cancelled one does); every other row is as it was.
      const rowsAfter = await treeRows(api);
      const textsAfter = rowsAfter.map((row) => row.text);
      for (const row of rowsBefore.filter((before) => before.ip !== webHost.ip)) {
        assert.ok(textsAfter.includes(row.text), `the tree lost "${row.text}"`);
      }
      assert.ok(
        rowsAfter.some((row) => row.ip === webHost.ip),
        'the scanned host is still there',
      );
      // The restarted helper scans again.
      await vscode.commands.executeCommand('lanLens.scanPorts', {
        targets: [webHost.ip],
        tcp: { set: 'custom', ranges: String(webHost.httpPort) },
        udp: false,
        serviceDetection: false,
        osDetection: false,
      });
      assert.ok((await treeRows(api)).some((row) => row.text.startsWith(`${webHost.httpPort}/tcp`)));
    });
  });
}
