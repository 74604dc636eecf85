import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestConfig } from './harnessProtocol';
import { CONFIG_FILE } from './harnessProtocol';

/** Reads the harness's config from the first workspace folder. */
export function readTestConfig(): TestConfig {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error(`the extension-host tests need a workspace folder holding ${CONFIG_FILE}`);
  return JSON.parse(fs.readFileSync(path.join(folder.uri.fsPath, CONFIG_FILE), 'utf8')) as TestConfig;
}
