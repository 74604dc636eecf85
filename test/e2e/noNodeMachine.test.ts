// LAN Lens on a machine without Node.js, as most users' desktops are: code-server runs in a mount
// namespace where every Node binary but code-server's own is hidden and no node is on PATH
// (test/workbench/noNodeImage.ts), the linux-x64 VSIX is installed into it as a user would, and
// Scan LAN, Show Traffic (a live capture on the lab's bridge) and a pcap file in the capture editor
// work there, the helper running on code-server's own runtime. The image is checked from inside
// the namespace code-server runs in. Screenshots go to test-results/e2e-no-node/.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { CaptureFixture, ExpectedDevice } from '../extensionHost/harnessProtocol';
import { runOk } from '../lab/exec';
import type { Lab } from '../lab/lab';
import { createLab, labSkipReason } from '../lab/lab';
import { labVendors, vendorMac } from '../lab/vendors';
import { formatCount } from '../../src/shared/format/displayFormat';
import type { LanLensWorkbench } from '../workbench/lanLensWorkbench';
import { startLanLensWorkbench } from '../workbench/lanLensWorkbench';
import { Screenshots } from '../workbench/screenshots';
import { workspaceCaptures } from '../workbench/captureFixtures';
import { repoRoot, workbenchNode, workbenchSkipReason } from '../workbench/codeServer';
import { dashboardFrame, frameText, showTab, summaryFigures } from '../workbench/dashboardFrame';
import { expectedDevices } from '../workbench/expectedDevices';
import type { NoNodeImage } from '../workbench/noNodeImage';
import { noNodeImage, noNodeImageSkipReason, probeImage } from '../workbench/noNodeImage';
import { waitFor } from '../workbench/waitFor';
import { helperLogEnds, runCommand, showHelperLog, startCaptureFromPalette, treeRows } from '../workbench/workbenchUi';
import { labSettings } from '../workbench/workbenchSettings';

const skip = workbenchSkipReason() ?? labSkipReason() ?? noNodeImageSkipReason();
const SUBNET = '10.213.35'; // this suite's own /24 (see test/lab/lab.ts)
const results = path.join(repoRoot, 'test-results', 'e2e-no-node');
// The log line naming the helper's runtime (src/shared/helperProtocol.ts describeRuntime).
const HELPER_RUNNING = /Helper \S+ running \(pid (\d+)\) on Node (v\d+\.\d+\.\d+) \(ABI (\d+)\) at (\S+)\./;

describe('LAN Lens on a machine without Node.js, on code-server’s own runtime', { skip, timeout: 300_000 }, () => {
  let lab: Lab;
  let expected: ExpectedDevice[];
  let image: NoNodeImage;
  let fixture: CaptureFixture | undefined;
  let lanLens: LanLensWorkbench | undefined;
  let page: Page;
  const shots = new Screenshots(results);
  const shoot = (name: string) => shots.take(page, name);

  before(async () => {
    rmSync(results, { recursive: true, force: true });
    mkdirSync(results, { recursive: true });
    lab = await createLab({
      suite: 'nonode',
      bridgeIp: `${SUBNET}.1`,
      hosts: [0, 1, 2].map((i) => ({ ip: `${SUBNET}.${11 + i}`, mac: vendorMac(labVendors[i].oui, 0x35 + i) })),
    });
    expected = expectedDevices(lab, { namesResolved: false });
    image = noNodeImage(results);
    const settings = {
      ...labSettings({ cidr: lab.cidr, bridge: lab.bridge }),
      'lanLens.traffic.interface': lab.bridge,
    };
    lanLens = await startLanLensWorkbench(path.join(results, 'profile'), {
      settings,
      prepare: async (profile) => {
        fixture = (await workspaceCaptures(profile.workspace))?.good;
      },
      image,
    });
    page = lanLens.page;
  });

  after(async () => {
    await lanLens?.stop();
    lab?.destroy();
  });

  test('inside the image no node is on PATH and no Node binary but code-server’s is readable', async () => {
    const probe = await probeImage(image, lanLens!.workbench.process.pid!);
    console.log(`# hidden: ${[...image.hidden.files, ...image.hidden.folders].join(', ')}`);
    assert.equal(probe.nodeOnPath, '', '`command -v node` finds nothing');
    assert.deepEqual(probe.nodeFiles, [workbenchNode], 'the only Node binary left is code-server’s own');
    const { stdout } = await runOk(workbenchNode, ['-p', 'process.version']);
    assert.doesNotMatch(stdout, /^v20\./, 'code-server’s own Node is not Node 20');
  });

  test('"LAN Lens: Scan LAN" lists every lab host', async () => {
    await page.getByRole('tab', { name: /^LAN Lens/ }).click();
    await runCommand(page, 'LAN Lens: Scan LAN');
    let rows = new Map<string, string>();
    await waitFor(
      async () => {
        rows = await treeRows(page);
        return expected.every((device) => rows.get(device.label) === device.description);
      },
      { timeoutMs: 30_000, what: 'every lab host in the Devices tree' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify([...rows])}`);
    });
    await shoot('devices');
  });

  test('the helper log names code-server’s own runtime, which the helper process runs on', async () => {
    await showHelperLog(page);
    let text = '';
    await waitFor(async () => HELPER_RUNNING.test((text = await helperLogEnds(page))), {
      timeoutMs: 15_000,
      what: 'the helper’s runtime in the LAN Lens log',
    });
    await shoot('helper-log');
    const [, pid, version, abi, execPath] = HELPER_RUNNING.exec(text)!;
    const { stdout } = await runOk(workbenchNode, ['-p', 'process.version + " " + process.versions.modules']);
    assert.equal(execPath, workbenchNode, 'the helper runs on code-server’s own Node');
    assert.equal(`${version} ${abi}`, stdout.trim(), 'the log names its version and ABI');
    const started = /Helper started in (\d+) ms\./.exec(text)?.[1] ?? '?';
    console.log(`# helper start: ${started} ms on Node ${version} (ABI ${abi}) at ${execPath}`);
    // The process itself: code-server's binary, ELECTRON_RUN_AS_NODE as for VS Code's own helpers,
    // in code-server's mount namespace (the image), not in this machine's.
    assert.equal(readlinkSync(`/proc/${pid}/exe`), workbenchNode);
    assert.ok(readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes('ELECTRON_RUN_AS_NODE=1'));
    const namespace = (of: number | string) => readlinkSync(`/proc/${of}/ns/mnt`);
    assert.equal(namespace(pid), namespace(lanLens!.workbench.process.pid!), 'the helper is inside the image');
    assert.notEqual(namespace(pid), namespace('self'));
  });

  test('"LAN Lens: Show Traffic" and a capture on the lab bridge show its packets', async () => {
    await runCommand(page, 'LAN Lens: Show Traffic');
    const frame = await dashboardFrame(page, '.capture-controls', 'the live dashboard');
    await startCaptureFromPalette(page, lab.bridge, 'icmp');
    await waitFor(async () => (await frameText(frame, '.summary')).startsWith(`Capturing on ${lab.bridge}`), {
      timeoutMs: 20_000,
      what: 'the dashboard to say it captures on the bridge',
    });
    const [host] = lab.hosts;
    await runOk('ip', ['netns', 'exec', host.namespace, 'busybox', 'ping', '-c', '3', '-i', '0.2', lab.bridgeIp], {
      timeoutMs: 15_000,
    });
    // Three echo requests and their three replies.
    await waitFor(async () => Number((await summaryFigures(frame)).packets?.replace(/,/g, '') ?? 0) >= 6, {
      timeoutMs: 15_000,
      what: 'six packets in the summary',
    });
    await showTab(frame, 'packets');
    await waitFor(async () => (await frame.locator('.packets-view .vt-row').count()) >= 6, {
      timeoutMs: 10_000,
      what: 'the echoes among the packets',
    });
    const cells = await frame.locator('.packets-view .vt-row td').allTextContents();
    assert.ok(cells.includes(host.ip) && cells.includes(lab.bridgeIp), `the lab's addresses: ${cells.join(' ')}`);
    await shoot('traffic');
    await showTab(frame, 'overview');
    await frame.locator('vscode-button', { hasText: 'Stop' }).click();
    await waitFor(async () => (await frameText(frame, '.summary')).startsWith(`Captured on ${lab.bridge}`), {
      timeoutMs: 20_000,
      what: 'the capture to stop',
    });
  });

  test('a pcap file opens in the capture editor with its statistics', async (t) => {
    if (!fixture) return t.skip('tshark is not installed');
    const good = fixture;
    await page.keyboard.press('Control+Shift+E');
    const entry = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'lab-small.pcap' });
    await entry.waitFor({ timeout: 15_000 });
    await entry.dblclick();
    const frame = await dashboardFrame(page, '.file-heading', 'the capture-file editor');
    assert.equal(await frameText(frame, '.file-heading'), good.path);
    await waitFor(async () => (await summaryFigures(frame)).packets === formatCount(good.packets), {
      timeoutMs: 20_000,
      what: `${good.packets} packets in the summary`,
    });
    await waitFor(async () => (await frame.locator('.protocol-table tbody tr').count()) > 0, {
      timeoutMs: 10_000,
      what: 'the protocol hierarchy',
    });
    await shoot('pcap-file');
  });
});
