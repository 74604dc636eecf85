// Reads of the workbench the first-impressions test checks: where tree rows draw their icons,
// which notification toasts are up, a modal dialog's buttons, a webview dropdown's choices, and an
// element's horizontal scroll. Page-side functions type the little DOM they touch by hand.
import type { Frame, Locator, Page } from 'playwright-core';

interface Box {
  left: number;
}
interface PageElement {
  getBoundingClientRect(): Box;
  querySelector(selector: string): PageElement | null;
  getAttribute(name: string): string | null;
  textContent: string | null;
  scrollLeft: number;
  value?: string;
}

/** The left edge (px) of the icon of every side-bar tree row at `level`, with the row's label. */
export function rowIconLefts(page: Page, level: number): Promise<[string, number][]> {
  return page
    .locator(`.part.sidebar .monaco-list-row[aria-level="${level}"]`)
    .evaluateAll((rows: PageElement[]) =>
      rows.map((row): [string, number] => [
        row.querySelector('.label-name')?.textContent?.trim() ?? '',
        Math.round(row.querySelector('.custom-view-tree-node-item-icon')?.getBoundingClientRect().left ?? -1),
      ]),
    );
}

/** The messages of the notification toasts on screen. */
export function toastTexts(page: Page): Promise<string[]> {
  return page
    .locator('.notifications-toasts .notification-toast .notification-list-item-message')
    .allTextContents()
    .then((texts) => texts.map((text) => text.trim()));
}

/** The modal dialog on screen: its message and its buttons' labels, or undefined. */
export async function modalDialog(page: Page): Promise<{ message: string; buttons: string[] } | undefined> {
  const box = page.locator('.monaco-dialog-box');
  if ((await box.count()) === 0 || !(await box.first().isVisible())) return undefined;
  const message = ((await box.locator('.dialog-message-text').first().textContent()) ?? '').trim();
  const buttons = (await box.locator('.dialog-buttons .monaco-button').allTextContents()).map((text) => text.trim());
  return { message, buttons };
}

/** A toolkit dropdown of the webview, by its aria-label: its value and its choices (value and label). */
export async function dropdownState(
  frame: Frame,
  label: string,
): Promise<{ value: string; choices: { value: string; label: string }[] }> {
  const dropdown = frame.locator(`vscode-dropdown[aria-label="${label}"]`);
  const value = await dropdown.evaluate((element: PageElement) => element.value ?? '');
  const choices = await dropdown
    .locator('vscode-option')
    .evaluateAll((options: PageElement[]) =>
      options.map((option) => ({ value: option.getAttribute('value') ?? '', label: option.textContent?.trim() ?? '' })),
    );
  return { value, choices };
}

/** How far the element is scrolled sideways, in px. */
export function scrollLeft(locator: Locator): Promise<number> {
  return locator.evaluate((element: PageElement) => element.scrollLeft);
}

/** The aria-label of the status-bar item whose text matches `text`. */
export async function statusItemLabel(page: Page, text: RegExp): Promise<string> {
  const item = page.locator('.part.statusbar .statusbar-item', { hasText: text }).first();
  await item.waitFor({ timeout: 15_000 });
  const labelled = item.locator('[aria-label]').first();
  const own = await item.getAttribute('aria-label');
  return own ?? ((await labelled.count()) > 0 ? ((await labelled.getAttribute('aria-label')) ?? '') : '');
}
