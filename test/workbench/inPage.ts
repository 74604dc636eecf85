// Reads from the workbench page itself. Test code compiles without the DOM library (it is Node
// code), so the little of the DOM these page-side functions touch is typed here by hand.
import type { Locator, Page } from 'playwright-core';

interface PageElement {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  textContent: string | null;
  offsetTop: number;
  checkVisibility(): boolean;
}
interface PageGlobals {
  document: PageElement & { body: { dataset: Record<string, string | undefined> } | null };
  navigator: { clipboard: { readText(): Promise<string> } };
  requestAnimationFrame(callback: () => void): number;
}

/** The clipboard's text, as pasting in the page would give it. */
export function readClipboard(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).navigator.clipboard.readText());
}

/** Name and description of each icon label (tree rows, list rows) the locator matches. */
export function iconLabels(labels: Locator): Promise<[string, string][]> {
  return labels.evaluateAll((elements: PageElement[]) =>
    elements.map((label): [string, string] => [
      label.querySelector('.label-name')?.textContent?.trim() ?? '',
      label.querySelector('.label-description')?.textContent?.trim() ?? '',
    ]),
  );
}

/** Resolves once the page has drawn two more frames (an editor renders a relayout on the next one). */
export async function nextFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const page = globalThis as unknown as PageGlobals;
    return new Promise<void>((done) => page.requestAnimationFrame(() => page.requestAnimationFrame(done)));
  });
}

/** The text of the visual lines of the editors the locator holds, wrapped lines joined again. */
export async function editorText(container: Locator): Promise<string> {
  // In the order they show: an editor reuses its line elements, so after a relayout the DOM order is not.
  const lines = await container.locator('.view-lines').evaluateAll((editors: PageElement[]) =>
    editors.flatMap((editor) =>
      Array.from(editor.querySelectorAll('.view-line'))
        .sort((a, b) => a.offsetTop - b.offsetTop)
        .map((line) => line.textContent ?? ''),
    ),
  );
  // The editor renders spaces as no-break spaces.
  return lines.join('').replace(/\s+/g, ' ');
}

/**
 * Labels of the command palette's rows, or of its focused row, in its visible list only: an
 * earlier picker's list stays in the DOM, hidden, with a focused row of its own.
 */
export function paletteLabels(page: Page, which: 'all' | 'focused'): Promise<string[]> {
  const selector = `.quick-input-list .monaco-list-row${which === 'focused' ? '.focused' : ''} .label-name`;
  return page.evaluate(
    (selector) =>
      Array.from((globalThis as unknown as PageGlobals).document.querySelectorAll(selector))
        .filter((label) => label.checkVisibility())
        .map((label) => label.textContent?.trim() ?? ''),
    selector,
  );
}

/**
 * The theme each webview's document was last styled with (VS Code's webview host sets
 * `data-vscode-theme-name` on its body), one entry per webview frame of the page.
 */
export async function webviewThemeNames(page: Page): Promise<string[]> {
  const names: string[] = [];
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    const name = await frame
      .evaluate(() => (globalThis as unknown as PageGlobals).document.body?.dataset.vscodeThemeName)
      // A frame that went away while being read holds no webview any more.
      .catch(() => undefined);
    if (name !== undefined) names.push(name);
  }
  return names;
}
