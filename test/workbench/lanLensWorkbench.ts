// The start every e2e test makes: a fresh profile with its settings, LAN Lens installed from its
// VSIX (and any test-only extension), code-server started on it, and Chromium showing the
// workbench; stopped in one call, and never left running when a step of the start fails.
import type { Browser, Page } from 'playwright-core';
import { packageLanLens } from './artifacts';
import { openWorkbench, recordPageProblems } from './browser';
import type { MachineImage, Profile, Workbench } from './codeServer';
import { createProfile, installExtension, startCodeServer } from './codeServer';

/** How the workbench starts. */
export interface LanLensWorkbenchOptions {
  /** user settings beyond the quiet defaults */
  settings?: Record<string, unknown>;
  /** runs once the profile exists, before anything is installed: files for the workspace or user data */
  prepare?: (profile: Profile) => void | Promise<void>;
  /** VSIXs installed after LAN Lens (test-only extensions) */
  extensions?: string[];
  /** where code-server runs (test/workbench/noNodeImage.ts); this machine by default */
  image?: MachineImage;
  /** where the page's dialogs and Content Security Policy violations are recorded */
  problems?: { dialogs: string[]; cspMessages?: string[] };
  /** waits for LAN Lens's view container in the activity bar ('shown'), or also opens it ('opened') */
  lanLensTab?: 'shown' | 'opened';
}

/** A running workbench with LAN Lens. */
export interface LanLensWorkbench {
  profile: Profile;
  workbench: Workbench;
  browser: Browser;
  page: Page;
  /** Date.now() just before code-server was started */
  startedAt: number;
  /** closes Chromium and stops code-server (its extension host and helper too); idempotent */
  stop(): Promise<void>;
}

/** Starts LAN Lens in a real VS Code with its profile in `root`. */
export async function startLanLensWorkbench(
  root: string,
  options: LanLensWorkbenchOptions = {},
): Promise<LanLensWorkbench> {
  const { image } = options;
  const vsix = await packageLanLens();
  const profile = createProfile(root, options.settings ?? {});
  await options.prepare?.(profile);
  for (const extension of [vsix, ...(options.extensions ?? [])]) await installExtension(profile, extension, image);
  const startedAt = Date.now();
  const workbench = await startCodeServer(profile, { image });
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close();
    workbench.stop();
  };
  try {
    const opened = await openWorkbench(workbench.url);
    browser = opened.browser;
    const { page } = opened;
    if (options.problems) recordPageProblems(page, options.problems);
    if (options.lanLensTab) {
      const tab = page.getByRole('tab', { name: /^LAN Lens/ });
      await tab.waitFor({ timeout: 60_000 });
      if (options.lanLensTab === 'opened') await tab.click();
    }
    return { profile, workbench, browser, page, startedAt, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
