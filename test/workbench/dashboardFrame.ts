// The traffic dashboard inside the workbench, as the e2e tests read and drive it: the webview's
// inner document (a frame of the page), its tabs, its summary line and protocol hierarchy, and the
// check that nothing captured from the network became markup.
import assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import { waitFor } from './waitFor';

/** The dashboard frame (the webview's inner document) that holds `selector`, once it does. */
export async function dashboardFrame(page: Page, selector: string, what: string): Promise<Frame> {
  let found: Frame | undefined;
  await waitFor(
    async () => {
      for (const frame of page.frames()) {
        if (frame === page.mainFrame()) continue;
        const visible = await frame
          .locator(selector)
          .first()
          .isVisible()
          .catch(() => false);
        if (visible) {
          found = frame;
          return true;
        }
      }
      return false;
    },
    { timeoutMs: 30_000, what },
  );
  return found!;
}

/** The trimmed text of the first element `selector` matches in `frame`. */
export async function frameText(frame: Frame, selector: string): Promise<string> {
  return ((await frame.locator(selector).first().textContent()) ?? '').trim();
}

/** Clicks a dashboard tab and waits until it is the selected one. */
export async function showTab(frame: Frame, id: 'overview' | 'flows' | 'packets'): Promise<void> {
  await frame.locator(`#tab-${id}`).click();
  await waitFor(async () => (await frame.locator(`#tab-${id}`).getAttribute('aria-selected')) === 'true', {
    timeoutMs: 5000,
    what: `the ${id} tab`,
  });
}

/** The hierarchy table's rows as `path frames bytes`. */
export async function hierarchyRows(frame: Frame): Promise<string[]> {
  return (
    await frame
      .locator('.protocol-table tbody tr')
      .evaluateAll((rows: { title: string; querySelector(s: string): { textContent: string | null } | null }[]) =>
        rows.map(
          (row) =>
            `${row.title} ${row.querySelector('td.frames')?.textContent ?? ''} ${row.querySelector('td.bytes')?.textContent ?? ''}`,
        ),
      )
  ).sort();
}

/** Nothing from the network became markup: no image, no inline handler, and no dialog among `dialogs`. */
export async function assertNoInjection(frame: Frame, dialogs: string[]): Promise<void> {
  assert.equal(await frame.locator('img, iframe, [onerror], [onload]').count(), 0, 'no element made of a name');
  assert.deepEqual(dialogs, [], 'no dialog fired');
}

/** Packets and bytes of the summary line: `… · 36 packets · 3.90 kB · …`. */
export async function summaryFigures(
  frame: Frame,
): Promise<{ summary: string; packets: string | undefined; bytes: string | undefined }> {
  const summary = await frameText(frame, '.summary');
  const match = /· ([\d,]+) packets · ([^·]+) ·/.exec(summary);
  return { summary, packets: match?.[1], bytes: match?.[2]?.trim() };
}
