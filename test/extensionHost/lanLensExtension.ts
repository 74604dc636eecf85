import * as vscode from 'vscode';
import type { LanLensApi } from '../../src/extension/extension';

/** LAN Lens's id in every VS Code it is installed or developed in (`publisher.name`). */
export const EXTENSION_ID = 'lan-lens.lan-lens';

/** The extension under test; fails when VS Code does not know it. */
export function lanLens(): vscode.Extension<LanLensApi> {
  const extension = vscode.extensions.getExtension<LanLensApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  return extension;
}
