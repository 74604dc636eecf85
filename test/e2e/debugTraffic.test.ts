// The debug session's traffic panel in a real VS Code (code-server) driven through Chromium, on a
// lab of its own (test/lab/debugLab.ts: dnsmasq, HTTP, HTTPS, a reset server, a lossy closed port,
// a silent host): a Node program launched with js-debug (test/lab/debuggee.js) that spawns a child,
// then a Python one under Debian's debugpy (test/lab/debuggee.py), while an undebugged twin makes
// the same traffic as noise. Once without capture (sockets only) and once with a capture on the
// lab's bridge (exact): the panel names both pids and how they were learnt, its mode, the
// refused, timed-out and reset connections, a pause band while stopped at a breakpoint, the DNS
// names, the SNI and the HTTP lines (a request path that is markup stays text); its exported
// connections carry the kernel's byte counts as `ss -tinpe` reads them in the same test, none of
// the noise; its pcap holds exactly the session's conversations as tshark reads them. No CSP
// violation; screenshots light and dark under test-results/e2e/debug/.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { DebugLab } from '../lab/debugLab';
import { createDebugLab } from '../lab/debugLab';
import { runOk } from '../lab/exec';
import { labSkipReason } from '../lab/lab';
import type { LanLensWorkbench } from '../workbench/lanLensWorkbench';
import { startLanLensWorkbench } from '../workbench/lanLensWorkbench';
import { packageDebugpyAdapter, packageLanLens } from '../workbench/artifacts';
import type { Profile } from '../workbench/codeServer';
import { repoRoot, workbenchSkipReason } from '../workbench/codeServer';
import { assertNoInjection, frameText } from '../workbench/dashboardFrame';
import {
  assertPanelLikeSs,
  assertSourceBesidePanel,
  DebuggeeLog,
  exportFrom,
  focusWorkbench,
  pauseAndContinue,
  startDebugging,
  waitForSessionLines,
} from '../workbench/debugSession';
import { Screenshots } from '../workbench/screenshots';
import { waitFor } from '../workbench/waitFor';
import { runCommand, setColorTheme, startCaptureFromPalette } from '../workbench/workbenchUi';
import { labSettings } from '../workbench/workbenchSettings';

const PYTHON = '/usr/bin/python3';
const skip =
  workbenchSkipReason() ??
  labSkipReason() ??
  (existsSync('/usr/lib/python3/dist-packages/debugpy') ? undefined : 'python3-debugpy is not installed');
const THIRD = 82; // this suite's own 10.213.82.0/24 (see test/lab/lab.ts)
const HOSTILE_PATH = '/<img/src=x/onerror=alert(1)>';
const results = path.join(repoRoot, 'test-results', 'e2e', 'debug');
const themes = { light: 'Light Modern', dark: 'Dark Modern' } as const;

describe('the debug session’s traffic in VS Code, as a user', { skip, timeout: 600_000 }, () => {
  let lab: DebugLab;
  let profile: Profile;
  let lanLens: LanLensWorkbench | undefined;
  let page: Page;
  let noise: ChildProcess | undefined;
  const pidLog = () => path.join(profile.root, 'debuggees.log');
  const debuggees = () => new DebuggeeLog(pidLog());
  const labPrefix = `10.213.${THIRD}.`;
  const dialogs: string[] = [];
  const cspMessages: string[] = [];
  let theme: keyof typeof themes = 'dark';
  const shots = new Screenshots(results, false);

  /** Shoots the workbench in both themes, back in dark after. */
  const shootBothThemes = async (name: string) => {
    for (const which of ['light', 'dark'] as const) {
      if (theme !== which) await setColorTheme(page, themes[which]);
      theme = which;
      await shots.take(page, `${name}-${which}`);
    }
  };

  before(async () => {
    rmSync(results, { recursive: true, force: true });
    mkdirSync(results, { recursive: true });
    const [, debugpy] = await Promise.all([packageLanLens(), packageDebugpyAdapter()]);
    lab = await createDebugLab('dbge', THIRD);
    const settings = {
      ...labSettings({ cidr: lab.lab.cidr, bridge: lab.lab.bridge }),
      'workbench.colorTheme': themes.dark,
      'debug.openDebug': 'neverOpen',
      'debug.internalConsoleOptions': 'neverOpen',
    };
    lanLens = await startLanLensWorkbench(path.join(results, 'profile'), {
      settings,
      // The debuggees and their launch configurations, in the workspace.
      prepare: (created) => {
        profile = created;
        const env = { ...lab.env, LANLENS_DEBUGGEE_LOG: pidLog() };
        for (const file of ['debuggee.js', 'debuggee.py'])
          copyFileSync(path.join(repoRoot, 'test', 'lab', file), path.join(profile.workspace, file));
        mkdirSync(path.join(profile.workspace, '.vscode'));
        writeFileSync(
          path.join(profile.workspace, '.vscode', 'launch.json'),
          JSON.stringify(
            {
              version: '0.2.0',
              configurations: [
                {
                  type: 'node',
                  request: 'launch',
                  name: 'Debuggee (Node)',
                  program: '${workspaceFolder}/debuggee.js',
                  args: ['main'],
                  runtimeExecutable: process.execPath,
                  env,
                },
                {
                  type: 'debugpy',
                  request: 'launch',
                  name: 'Debuggee (Python)',
                  program: '${workspaceFolder}/debuggee.py',
                  args: ['main'],
                  python: PYTHON,
                  console: 'internalConsole',
                  subProcess: false,
                  env,
                },
              ],
            },
            null,
            2,
          ),
        );
      },
      extensions: [debugpy],
      problems: { dialogs, cspMessages },
      lanLensTab: 'shown',
    });
    page = lanLens.page;
  });

  after(async () => {
    await lanLens?.stop();
    noise?.kill('SIGKILL');
    if (profile) debuggees().killAll();
    await lab?.destroy();
    console.log(`# ${shots.files.length} screenshots in ${path.relative(repoRoot, results)}/`);
  });

  /** Starts the undebugged twin: the same traffic, from a process no debugger knows. */
  const startNoise = () => {
    noise?.kill('SIGKILL');
    noise = spawn(process.execPath, [path.join(profile.workspace, 'debuggee.js'), 'noise'], {
      env: { ...process.env, ...lab.env, LANLENS_DEBUGGEE_LOG: pidLog() },
      stdio: 'ignore',
    });
  };

  test('js-debug without capture, no editor open: the source beside the panel, sockets only, both pids, errors, a pause band, ss’s bytes, no noise', async () => {
    const earlier = debuggees().read().pids;
    startNoise();
    const frame = await startDebugging(page, 'Debuggee (Node)', 'debuggee.js', results, { openProgram: false });
    await waitFor(async () => (await frameText(frame, '.mode-badge')) === 'Sockets only', {
      timeoutMs: 30_000,
      what: 'the attribution mode',
    }).catch(async (error: Error) => {
      throw new Error(
        `${error.message}: "${await frameText(frame, '.mode-badge')}" (${await frameText(frame, '.mode-note')})`,
      );
    });
    assert.match(await frameText(frame, '.session-title'), /^Debuggee \(Node\) \((pwa-)?node\)$/);
    await pauseAndContinue(page, frame, async () => {
      await assertSourceBesidePanel(page, frame, 'debuggee.js');
      await shootBothThemes('node-paused');
    }).catch(async (error: Error) => {
      await page.screenshot({ path: path.join(results, 'failed-pause-no-editor.png') });
      throw error;
    });
    const [main, child, noisePid] = await debuggees().idle(['main', 'child', 'noise'], earlier);
    // Both debuggee processes: the main one named by js-debug, its child found in the tree (or named too).
    await waitFor(async () => (await frameText(frame, '.roots')).includes(`${main} (js-debug child session)`), {
      timeoutMs: 10_000,
      what: `the main pid ${main} among the roots`,
    });
    const processes = await frame.locator('table[aria-label="Processes"] tr.vt-row').allTextContents();
    assert.ok(
      processes.some((text) => text.includes(String(main))),
      `main ${main} in ${processes.join(' | ')}`,
    );
    assert.ok(
      processes.some((text) => text.includes(String(child))),
      `child ${child} in ${processes.join(' | ')}`,
    );
    assert.ok(!processes.some((text) => text.includes(String(noisePid))), 'the noise is not listed');
    // Errors: the refused connect and the timeout; a reset looks like a close without capture.
    const errors = await frame.locator('.errors li').allTextContents();
    assert.ok(
      errors.some((line) => line.includes(`refused: ${lab.server}:7001 (node ${main})`)),
      errors.join('\n'),
    );
    assert.ok(
      errors.some((line) => line.includes(`timeout: ${lab.silent}:80 (node ${main})`)),
      errors.join('\n'),
    );
    assert.equal(await frame.locator('.captured').isVisible(), false, 'no capture lists without capture');
    await assertPanelLikeSs(page, frame, { pids: [main, child], noisePid, labPrefix });
    const csv = await exportFrom(page, frame, 'Export CSV');
    assert.equal(readFileSync(csv.file, 'utf8').trim().split('\n').length, csv.count + 1, 'a header and a line a row');
    await assertNoInjection(frame, dialogs);
    await shootBothThemes('node-sockets-only');
    await focusWorkbench(page);
    await runCommand(page, 'Debug: Stop');
  });

  test('js-debug with a capture: exact, names, SNI, HTTP lines as text, the reset, the session’s pcap', async () => {
    await focusWorkbench(page);
    await startCaptureFromPalette(page, lab.lab.bridge, 'not ip6');
    const earlier = debuggees().read().pids;
    startNoise();
    const frame = await startDebugging(page, 'Debuggee (Node)', 'debuggee.js', results);
    await waitFor(async () => (await frameText(frame, '.mode-badge')) === 'Exact', {
      timeoutMs: 30_000,
      what: 'the exact mode',
    });
    await pauseAndContinue(page, frame, () => shootBothThemes('node-capture-paused'));
    const [main, child, noisePid] = await debuggees().idle(['main', 'child', 'noise'], earlier);
    const lists = async (name: string) => frame.locator(`.captured-${name} li`).allTextContents();
    await waitForSessionLines(frame, main, { server: lab.server, silent: lab.silent, hostilePath: HOSTILE_PATH });
    // api.lab and secure.lab are the same address: the name DNS answered last for it.
    const dns = await lists('dns');
    assert.ok(
      dns.some((line) => line === `api.lab → ${lab.server}` || line === `secure.lab → ${lab.server}`),
      dns.join(' | '),
    );
    const tls = await lists('tls');
    assert.ok(
      tls.some((line) => line.includes(`secure.lab at ${lab.server}:443 (node ${main})`)),
      tls.join(' | '),
    );
    const http = await lists('http');
    assert.ok(
      http.some((line) => line.includes('GET /hello HTTP/1.1')),
      http.join(' | '),
    );
    assert.ok(
      http.some((line) => line.includes('HTTP/1.1 200 OK')),
      http.join(' | '),
    );
    assert.ok(
      http.some((line) => line.includes(`GET ${HOSTILE_PATH} HTTP/1.1`)),
      'the markup path, as text',
    );
    const errors = await frame.locator('.errors li').allTextContents();
    for (const kind of [`refused: ${lab.server}:7001`, `timeout: ${lab.silent}:80`, `reset: ${lab.server}:9000`])
      assert.ok(
        errors.some((line) => line.includes(`${kind} (node ${main})`)),
        `${kind} in ${errors.join('\n')}`,
      );
    await assertNoInjection(frame, dialogs);
    await shootBothThemes('node-capture');

    // The session's packets: exactly its conversations to the lab, as tshark reads the file.
    const exported = await assertPanelLikeSs(page, frame, { pids: [main, child], noisePid, labPrefix });
    const { file, count } = await exportFrom(page, frame, 'Export pcap');
    const frames = (await runOk('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.number'])).stdout
      .trim()
      .split('\n');
    assert.equal(frames.length, count, 'the notice counts the packets tshark reads');
    // This machine's end of each conversation is the bridge's address.
    const here = `10.213.${THIRD}.1`;
    const tcpLines = await runOk('tshark', [
      '-r',
      file,
      '-Y',
      'tcp',
      '-T',
      'fields',
      '-E',
      'separator=,',
      '-e',
      'ip.src',
      '-e',
      'tcp.srcport',
      '-e',
      'ip.dst',
      '-e',
      'tcp.dstport',
    ]);
    const conversations = new Set(
      tcpLines.stdout
        .trim()
        .split('\n')
        .map((line) => {
          const [a, aPort, b, bPort] = line.split(',');
          return a === here ? `${aPort} ${b}:${bPort}` : `${bPort} ${a}:${aPort}`;
        }),
    );
    const sessionLab = new Set(
      exported.rows
        .map((row) => ({ ...row, remoteAddress: row.remoteAddress.replace(/^::ffff:/, '') }))
        .filter((row) => row.protocol === 'tcp' && row.remoteAddress.startsWith(`10.213.${THIRD}.`))
        .map((row) => `${row.localPort} ${row.remoteAddress}:${row.remotePort}`),
    );
    console.log(
      `# pcap: ${count} packets in ${conversations.size} TCP conversations; the session's TCP rows to the lab: ${sessionLab.size}`,
    );
    assert.deepEqual(
      [...conversations].sort(),
      [...sessionLab].sort(),
      'the pcap holds the session’s conversations, and only them',
    );
    const requests = (
      await runOk('tshark', ['-r', file, '-Y', 'http.request', '-T', 'fields', '-e', 'http.request.uri'])
    ).stdout
      .trim()
      .split('\n');
    assert.ok(requests.includes(HOSTILE_PATH), requests.join(' | '));
    const snis = (
      await runOk('tshark', [
        '-r',
        file,
        '-Y',
        'tls.handshake.type == 1',
        '-T',
        'fields',
        '-e',
        'tls.handshake.extensions_server_name',
      ])
    ).stdout
      .trim()
      .split('\n');
    assert.deepEqual([...new Set(snis)], ['secure.lab']);
    assert.equal(snis.length, (await lists('tls')).length, 'a TLS line per Client Hello tshark reads');
    assert.deepEqual(cspMessages, [], 'no CSP violation in any view');
    await focusWorkbench(page);
    await runCommand(page, 'Debug: Stop');
  });

  test('debugpy: the process event’s pid, its child, the same traffic, a pause band', async () => {
    const earlier = debuggees().read().pids;
    startNoise();
    const frame = await startDebugging(page, 'Debuggee (Python)', 'debuggee.py', results);
    await waitFor(async () => /\(process event\)/.test(await frameText(frame, '.roots')), {
      timeoutMs: 60_000,
      what: 'the pid from debugpy’s process event',
    }).catch(async (error: Error) => {
      throw new Error(
        `${error.message}: "${await frameText(frame, '.roots')}" (${await frameText(frame, '.mode-note')})`,
      );
    });
    assert.match(await frameText(frame, '.session-title'), /^Debuggee \(Python\) \(debugpy\)$/);
    assert.equal(await frameText(frame, '.mode-badge'), 'Exact');
    await pauseAndContinue(page, frame, () => shootBothThemes('python-paused'));
    const [main, child, noisePid] = await debuggees().idle(['main', 'child', 'noise'], earlier);
    await waitForSessionLines(frame, main, { server: lab.server, silent: lab.silent, hostilePath: HOSTILE_PATH });
    assert.ok((await frameText(frame, '.roots')).includes(`${main} (process event)`));
    const processes = await frame.locator('table[aria-label="Processes"] tr.vt-row').allTextContents();
    assert.ok(
      processes.some((text) => text.includes(String(child))),
      `child ${child} in ${processes.join(' | ')}`,
    );
    const errors = await frame.locator('.errors li').allTextContents();
    for (const kind of [`refused: ${lab.server}:7001`, `timeout: ${lab.silent}:80`, `reset: ${lab.server}:9000`])
      assert.ok(
        errors.some((line) => line.includes(kind) && line.includes(String(main))),
        `${kind} in ${errors.join('\n')}`,
      );
    const tls = await frame.locator('.captured-tls li').allTextContents();
    assert.ok(
      tls.some((line) => line.includes('secure.lab')),
      tls.join(' | '),
    );
    const http = await frame.locator('.captured-http li').allTextContents();
    assert.ok(
      http.some((line) => line.includes(`GET ${HOSTILE_PATH} HTTP/1.1`)),
      http.join(' | '),
    );
    await assertPanelLikeSs(page, frame, { pids: [main, child], noisePid, labPrefix });
    await assertNoInjection(frame, dialogs);
    await shootBothThemes('python-capture');
    await focusWorkbench(page);
    await runCommand(page, 'Debug: Stop');
    assert.deepEqual(cspMessages, [], 'no CSP violation in any view');
  });
});
