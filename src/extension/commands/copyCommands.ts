import * as vscode from 'vscode';
import { UserFacingError } from '../userFacingError';
import type { DeviceNode, TreeNode } from '../views/deviceTreeModel';

/** The device a context-menu command applies to: its argument, else the view's selection. */
export function targetDevice(node: TreeNode | undefined, selection: readonly TreeNode[]): DeviceNode {
  const selected = node ?? selection[0];
  const target = selected?.kind === 'port' ? selected.device : selected;
  if (target?.kind !== 'device') throw new UserFacingError('Select a device in the LAN Lens Devices view first.');
  return target;
}

/** `lanLens.copyIp`. */
export async function copyIp(node: DeviceNode): Promise<void> {
  await vscode.env.clipboard.writeText(node.device.ip);
  vscode.window.setStatusBarMessage(`LAN Lens: copied ${node.device.ip}`, 3_000);
}

/** `lanLens.copyMac`; the menu only offers it when the MAC is known. */
export async function copyMac(node: DeviceNode): Promise<void> {
  const mac = node.device.mac;
  if (!mac) throw new UserFacingError(`LAN Lens does not know the MAC address of ${node.device.ip}.`);
  await vscode.env.clipboard.writeText(mac);
  vscode.window.setStatusBarMessage(`LAN Lens: copied ${mac}`, 3_000);
}
