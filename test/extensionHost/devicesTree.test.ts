// The Devices tree after "LAN Lens: Scan LAN" on the harness's namespace lab: one group for the
// lab's subnet, every lab host with the label and description a user sees.
import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { lanLens } from './lanLensExtension';
import type { TestConfig } from './harnessProtocol';

const text = (value: string | vscode.TreeItemLabel | undefined | boolean) =>
  typeof value === 'object' ? value.label : value === undefined || typeof value === 'boolean' ? undefined : value;

/** Registers the scan suite against `config.lab`; skipped when there is no lab. */
export function devicesTreeSuite(config: TestConfig): void {
  suite('Devices tree after a scan of the lab', function () {
    this.timeout(60_000);

    test('settings confine the scan to the lab', function () {
      if (!config.lab) return this.skip();
      // A guard, not a formality: with other settings Scan LAN could reach a real network.
      const settings = vscode.workspace.getConfiguration('lanLens.scan');
      assert.deepEqual(settings.get('subnets'), [config.lab.cidr]);
      assert.equal(settings.get('interface'), config.lab.bridge);
    });

    test('Scan LAN fills the tree with every lab host', async function () {
      const lab = config.lab;
      if (!lab) return this.skip();
      const settings = vscode.workspace.getConfiguration('lanLens.scan');
      assert.deepEqual(settings.get('subnets'), [lab.cidr], 'refusing to scan: subnets are not the lab');
      const api = await lanLens().activate();
      await vscode.commands.executeCommand('lanLens.scanLan');

      const groups = await api.devices.getChildren();
      assert.ok(groups, 'the tree has roots');
      const groupItems = await Promise.all(groups.map(async (group) => api.devices.getTreeItem(group)));
      assert.deepEqual(
        groupItems.map((item) => text(item.label)),
        [`${lab.bridge} · ${lab.cidr}`],
      );
      const devices = (await api.devices.getChildren(groups[0])) ?? [];
      const items = await Promise.all(devices.map(async (device) => api.devices.getTreeItem(device)));
      const shown = new Map(items.map((item) => [text(item.label) ?? '', text(item.description) ?? '']));
      for (const expected of lab.devices) {
        assert.equal(shown.get(expected.label), expected.description, `${expected.ip} as "${expected.label}"`);
      }
      // Besides the lab hosts only this machine (the bridge) may appear.
      const extra = [...shown.keys()].filter((label) => !lab.devices.some((device) => device.label === label));
      assert.deepEqual(
        extra.filter((label) => label !== lab.bridgeIp),
        [],
        'devices that are not in the lab',
      );
      assert.match(shown.get(lab.bridgeIp) ?? 'this machine', /this machine/);
    });
  });
}
