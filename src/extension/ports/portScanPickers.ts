import * as vscode from 'vscode';
import type { PortSpec } from '../../shared/model/ports';
import { parsePortSpec, PortRangeError } from '../../shared/ports/portSpec';
import { parseTargetText, TargetError } from '../../shared/ports/portTargets';
import type { DeviceStore } from '../views/deviceStore';
import type { NamedPortSet } from './portSettings';

const TITLE = 'LAN Lens: Scan Ports';

type TargetItem = vscode.QuickPickItem & { targets?: string[] };

/**
 * Asks what to scan: every device, a group's devices, or a target typed straight into the box
 * (offered as soon as it parses), or typed in a box of its own.
 */
export async function pickTargets(store: DeviceStore): Promise<string[] | undefined> {
  const items = targetItems(store);
  const pick = vscode.window.createQuickPick<TargetItem>();
  pick.title = `${TITLE} (1/3)`;
  pick.placeholder = 'Which devices?';
  pick.matchOnDescription = true;
  pick.items = items;
  pick.onDidChangeValue((value) => {
    const typed = typedTarget(value);
    pick.items = typed ? [typed, ...items] : items;
  });
  const picked = await new Promise<TargetItem | undefined>((resolve) => {
    pick.onDidAccept(() => resolve(pick.selectedItems[0]));
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  if (!picked) return undefined;
  return picked.targets ?? (await askTargets());
}

/** The devices the tree holds, all and by group, then the way to type a target. */
function targetItems(store: DeviceStore): TargetItem[] {
  const all = store.allDevices().map((node) => node.device.ip);
  const items: TargetItem[] = [];
  if (all.length > 0) {
    items.push({
      label: '$(list-flat) All devices',
      description: `${all.length} in the Devices view`,
      targets: [...new Set(all)],
    });
    for (const group of store.groups()) {
      const ips = store.devicesOf(group).map((node) => node.device.ip);
      items.push({
        label: `$(folder) ${group.interface || 'other targets'} · ${group.subnet}`,
        description: `${ips.length} ${ips.length === 1 ? 'device' : 'devices'}`,
        targets: ips,
      });
    }
  }
  // Always shown, so typing never leaves the list empty.
  items.push({ label: '$(edit) Enter a target…', description: 'an address, a range or a CIDR', alwaysShow: true });
  return items;
}

/** The typed text as a target to scan, when it parses as one. */
function typedTarget(value: string): TargetItem | undefined {
  if (!/\d/.test(value)) return undefined;
  try {
    const { targets } = parseTargetText(value);
    if (targets.length === 0) return undefined;
    return { label: `$(target) ${value.trim()}`, description: 'scan what you typed', targets, alwaysShow: true };
  } catch (error) {
    if (error instanceof TargetError) return undefined;
    throw error;
  }
}

/** A typed target, checked as it is typed. */
export async function askTargets(value = ''): Promise<string[] | undefined> {
  const text = await vscode.window.showInputBox({
    title: TITLE,
    prompt: 'Addresses, ranges or CIDRs separated by spaces or commas',
    placeHolder: 'e.g. 192.168.1.20, 192.168.1.1-50 or 192.168.1.0/24',
    value,
    ignoreFocusOut: true,
    validateInput: (input) => validate(() => parseTargetText(input), TargetError),
  });
  return text === undefined ? undefined : parseTargetText(text).targets;
}

/** Asks which ports: a named set (the configured one first) or a custom spec. */
export async function pickPortSpec(defaultSet: NamedPortSet): Promise<PortSpec | undefined> {
  type Item = vscode.QuickPickItem & { set: PortSpec['set'] };
  const sets: Item[] = [
    { label: 'Top 100 ports', description: 'the 100 most common TCP ports', set: 'top100' },
    {
      label: 'Top 1000 ports',
      description: 'the 1,000 most common TCP ports, as nmap scans by default',
      set: 'top1000',
    },
    { label: 'All ports', description: 'TCP 1-65535', set: 'all' },
    { label: 'Custom…', description: 'e.g. 22,80,8000-8100 or T:80,U:53', set: 'custom' },
  ];
  const items = [...sets.filter((item) => item.set === defaultSet), ...sets.filter((item) => item.set !== defaultSet)];
  const picked = await vscode.window.showQuickPick(items, { title: `${TITLE} (2/3)`, placeHolder: 'Which ports?' });
  if (!picked) return undefined;
  if (picked.set !== 'custom') return { set: picked.set };
  const ranges = await vscode.window.showInputBox({
    title: TITLE,
    prompt: 'Ports and ranges in nmap syntax; T: and U: choose TCP or UDP for what follows',
    placeHolder: 'e.g. 22,80,443,8000-8100',
    ignoreFocusOut: true,
    validateInput: (input) => validate(() => parsePortSpec(input), PortRangeError),
  });
  return ranges === undefined ? undefined : { set: 'custom', ranges: parsePortSpec(ranges).text };
}

/** The scan's options. */
export interface PortScanOptions {
  udp: boolean;
  serviceDetection: boolean;
  osDetection: boolean;
}

/** Asks which options, preset from the settings. */
export async function pickOptions(preset: PortScanOptions): Promise<PortScanOptions | undefined> {
  type Item = vscode.QuickPickItem & { key: keyof PortScanOptions };
  const items: Item[] = [
    {
      label: 'Service detection',
      description: 'banners, HTTP, TLS certificates',
      key: 'serviceDetection',
      picked: preset.serviceDetection,
    },
    {
      label: 'OS detection',
      description: 'kind of device and operating system',
      key: 'osDetection',
      picked: preset.osDetection,
    },
    { label: 'UDP services', description: 'DNS, NTP, NetBIOS, SNMP, SSDP, mDNS', key: 'udp', picked: preset.udp },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: `${TITLE} (3/3)`,
    placeHolder: 'Options (Enter to scan)',
    canPickMany: true,
  });
  if (!picked) return undefined;
  const chosen = new Set(picked.map((item) => item.key));
  return {
    udp: chosen.has('udp'),
    serviceDetection: chosen.has('serviceDetection'),
    osDetection: chosen.has('osDetection'),
  };
}

/** The message of an expected parse error, for an input box's validation; undefined when valid. */
function validate(parse: () => unknown, expected: new (...args: never[]) => Error): string | undefined {
  try {
    parse();
    return undefined;
  } catch (error) {
    if (error instanceof expected) return error.message;
    throw error;
  }
}
