import * as vscode from 'vscode';
import type { ParsedSettings } from './settingsParser';
import { parseSettings } from './settingsParser';

/** The current LAN Lens settings, read fresh on every call so edits apply to the next scan. */
export function readSettings(): ParsedSettings {
  const configuration = vscode.workspace.getConfiguration();
  return parseSettings((key) => configuration.get<unknown>(key));
}
