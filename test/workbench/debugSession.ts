// Debugging in the workbench as the debug e2e test does it: the debuggees' own account of their
// pids (test/lab/debuggee.js and .py append to a log), starting a launch configuration from the
// palette, the debug traffic panel's pause and exports (through VS Code's save dialog), and its
// connections held beside `ss -tinpe`.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { SocketRow } from '../../src/shared/model/sockets';
import { ssSockets } from '../lab/ssOracle';
import type { SsSocket } from '../lab/ssOracle';
import { dashboardFrame, frameText } from './dashboardFrame';
import { answerSaveDialog } from './saveDialog';
import { waitFor } from './waitFor';
import { runCommand } from './workbenchUi';

/** What a JSON export of the panel holds (src/extension/sockets/socketsWriter.ts). */
export interface ConnectionsExport {
  rows: SocketRow[];
  processes: { pid: number }[];
  debug: { attribution: string; roots: { pid: number; how: string }[] };
}

/** The log the debuggees write: `role pid` as each starts, `role pid idle` once its traffic is done. */
export class DebuggeeLog {
  constructor(readonly file: string) {}

  /** Pids by role, oldest first, and which are idle. */
  read(): { pids: Map<string, number[]>; idle: Set<number> } {
    const lines = existsSync(this.file) ? readFileSync(this.file, 'utf8').trim().split('\n') : [];
    const pids = new Map<string, number[]>();
    const idle = new Set<number>();
    for (const [role = '', pid, done] of lines.filter(Boolean).map((line) => line.split(' '))) {
      if (done === 'idle') idle.add(Number(pid));
      else pids.set(role, [...(pids.get(role) ?? []), Number(pid)]);
    }
    return { pids, idle };
  }

  /** Waits until a process of each role newer than those in `after` is idle; answers their pids. */
  async idle(roles: string[], after: Map<string, number[]>): Promise<number[]> {
    const newest = () => roles.map((role) => this.read().pids.get(role)?.at(-1) ?? 0);
    await waitFor(
      () => {
        const { pids, idle } = this.read();
        return roles.every((role) => {
          const list = pids.get(role) ?? [];
          const last = list[list.length - 1];
          return list.length > (after.get(role)?.length ?? 0) && last !== undefined && idle.has(last);
        });
      },
      { timeoutMs: 60_000, what: `${roles.join(', ')} to finish their traffic` },
    );
    return newest();
  }

  /** Kills every process the log names (the test's cleanup). */
  killAll(): void {
    for (const list of this.read().pids.values())
      for (const pid of list) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
  }
}

/** Gives the workbench the keyboard back (a webview that had it may be gone): a click on the side bar's title. */
export async function focusWorkbench(page: Page): Promise<void> {
  await page.locator('.part.sidebar .composite.title').first().click();
}

/**
 * Starts the launch configuration `name` as "Debug: Select and Start Debugging" does (the quick
 * open's `debug ` prefix lists the configurations), with `file` opened from the Explorer first as a
 * user has their program open, or with no editor open at all (`openProgram: false`); resolves to
 * the traffic panel's frame. A screenshot of each try that found no configuration goes to `results`.
 */
export async function startDebugging(
  page: Page,
  name: string,
  file: string,
  results: string,
  { openProgram = true }: { openProgram?: boolean } = {},
): Promise<Frame> {
  // In the first group, not the panel's: the debugger shows a stop's source in the active group.
  await focusWorkbench(page);
  await page.keyboard.press('Control+1');
  if (openProgram) {
    await page.keyboard.press('Control+Shift+E');
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).first().click();
    await page.locator('.editor-group-container.active .tab.active', { hasText: file }).waitFor();
  } else assert.equal(await page.locator('.editor-group-container .tab').count(), 0, 'no editor open');
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name });
  const none = page.locator('.quick-input-list .monaco-list-row', { hasText: 'No matching launch configurations' });
  // The first time, the configurations may not be listed yet (launch.json read, debuggers
  // activated), and an open quick open never lists them later: ask again until it does.
  const deadline = Date.now() + 60_000;
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor();
    await input.fill(`debug ${name}`);
    try {
      await row.or(none).filter({ visible: true }).first().waitFor({ timeout: 15_000 });
      if ((await row.filter({ visible: true }).count()) > 0) break;
      if (Date.now() > deadline)
        throw new Error(`"${name}" not among the launch configurations after ${attempt} tries`);
    } catch (error) {
      await page.screenshot({ path: path.join(results, `failed-debug-quick-open-${attempt}.png`) });
      throw error;
    }
    await page.keyboard.press('Escape');
    await page.waitForTimeout(250); // between tries, not a wait for anything
  }
  await page.keyboard.press('Enter');
  return dashboardFrame(page, '.debug-part .session-title', 'the debug traffic panel');
}

/**
 * While stopped at the breakpoint: the stop's source (`file`, its line marked) and the traffic
 * panel are each the shown editor of a different group, both on screen.
 */
export async function assertSourceBesidePanel(page: Page, frame: Frame, file: string): Promise<void> {
  const groups = page.locator('.editor-group-container');
  const shownIn = async (label: string) => {
    const found: number[] = [];
    for (let index = 0; index < (await groups.count()); index++) {
      const group = groups.nth(index);
      if ((await group.isVisible()) && (await group.locator('.tab.active', { hasText: label }).count()) > 0)
        found.push(index);
    }
    return found;
  };
  const tabs = async () => (await page.locator('.editor-group-container .tab').allTextContents()).join(' | ');
  await waitFor(async () => (await shownIn(file)).length > 0, {
    timeoutMs: 20_000,
    what: `the stop's source ${file} shown in a group`,
  }).catch(async (error: Error) => {
    throw new Error(`${error.message}; tabs: ${await tabs()}`);
  });
  const source = await shownIn(file);
  const panel = await shownIn('LAN Lens Debug Traffic');
  assert.equal(panel.length, 1, `the panel shown in a group: tabs ${await tabs()}`);
  assert.ok(!source.includes(panel[0]), `the source and the panel in different groups: tabs ${await tabs()}`);
  const line = page.locator('.editor-group-container .monaco-editor .debug-top-stack-frame-line');
  assert.ok(await line.first().isVisible(), 'the stopped line is marked in the visible source');
  // The panel's page and each iframe holding it (VS Code nests a webview's page in two).
  for (let inner: Frame | null = frame; inner && inner !== page.mainFrame(); inner = inner.parentFrame())
    assert.ok(await (await inner.frameElement()).isVisible(), 'the panel visible');
  assert.ok(await frame.locator('.session-title').isVisible(), 'the panel’s page visible');
}

/** Clicks an export button of the panel, accepts the save dialog's default, answers the file written. */
export async function exportFrom(page: Page, frame: Frame, label: string): Promise<{ file: string; count: number }> {
  // The notice still says where the previous export went: wait for this one's.
  const previous = await frameText(frame, '.notice');
  await frame.locator('vscode-button', { hasText: label }).click();
  await answerSaveDialog(page);
  let saved: RegExpExecArray | null = null;
  const notice = async () => {
    const text = await frameText(frame, '.notice');
    return text === previous ? null : /^Saved ([\d,]+) \w+ to (.+)$/.exec(text);
  };
  await waitFor(async () => (saved = await notice()) !== null, {
    timeoutMs: 20_000,
    what: `the panel to say where ${label} went`,
  }).catch(async (error: Error) => {
    throw new Error(`${error.message}; the notice says "${await frameText(frame, '.notice')}"`);
  });
  const [, count = '', file = ''] = saved!;
  return { file, count: Number(count.replace(/,/g, '')) };
}

/**
 * The panel while the program is stopped at its breakpoint: a pause band and "paused at a
 * breakpoint now" (`whilePaused` runs then, a few ticks in), then `Debug: Continue` ends the pause.
 */
export async function pauseAndContinue(page: Page, frame: Frame, whilePaused: () => Promise<void>): Promise<void> {
  await waitFor(async () => (await frameText(frame, '.paused-note')) === 'paused at a breakpoint now', {
    timeoutMs: 60_000,
    what: 'the panel to show the program paused at its breakpoint',
  });
  assert.ok((await frame.locator('rect.pause-band').count()) >= 1, 'a pause band');
  // For the screenshots, a band a few ticks wide: the chart redrawn twice more while paused.
  const bandWidth = async () => (await frame.locator('rect.pause-band').last().getAttribute('width')) ?? '';
  const widths = new Set([await bandWidth()]);
  await waitFor(async () => widths.add(await bandWidth()).size >= 3, {
    timeoutMs: 10_000,
    what: () => `the pause band to widen over two ticks (widths ${[...widths].join(', ')})`,
  });
  await whilePaused();
  await focusWorkbench(page);
  await runCommand(page, 'Debug: Continue');
  await waitFor(async () => /^\d+ pauses?$/.test(await frameText(frame, '.paused-note')), {
    timeoutMs: 20_000,
    what: 'the pause to end',
  });
}

/**
 * The panel's connections (its JSON export) beside `ss -tinpe` read just before and after: every
 * connection of `pids` to the lab (`labPrefix`) is a row with ss's cookie, owner and byte counts
 * (tcp_info's, so equal within the tick that may pass between the readings); nothing of `noisePid`.
 */
export async function assertPanelLikeSs(
  page: Page,
  frame: Frame,
  { pids, noisePid, labPrefix }: { pids: number[]; noisePid: number; labPrefix: string },
): Promise<ConnectionsExport> {
  const before = await ssSockets();
  const { file, count } = await exportFrom(page, frame, 'Export JSON');
  const after = await ssSockets();
  const exported = JSON.parse(readFileSync(file, 'utf8')) as ConnectionsExport;
  assert.equal(exported.rows.length, count, 'the notice counts the rows written');
  const toLab = (list: SsSocket[]) =>
    list.filter((socket) => socket.pid !== undefined && pids.includes(socket.pid) && socket.peer.startsWith(labPrefix));
  const rows = new Map(exported.rows.filter((row) => row.closedAt === undefined).map((row) => [row.id, row]));
  const held = toLab(after).filter((socket) => before.some((old) => old.cookie === socket.cookie));
  assert.ok(held.length >= 2, `the debuggees keep connections to the lab open: ${JSON.stringify(toLab(after))}`);
  const within = (value: number | undefined, a: number, b: number) =>
    value !== undefined && value >= Math.min(a, b) && value <= Math.max(a, b);
  for (const socket of held) {
    const row = rows.get(socket.cookie);
    const old = before.find((candidate) => candidate.cookie === socket.cookie)!;
    const what = `${socket.localPort} → ${socket.peer}:${socket.peerPort} (pid ${socket.pid})`;
    assert.ok(row, `ss's socket ${what} is a row`);
    console.log(
      `# ${what}: ss ${socket.bytesAcked}/${socket.bytesReceived} B acked/received, panel ${row.bytesAcked}/${row.bytesReceived} B`,
    );
    assert.equal(row.pid, socket.pid, what);
    assert.ok(
      within(row.bytesAcked, old.bytesAcked, socket.bytesAcked) &&
        within(row.bytesReceived, old.bytesReceived, socket.bytesReceived),
      `bytes of ${what}: panel ${row.bytesAcked}/${row.bytesReceived}, ss ${old.bytesAcked}/${old.bytesReceived} then ${socket.bytesAcked}/${socket.bytesReceived}`,
    );
  }
  // None of the noise: not its process, not one of its sockets.
  const noisePorts = new Set(after.filter((socket) => socket.pid === noisePid).map((socket) => socket.localPort));
  assert.ok(noisePorts.size >= 1, 'the noise holds connections too');
  assert.ok(!exported.processes.some((entry) => entry.pid === noisePid), 'the noise is not among the processes');
  assert.ok(!exported.rows.some((row) => row.pid === noisePid || noisePorts.has(row.localPort)), 'no row of the noise');
  return exported;
}

/**
 * Waits for the capture's lines of a session whose debuggees are idle (the last capture tick may
 * still be on its way): a TLS line to secure.lab, the HTTP request for `hostilePath` and an answer,
 * and `pid`'s refused, timed-out and reset connections to `server` and `silent`.
 */
export async function waitForSessionLines(
  frame: Frame,
  pid: number,
  { server, silent, hostilePath }: { server: string; silent: string; hostilePath: string },
): Promise<void> {
  const kinds = [`refused: ${server}:7001`, `timeout: ${silent}:80`, `reset: ${server}:9000`];
  const read = async (selector: string) => frame.locator(selector).allTextContents();
  let seen = { tls: [] as string[], http: [] as string[], errors: [] as string[] };
  await waitFor(
    async () => {
      seen = {
        tls: await read('.captured-tls li'),
        http: await read('.captured-http li'),
        errors: await read('.errors li'),
      };
      return (
        seen.tls.some((line) => line.includes('secure.lab')) &&
        seen.http.some((line) => line.includes(`GET ${hostilePath} HTTP/1.1`)) &&
        seen.http.some((line) => line.includes('HTTP/1.1 200 OK')) &&
        kinds.every((kind) => seen.errors.some((line) => line.includes(kind) && line.includes(String(pid))))
      );
    },
    {
      timeoutMs: 20_000,
      what: () =>
        `the session's TLS, HTTP and error lines of pid ${pid}; TLS: ${seen.tls.join(' | ')}; HTTP: ${seen.http.join(' | ')}; errors: ${seen.errors.join(' | ')}`,
    },
  );
}
