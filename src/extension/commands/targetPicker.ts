import * as vscode from 'vscode';
import type { ScanTarget } from './scanTargets';

/** Asks which subnet to scan; undefined when the user dismisses the pick. */
export async function pickTarget(targets: ScanTarget[]): Promise<ScanTarget | undefined> {
  const items = targets.map((target) => ({
    label: target.cidr,
    description: target.interface,
    detail:
      [target.gateway && `gateway ${target.gateway}`, target.mac && `MAC ${target.mac}`].filter(Boolean).join(' · ') ||
      undefined,
    target,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'LAN Lens: Scan LAN',
    placeHolder: 'Choose the subnet to scan',
    matchOnDescription: true,
  });
  return picked?.target;
}
