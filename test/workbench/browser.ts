// Debian's Chromium, driven by playwright-core, opening the workbench as a user would. The flags
// keep Chromium from talking to anything but the workbench on 127.0.0.1.
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

const chromiumArgs = [
  '--no-sandbox', // root in CI
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--no-pings',
];

/** A browser with one page showing the workbench. */
export interface WorkbenchPage {
  browser: Browser;
  page: Page;
}

/** Opens `url` in a new headless Chromium and waits for the workbench to render. */
export async function openWorkbench(url: string, { timeoutMs = 60_000 } = {}): Promise<WorkbenchPage> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  try {
    // Clipboard access lets a test read what "Copy IP" wrote, as pasting would.
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
    return { browser, page };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * Keeps what a test must find empty: every dialog the page opened (dismissed at once) and every
 * Content Security Policy violation, which Chromium reports on the console of its frame.
 */
export function recordPageProblems(page: Page, problems: { dialogs: string[]; cspMessages?: string[] }): void {
  page.on('dialog', (dialog) => {
    problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  const { cspMessages } = problems;
  if (!cspMessages) return;
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) cspMessages.push(message.text());
  });
}
