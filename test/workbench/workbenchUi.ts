// What a user does in the workbench, in Playwright terms. Selectors are VS Code's own DOM: the
// quick input widget, list rows of tree views, icon labels with name and description.
import type { Page } from 'playwright-core';
import { editorText, iconLabels, nextFrames, paletteLabels, webviewThemeNames } from './inPage';
import { waitFor } from './waitFor';

/** Runs a command from the palette (F1) by its full title, as typed by a user. */
export async function runCommand(page: Page, title: string, beforeEnter?: () => Promise<void>): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  // The palette lists recently used commands first and matches words loosely ('Show Traffic' also
  // matches 'Show Process Traffic'), so the first row need not be the command: wait for its row,
  // then move the focus down to it as a user would.
  await waitFor(async () => (await paletteLabels(page, 'all')).includes(title), {
    timeoutMs: 30_000,
    what: `"${title}" in the palette`,
  });
  for (let moves = 0; ; moves++) {
    const focused = (await paletteLabels(page, 'focused')).join(' | ');
    if (focused === title) break;
    if (moves >= 30) throw new Error(`the palette never focused "${title}" (last focused: "${focused}")`);
    await page.keyboard.press('ArrowDown');
  }
  await beforeEnter?.();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Every visible tree row in the side bar as label → description. */
export async function treeRows(page: Page): Promise<Map<string, string>> {
  return new Map(await iconLabels(page.locator('.part.sidebar .monaco-list-row .monaco-icon-label')));
}

/**
 * "LAN Lens: Show Helper Log", with the panel maximized: the output editor renders only the lines
 * in view, and the log's first lines (the helper and its runtime) must stay among them.
 */
export async function showHelperLog(page: Page): Promise<void> {
  await runCommand(page, 'LAN Lens: Show Helper Log');
  const panel = page.locator('.part.panel');
  const maximize = panel.getByRole('button', { name: /^Maximize Panel/ });
  await maximize.waitFor({ timeout: 5_000 });
  const before = (await panel.boundingBox())?.height ?? 0;
  await maximize.click();
  await waitFor(async () => ((await panel.boundingBox())?.height ?? 0) > before, {
    timeoutMs: 5_000,
    what: 'the panel to grow',
  });
  await nextFrames(page);
}

/**
 * The shown log's first lines and its last: the output follows its end, and a helper that logs
 * more at its start (history, alerts, event log) pushes the first lines out of view.
 */
export async function helperLogEnds(page: Page): Promise<string> {
  const panel = page.locator('.part.panel');
  await panel.locator('.view-lines').first().click();
  await page.keyboard.press('Control+Home');
  await nextFrames(page);
  const first = await editorText(panel);
  await page.keyboard.press('Control+End');
  await nextFrames(page);
  return `${first} ${await editorText(panel)}`;
}

/**
 * Switches the colour theme through the theme picker (Ctrl+K Ctrl+T), as a user would; resolves
 * once the workbench wears it (its classes name the theme) and every webview was restyled with it.
 */
export async function setColorTheme(page: Page, theme: string): Promise<void> {
  const workbench = page.locator('.monaco-workbench').first();
  const classesBefore = await workbench.getAttribute('class');
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+T');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  // The picker opens on the theme in use.
  const focused = page.locator('.quick-input-list .monaco-list-row.focused .label-name');
  await focused.first().waitFor();
  const current = (await paletteLabels(page, 'focused'))[0];
  await input.fill(theme);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: theme }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  let classes: string | null = '';
  let webviews: string[] = [];
  await waitFor(
    async () => {
      classes = await workbench.getAttribute('class');
      webviews = await webviewThemeNames(page);
      return (current === theme || classes !== classesBefore) && webviews.every((name) => name === theme);
    },
    {
      timeoutMs: 10_000,
      what: () =>
        `the theme "${theme}" (was "${current}") in the workbench (classes "${classes}", before "${classesBefore}") and its webviews (${webviews.join(', ')})`,
    },
  );
  await nextFrames(page);
}

/**
 * Runs a palette command that opens a quick input of its own at once: unlike runCommand, it waits
 * for that input (its placeholder matching `placeholder`) instead of for the widget to close.
 */
export async function openCommand(page: Page, title: string, placeholder: RegExp): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).waitFor();
  await page.keyboard.press('Enter');
  await waitFor(async () => placeholder.test((await input.getAttribute('placeholder')) ?? ''), {
    timeoutMs: 15_000,
    what: `the quick input "${placeholder.source}"`,
  });
}

/** "LAN Lens: Start Capture" from the palette: `iface` chosen in its first step, `filter` typed in its second. */
export async function startCaptureFromPalette(page: Page, iface: string, filter: string): Promise<void> {
  await runCommand(page, 'LAN Lens: Start Capture');
  const input = page.locator('.quick-input-widget input');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: iface }).first().waitFor();
  await input.fill(iface);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: iface }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget .quick-input-title', { hasText: '(2/2)' }).waitFor();
  await input.fill(filter);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Widens the side bar by `px` (drags its sash), so descriptions show in full, as a user would. */
export async function widenSideBar(page: Page, px: number): Promise<void> {
  const sash = await page.locator('.part.sidebar').boundingBox();
  if (!sash) return;
  await page.mouse.move(sash.x + sash.width + 1, sash.y + sash.height / 2);
  await page.mouse.down();
  await page.mouse.move(sash.x + sash.width + px, sash.y + sash.height / 2, { steps: 5 });
  await page.mouse.up();
}
