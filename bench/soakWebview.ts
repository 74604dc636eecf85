// The soak's webview (bench/soak.ts): the traffic dashboard's built bundle in Chromium, in the
// panel's own page as the webview tests open it (test/webview/webviewPage.ts), fed what the live
// dashboard forwards from the extension's capture store (each tick's delta, a reset when a capture
// starts or stops) and asked, on the soak's word, for its JS heap after a collection (CDP). A child
// process of the soak, so that Playwright's own objects stay out of the heap the soak measures for
// the extension host; the two speak over the IPC channel (SoakWebviewMessage).
import type { CDPSession } from 'playwright-core';
import { ReadyRequest, ResetNotification, SnapshotRequest, TickNotification } from '../src/shared/webviewProtocol';
import type { DashboardState, DashboardTick } from '../src/shared/webviewProtocol';
import { openWebview, webviewSkipReason } from '../test/webview/webviewPage';

/** From the soak to this process. */
export type ToWebview =
  | { kind: 'state'; id: number; state: DashboardState }
  | { kind: 'tick'; tick: DashboardTick }
  | { kind: 'reset'; state: DashboardState }
  | { kind: 'heap'; id: number }
  | { kind: 'close' };

/** From this process to the soak. */
export type FromWebview =
  | { kind: 'opened' }
  | { kind: 'state'; id: number }
  | { kind: 'heap'; id: number; usedMiB: number; resyncs: number; ticks: number; pageErrors: string[] }
  | { kind: 'failed'; message: string };

const send = (message: FromWebview) => process.send?.(message);

async function main(): Promise<void> {
  const skip = webviewSkipReason('traffic');
  if (skip) throw new Error(skip);
  const harness = await openWebview('traffic', { width: 1280, height: 900 });
  const { page, host } = harness;
  const waiting = new Map<number, (state: DashboardState) => void>();
  let nextId = 1;
  let ready = false;
  let resyncs = 0;
  let ticks = 0;
  // The view's state comes from the soak's capture store, as the live dashboard's does.
  const state = () =>
    new Promise<DashboardState>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      send({ kind: 'state', id });
    });
  host.onRequest(ReadyRequest.type, async () => {
    const answer = await state();
    ready = true;
    return answer;
  });
  // The view asks again when it missed a tick: counted, as the soak's verdict wants none.
  host.onRequest(SnapshotRequest.type, () => {
    resyncs++;
    return state();
  });
  let cdp: CDPSession | undefined;
  const heapMiB = async () => {
    cdp ??= await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = await cdp.send('Runtime.getHeapUsage');
    return usage.usedSize / 2 ** 20;
  };
  process.on('message', (message: ToWebview) => {
    switch (message.kind) {
      case 'state':
        waiting.get(message.id)?.(message.state);
        waiting.delete(message.id);
        break;
      case 'tick':
        // As the dashboard host: nothing is pushed before the view said ready.
        if (!ready) break;
        ticks++;
        host.sendNotification(TickNotification.type, message.tick);
        break;
      case 'reset':
        if (ready) host.sendNotification(ResetNotification.type, message.state);
        break;
      case 'heap':
        void heapMiB().then(
          (usedMiB) =>
            send({ kind: 'heap', id: message.id, usedMiB, resyncs, ticks, pageErrors: harness.pageErrors.slice(0, 5) }),
          (error: unknown) => send({ kind: 'failed', message: String(error) }),
        );
        break;
      case 'close':
        void harness.close().then(() => process.exit(0));
        break;
    }
  });
  await page.goto(harness.url);
  await page.locator('.talker, .empty, body').first().waitFor({ timeout: 30_000 });
  send({ kind: 'opened' });
}

main().catch((error: unknown) => {
  send({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
