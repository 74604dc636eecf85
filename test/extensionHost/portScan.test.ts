// "Scan Ports…" through its command on the capture lab's web host: the device gets its open ports
// as children (service, product, round trip), and "Copy as nmap Command" gives the equivalent nmap
// command line for the device and for one port.
import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import type { LanLensApi } from '../../src/extension/extension';
import type { DeviceNode, PortNode } from '../../src/extension/views/deviceTreeModel';
import { treeItems } from './capture.test';
import type { TestConfig } from './harnessProtocol';
import { lanLens } from './lanLensExtension';

const text = (value: string | vscode.TreeItemLabel | undefined | boolean) =>
  typeof value === 'object' ? value.label : value === undefined || typeof value === 'boolean' ? undefined : value;

/** Registers the port-scan suite against `config.captureLab`; skipped when there is none. */
export function portScanSuite(config: TestConfig): void {
  suite('Scan Ports on the capture lab', function () {
    this.timeout(90_000);
    let api: LanLensApi;

    suiteSetup(async () => {
      api = await lanLens().activate();
    });

    test('the web host gets its open ports as children, with the service behind them', async function () {
      const lab = config.captureLab;
      if (!lab) return this.skip();
      const { webHost } = lab;
      const ranges = [...webHost.otherPorts, 80, webHost.httpPort].join(',');
      await vscode.commands.executeCommand('lanLens.scanPorts', {
        targets: [webHost.ip],
        tcp: { set: 'custom', ranges },
        udp: false,
        serviceDetection: true,
        osDetection: true,
      });
      const items = await treeItems(api);
      const device = items.find(({ node }) => node.kind === 'device' && node.device.ip === webHost.ip);
      assert.ok(device, `${webHost.ip} is in the Devices tree`);
      const ports = items.filter(({ node }) => node.kind === 'port' && node.device === device.node);
      const rows = new Map(ports.map(({ item }) => [text(item.label) ?? '', item]));
      // Port 80 is closed: only what answers is a child.
      assert.deepEqual(
        [...rows.keys()],
        [...webHost.otherPorts, webHost.httpPort].map((port) => `${port}/tcp`),
      );
      const http = rows.get(`${webHost.httpPort}/tcp`);
      assert.match(text(http?.description) ?? '', /^http — nginx 1\.22\.1 · [\d.]+ ms$/);
      assert.equal(http?.contextValue, 'portHttp', 'Open in Browser applies');
      assert.match(typeof http?.tooltip === 'string' ? http.tooltip : '', /^Page title: Lab printer$/m);
      assert.equal(text(device.item.label), webHost.ip);
      assert.equal(device.item.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    });

    test('Copy as nmap Command gives the command for the device and for one port', async function () {
      const lab = config.captureLab;
      if (!lab) return this.skip();
      const { webHost } = lab;
      const items = await treeItems(api);
      const device = items.find(({ node }) => node.kind === 'device' && node.device.ip === webHost.ip)?.node as
        DeviceNode | undefined;
      assert.ok(device?.portScan, 'the device remembers its scan');
      const flag = device.portScan.method === 'syn' ? '-sS' : '-sT';
      const ranges = [...webHost.otherPorts, 80, webHost.httpPort].sort((a, b) => a - b).join(',');
      await vscode.commands.executeCommand('lanLens.copyNmapCommand', device);
      assert.equal(await vscode.env.clipboard.readText(), `nmap -n ${flag} -p ${ranges} -sV -O ${webHost.ip}`);
      const port = items.find(
        ({ node }) => node.kind === 'port' && node.device === device && node.port.port === webHost.httpPort,
      )?.node as PortNode | undefined;
      assert.ok(port);
      await vscode.commands.executeCommand('lanLens.copyNmapCommand', port);
      assert.equal(await vscode.env.clipboard.readText(), `nmap -n ${flag} -p ${webHost.httpPort} -sV ${webHost.ip}`);
    });
  });
}
