// The screenshots an end-to-end test takes, in its results folder: numbered in the order taken, so
// the folder reads as the test's story, or named as given (a theme in the name, for the README).
import path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from './codeServer';

/** Takes a test's screenshots and keeps their files. */
export class Screenshots {
  readonly files: string[] = [];

  constructor(
    private readonly results: string,
    private readonly numbered = true,
  ) {}

  /** `results/NN-name.png` (or `results/name.png`), said in the test's output */
  async take(page: Page, name: string): Promise<void> {
    const base = this.numbered ? `${String(this.files.length + 1).padStart(2, '0')}-${name}` : name;
    const file = path.join(this.results, `${base}.png`);
    await page.screenshot({ path: file });
    this.files.push(file);
    console.log(`# screenshot: ${path.relative(repoRoot, file)}`);
  }
}
