// LAN Lens in a real VS Code (code-server) driven through Chromium as a user would: the welcome
// view, "LAN Lens: Scan LAN" from the command palette against a namespace lab, every lab host in
// the Devices tree, Copy IP from the context menu, and the helper log. One screenshot per step
// goes to test-results/e2e/.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { ExpectedDevice } from '../extensionHost/harnessProtocol';
import type { Lab, LabHostSpec } from '../lab/lab';
import { createLab, labSkipReason } from '../lab/lab';
import { labVendors, vendorMac } from '../lab/vendors';
import type { LanLensWorkbench } from '../workbench/lanLensWorkbench';
import { startLanLensWorkbench } from '../workbench/lanLensWorkbench';
import { Screenshots } from '../workbench/screenshots';
import { repoRoot, workbenchNode, workbenchSkipReason } from '../workbench/codeServer';
import { expectedDevices } from '../workbench/expectedDevices';
import { readClipboard } from '../workbench/inPage';
import { waitFor } from '../workbench/waitFor';
import { helperLogEnds, runCommand, showHelperLog, treeRows } from '../workbench/workbenchUi';
import { labSettings } from '../workbench/workbenchSettings';

const skip = workbenchSkipReason() ?? labSkipReason();
const SUBNET = '10.213.30'; // this suite's own /24 (see test/lab/lab.ts)
const results = path.join(repoRoot, 'test-results', 'e2e');

/** Six hosts of six vendors; the first serves the lab's DNS, and four have reverse names. */
function plan(): LabHostSpec[] {
  const names = ['dns', 'nas', 'printer', undefined, 'laptop', undefined];
  return names.map((name, i) => ({
    ip: `${SUBNET}.${10 + i * 10}`,
    mac: vendorMac(labVendors[i % labVendors.length].oui, 0x30 + i),
    dnsServer: i === 0,
    silent: i === 3, // answers ARP only
    ptrName: name && `${name}.e2e.lab`,
  }));
}

describe('LAN Lens in VS Code, as a user', { skip, timeout: 300_000 }, () => {
  let lab: Lab;
  let expected: ExpectedDevice[];
  let lanLens: LanLensWorkbench | undefined;
  let page: Page;
  const shots = new Screenshots(results);
  const shoot = (name: string) => shots.take(page, name);

  before(async () => {
    rmSync(results, { recursive: true, force: true });
    lab = await createLab({ suite: 'e2e', bridgeIp: `${SUBNET}.1`, hosts: plan() });
    expected = expectedDevices(lab, { namesResolved: true });
    const settings = labSettings({ cidr: lab.cidr, bridge: lab.bridge, dnsIp: lab.dnsIp });
    lanLens = await startLanLensWorkbench(path.join(results, 'profile'), { settings });
    page = lanLens.page;
  });

  after(async () => {
    await lanLens?.stop();
    lab?.destroy();
  });

  test('the Devices view shows its welcome before any scan', async () => {
    await page.getByRole('tab', { name: /^LAN Lens/ }).click();
    await page.getByText('No devices yet. Scan the local network to see who is on it.').waitFor();
    await page.locator('.welcome-view-content').getByRole('button', { name: 'Scan LAN' }).waitFor();
    // The helper runs as root here: it holds CAP_NET_RAW itself, and the welcome says what that allows.
    await page.getByText(/^Capture permission is in place/).waitFor();
    await shoot('welcome');
  });

  test('"LAN Lens: Scan LAN" from the palette lists every lab host with its label and description', async () => {
    await runCommand(page, 'LAN Lens: Scan LAN', () => shoot('palette'));
    const group = `${lab.bridge} · ${lab.cidr}`;
    await page.getByText(group).waitFor({ timeout: 30_000 });
    let rows: Map<string, string> = new Map();
    const deadline = Date.now() + 30_000;
    // Devices arrive while the scan runs; names come last, once reverse DNS has answered.
    while (Date.now() < deadline) {
      rows = await treeRows(page);
      if (expected.every((device) => rows.get(device.label) === device.description)) break;
      await page.waitForTimeout(200);
    }
    for (const device of expected) {
      assert.equal(rows.get(device.label), device.description, `${device.ip} as "${device.label}"`);
    }
    assert.match(rows.get(group) ?? '', new RegExp(`^${expected.length + 1} devices$`)); // the lab plus this machine
    // Widen the side bar (drag its sash) so descriptions show in full, as a user would.
    const sash = await page.locator('.part.sidebar').boundingBox();
    if (sash) {
      await page.mouse.move(sash.x + sash.width + 1, sash.y + sash.height / 2);
      await page.mouse.down();
      await page.mouse.move(sash.x + sash.width + 200, sash.y + sash.height / 2, { steps: 5 });
      await page.mouse.up();
    }
    await shoot('devices');
    // The view's title and rows, without the empty side bar below them.
    const sidebar = await page.locator('.part.sidebar').boundingBox();
    if (sidebar) {
      const clip = { ...sidebar, height: Math.min(sidebar.height, 40 + 22 * (rows.size + 1)) };
      await page.screenshot({ path: path.join(results, 'devices-tree.png'), clip });
    }
  });

  test('Copy IP from a device context menu puts its IP on the clipboard', async () => {
    const device = expected.find((candidate) => candidate.label !== candidate.ip) ?? expected[0];
    await page.locator('.monaco-list-row', { hasText: device.label }).first().click({ button: 'right' });
    const copyIp = page.getByRole('menuitem', { name: 'Copy IP' });
    await copyIp.waitFor();
    await page.waitForTimeout(300); // the menu fades in
    await shoot('context-menu');
    await copyIp.click();
    let pasted = '';
    const deadline = Date.now() + 5_000;
    while (pasted !== device.ip && Date.now() < deadline) {
      pasted = await readClipboard(page);
      if (pasted !== device.ip) await page.waitForTimeout(100);
    }
    assert.equal(pasted, device.ip);
  });

  test('"LAN Lens: Show Helper Log" shows the helper and the scan', async () => {
    await showHelperLog(page);
    // The helper reports itself once it runs: its pid and the runtime it runs on, the workbench's own.
    const helperRunning = /Helper \S+ running \(pid \d+\) on Node v\d+\.\d+\.\d+ \(ABI \d+\) at (\S+)\./;
    const scanned = new RegExp(`LAN Lens: ${expected.length + 1} hosts on ${lab.cidr.replace(/\./g, '\\.')}`);
    let text = '';
    try {
      await waitFor(
        async () => {
          text = await helperLogEnds(page);
          return helperRunning.test(text) && scanned.test(text);
        },
        { timeoutMs: 15_000, what: 'the helper and scan lines in the LAN Lens log' },
      );
    } finally {
      await shoot('helper-log');
      console.log(`# log as shown: ${text.slice(0, 2000)}`);
    }
    // A line the helper process itself logged over the protocol: it loaded its native capture module.
    assert.match(text, /\[info\] helper \S+ pid \d+ on Node v\d+\.\d+\.\d+ \(ABI \d+\) at \S+; capture module loaded/);
    assert.equal(helperRunning.exec(text)?.[1], workbenchNode, "the helper runs on code-server's own runtime");
  });

  after(() => console.log(`# ${shots.files.length} screenshots in ${path.relative(repoRoot, results)}/`));
});
