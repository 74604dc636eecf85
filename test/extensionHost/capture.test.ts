// Start, Stop and Save Capture through their commands, on the harness's capture lab: the store
// fills from the helper's ticks, the DHCP host appears in the Devices tree as seen passively with
// its name, and the saved file is a pcap holding what was captured.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import type { LanLensApi } from '../../src/extension/extension';
import type { TreeNode } from '../../src/extension/views/deviceTreeModel';
import type { TestConfig } from './harnessProtocol';
import { lanLens } from './lanLensExtension';

const text = (value: string | vscode.TreeItemLabel | undefined | boolean) =>
  typeof value === 'object' ? value.label : value === undefined || typeof value === 'boolean' ? undefined : value;

/** Polls `check` until it returns true; fails with `what` after `ms`. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every node of the Devices tree with its item, depth first. */
export async function treeItems(api: LanLensApi): Promise<Array<{ node: TreeNode; item: vscode.TreeItem }>> {
  const found: Array<{ node: TreeNode; item: vscode.TreeItem }> = [];
  const walk = async (node?: TreeNode) => {
    for (const child of (await api.devices.getChildren(node)) ?? []) {
      found.push({ node: child, item: await api.devices.getTreeItem(child) });
      await walk(child);
    }
  };
  await walk();
  return found;
}

/** Registers the capture suite against `config.captureLab`; skipped when there is none. */
export function captureSuite(config: TestConfig): void {
  suite('Start, Stop and Save Capture on the capture lab', function () {
    this.timeout(60_000);
    let api: LanLensApi;

    suiteSetup(async () => {
      api = await lanLens().activate();
    });

    test('Start Capture runs, ticks fill the store, and the DHCP host shows as seen passively', async function () {
      const lab = config.captureLab;
      if (!lab) return this.skip();
      const ticks: number[] = [];
      const listening = api.captures.onDidUpdate(({ delta }) => delta && ticks.push(delta.tick));
      try {
        await vscode.commands.executeCommand('lanLens.startCapture', { interface: lab.bridge, filter: 'udp or arp' });
        assert.equal(api.captures.state.phase, 'running');
        assert.equal(api.captures.state.interface, lab.bridge);
        assert.equal(api.captures.snapshot?.source.kind, 'live');
        // udhcpc sends a DISCOVER a second: packets arrive, one tick after another.
        await eventually('captured packets', () => (api.captures.snapshot?.counters.packets ?? 0) >= 2);
        await eventually('three ticks', () => ticks.length >= 3);
        for (let i = 1; i < ticks.length; i++) assert.ok(ticks[i] > ticks[i - 1], `ticks in order: ${ticks.join(',')}`);
        const { dhcpHost } = lab;
        let row: { label?: string; description?: string; tooltip?: string } | undefined;
        await eventually('the DHCP host in the Devices tree', async () => {
          const items = await treeItems(api);
          const found = items.find(({ node }) => node.kind === 'device' && node.device.ip === dhcpHost.ip);
          row = found && {
            label: text(found.item.label),
            description: text(found.item.description),
            tooltip: typeof found.item.tooltip === 'string' ? found.item.tooltip : undefined,
          };
          return row?.label === dhcpHost.hostname;
        });
        // The vendor shows when the helper names it for passive sightings.
        assert.match(
          row?.description ?? '',
          new RegExp(`^${dhcpHost.ip.replace(/\./g, '\\.')}( · [^·]+)? · seen passively$`),
        );
        assert.match(row?.tooltip ?? '', new RegExp(`^MAC: ${dhcpHost.mac}$`, 'm'));
        assert.match(row?.tooltip ?? '', /^Hostname: lab-printer \(from DHCP\)$/m);
        const groups = (await api.devices.getChildren()) ?? [];
        const groupLabels = await Promise.all(
          groups.map(async (group) => text((await api.devices.getTreeItem(group)).label)),
        );
        assert.ok(groupLabels.includes(`${lab.bridge} · ${lab.cidr}`), groupLabels.join(', '));
      } finally {
        listening.dispose();
      }
    });

    test('Stop Capture stops it; Save Capture writes a pcap of what was captured', async function () {
      const lab = config.captureLab;
      if (!lab) return this.skip();
      assert.equal(api.captures.state.phase, 'running', 'the previous test left a capture running');
      await vscode.commands.executeCommand('lanLens.stopCapture');
      assert.equal(api.captures.state.phase, 'stopped');
      assert.equal(api.captures.snapshot?.running, false);
      const packets = api.captures.snapshot?.counters.packets ?? 0;
      assert.ok(packets >= 2, `${packets} packets`);
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lanlens-save-')), 'lab');
      await vscode.commands.executeCommand('lanLens.saveCapture', vscode.Uri.file(file));
      const bytes = fs.readFileSync(`${file}.pcap`);
      // Classic pcap, microsecond or nanosecond timestamps, either byte order.
      const magic = bytes.readUInt32LE(0);
      assert.ok([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1].includes(magic), `magic ${magic.toString(16)}`);
      // Records: a 16-byte header each; count them and compare with the store's packet count.
      let offset = 24;
      let records = 0;
      while (offset + 16 <= bytes.length) {
        offset += 16 + bytes.readUInt32LE(offset + 8);
        records++;
      }
      assert.equal(offset, bytes.length, 'whole records');
      assert.equal(records, packets);
    });

    test('a filter libpcap refuses starts nothing, keeps the last capture, and the filter box comes back', async function () {
      const lab = config.captureLab;
      if (!lab) return this.skip();
      const command = vscode.commands.executeCommand('lanLens.startCapture', {
        interface: lab.bridge,
        filter: 'udp prot 53',
      });
      // The command shows the error and asks for the filter again; dismissing the box ends it.
      let settled = false;
      void command.then(() => (settled = true));
      // The helper (already running) refuses the filter within milliseconds; the box then waits.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      assert.equal(settled, false, 'the command waits for a corrected filter');
      // The capture of the previous test is still there, and still saveable.
      assert.equal(api.captures.state.phase, 'stopped');
      assert.equal(api.captures.state.canSave, true);
      const deadline = Date.now() + 20_000;
      while (!settled && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      }
      assert.ok(settled, 'the command ended once the filter box was dismissed');
      await command;
      assert.equal(api.captures.active, false);
      assert.equal(api.captures.state.phase, 'stopped');
    });
  });
}
