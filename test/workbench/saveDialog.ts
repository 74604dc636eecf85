// VS Code's save dialog as code-server shows it: the simple file dialog, a quick input whose value
// is the path to save to and whose list is that folder's files. One place drives it for every e2e
// test that saves a file.
import type { Page } from 'playwright-core';
import { waitFor } from './waitFor';

/** How the test answers the dialog. */
export interface SaveAnswer {
  /** the path the dialog must offer (the default), or a rule it must meet */
  offers?: string | ((offered: string) => boolean);
  /** types this path over the offered one, as a user would; the offered one is kept otherwise */
  saveAs?: string;
  /** presses Escape rather than Enter */
  cancel?: boolean;
  /** runs while the dialog holds its final path (a screenshot) */
  beforeAnswer?: () => Promise<void>;
}

/**
 * Answers the save dialog a command or a view just opened and returns the path it offered. It is
 * gone once answered; a path it refuses (its own validation) fails here, with its message.
 */
export async function answerSaveDialog(page: Page, answer: SaveAnswer = {}): Promise<string> {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input').first();
  const { offers, saveAs } = answer;
  const fits = (value: string) =>
    offers === undefined
      ? value.startsWith('/') && !value.endsWith('/')
      : typeof offers === 'string'
        ? value === offers
        : offers(value);
  let offered = '';
  await settled(
    page,
    (value) => fits((offered = value)),
    () => `the save dialog to offer a path (it offers "${offered}")`,
  );
  if (saveAs !== undefined) {
    await input.fill(saveAs);
    await settled(
      page,
      (value) => value === saveAs,
      () => `the save dialog to hold ${saveAs}`,
    );
  }
  await answer.beforeAnswer?.();
  await page.keyboard.press(answer.cancel ? 'Escape' : 'Enter');
  await widget.waitFor({ state: 'hidden', timeout: 10_000 }).catch(async (error: Error) => {
    const message = (await widget.locator('.quick-input-message').textContent())?.trim();
    const value = await input.inputValue();
    throw new Error(
      `the save dialog stayed open holding "${value}"${message ? `, saying "${message}"` : ''}: ${error.message}`,
    );
  });
  return offered;
}

/**
 * Waits until the dialog's value meets `rule`, its list shows a folder, and neither changed for
 * 500 ms: the dialog sets its value in steps while it lists the folder, and a key pressed while it
 * is still listing (a path typed, Enter) is lost, where a user's would come later.
 */
async function settled(page: Page, rule: (value: string) => boolean, what: () => string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const read = async () =>
    `${await widget.locator('input').first().inputValue()}\n${(await widget.locator('.quick-input-list .monaco-list-row').allTextContents()).join('\n')}`;
  let last = '';
  let since = Date.now();
  await waitFor(
    async () => {
      const now = (await widget.isVisible()) ? await read() : '';
      if (now !== last) [last, since] = [now, Date.now()];
      const [value = '', ...rows] = now.split('\n');
      return rule(value) && rows.length > 0 && Date.now() - since >= 500;
    },
    { timeoutMs: 15_000, what },
  );
}
