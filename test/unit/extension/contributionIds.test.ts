import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  BuiltInViewContainerId,
  CommandId,
  ContextKey,
  ContextValue,
  CustomEditorId,
  PanelId,
  SettingKey,
  ViewContainerId,
  ViewId,
} from '../../../src/extension/contributionIds';
import { SCAN_LIMITS } from '../../../src/shared/model/scan';

interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: Array<{ command: string; title: string; category: string }>;
    configuration: { properties: Record<string, { markdownDescription?: string; default?: unknown }> };
    viewsContainers: { activitybar: Array<{ id: string; icon: string }> };
    views: Record<string, Array<{ id: string }>>;
    viewsWelcome: Array<{ view: string; contents: string }>;
    menus: Record<string, Array<{ command: string; when?: string }>>;
    customEditors: Array<{ viewType: string; selector: Array<{ filenamePattern: string }>; priority: string }>;
  };
}

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const { contributes } = manifest;
const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

test('commands match package.json both ways, all in the LAN Lens category', () => {
  assert.deepEqual(sorted(contributes.commands.map((c) => c.command)), sorted(Object.values(CommandId)));
  for (const command of contributes.commands) assert.equal(command.category, 'LAN Lens', command.command);
});

test('every menu entry names a known command', () => {
  const known = new Set<string>(Object.values(CommandId));
  for (const [menu, entries] of Object.entries(contributes.menus)) {
    for (const entry of entries) assert.ok(known.has(entry.command), `${menu}: ${entry.command}`);
  }
});

test('context-menu-only commands are hidden from the palette', () => {
  const hidden = contributes.menus.commandPalette?.filter((e) => e.when === 'false').map((e) => e.command) ?? [];
  assert.deepEqual(
    sorted(hidden),
    sorted([CommandId.copyIp, CommandId.copyMac, CommandId.rescan, CommandId.openInBrowser, CommandId.copyNmapCommand]),
  );
});

test('settings match package.json both ways, each with a markdownDescription', () => {
  const properties = contributes.configuration.properties;
  assert.deepEqual(sorted(Object.keys(properties)), sorted(Object.values(SettingKey)));
  for (const [key, property] of Object.entries(properties)) {
    assert.ok(property.markdownDescription, `${key} has a markdownDescription`);
  }
});

test('scan settings bound what the helper accepts (SCAN_LIMITS)', () => {
  const properties = contributes.configuration.properties as Record<string, Record<string, unknown>>;
  const range = (key: string) => ({ min: properties[key]?.minimum, max: properties[key]?.maximum });
  assert.deepEqual(range(SettingKey.scanTimeoutMs), SCAN_LIMITS.timeoutMs);
  assert.deepEqual(range(SettingKey.scanRetries), SCAN_LIMITS.retries);
  assert.equal(properties[SettingKey.scanDnsServers]?.maxItems, SCAN_LIMITS.dnsServers);
});

test('view container and views match package.json both ways', () => {
  assert.deepEqual(
    sorted(contributes.viewsContainers.activitybar.map((c) => c.id)),
    sorted(Object.values(ViewContainerId)),
  );
  assert.deepEqual(
    sorted(Object.keys(contributes.views)),
    sorted([...Object.values(ViewContainerId), ...Object.values(BuiltInViewContainerId)]),
  );
  const views = Object.values(contributes.views).flatMap((list) => list.map((view) => view.id));
  assert.deepEqual(sorted(views), sorted(Object.values(ViewId)));
  assert.deepEqual(sorted([...new Set(contributes.viewsWelcome.map((w) => w.view))]), [ViewId.devices]);
  assert.match(contributes.viewsWelcome[0]?.contents ?? '', /\[Scan LAN\]\(command:lanLens\.scanLan\)/);
  for (const container of contributes.viewsContainers.activitybar) {
    assert.ok(readFileSync(path.join(root, container.icon), 'utf8').includes('<svg'), container.icon);
  }
});

test('menu when clauses use only known context values and views', () => {
  const used = new Set<string>();
  for (const entries of Object.values(contributes.menus)) {
    for (const { when = '' } of entries) {
      for (const match of when.matchAll(/viewItem == (\w+)/g)) used.add(match[1] ?? '');
      for (const match of when.matchAll(/view == ([\w.]+)/g))
        assert.ok(Object.values(ViewId).includes(match[1] as never), when);
    }
  }
  const values = new Set<string>(Object.values(ContextValue));
  for (const value of used) assert.ok(values.has(value), value);
  // `viewItem =~ /^device/` must cover exactly the device context values.
  assert.deepEqual(
    Object.values(ContextValue).filter((value) => /^device/.test(value)),
    [ContextValue.device, ContextValue.deviceWithMac],
  );
  assert.deepEqual(
    Object.values(ContextValue).filter((value) => /^port/.test(value)),
    [ContextValue.port, ContextValue.portHttp],
  );
});

test('menu when clauses use only context keys LAN Lens sets', () => {
  const keys = new Set<string>(Object.values(ContextKey));
  for (const entries of Object.values(contributes.menus)) {
    for (const { when = '' } of entries) {
      for (const match of when.matchAll(/\b(lanLens\.[A-Za-z]+)\b(?!\.)/g)) {
        if (Object.values(ViewId).includes(match[1] as never)) continue;
        assert.ok(keys.has(match[1] ?? ''), `${when}: unknown context key ${match[1]}`);
      }
    }
  }
});

test('commands in the welcome view exist', () => {
  const known = new Set<string>(Object.values(CommandId));
  for (const welcome of contributes.viewsWelcome) {
    for (const match of welcome.contents.matchAll(/command:([\w.]+)/g)) assert.ok(known.has(match[1] ?? ''), match[1]);
  }
});

test('the capture-file editor is contributed for pcap, pcapng and cap, and activates LAN Lens', () => {
  assert.deepEqual(
    contributes.customEditors.map((editor) => editor.viewType),
    Object.values(CustomEditorId),
  );
  const [editor] = contributes.customEditors;
  assert.deepEqual(
    editor?.selector.map((entry) => entry.filenamePattern),
    ['*.pcap', '*.pcapng', '*.cap'],
  );
  assert.equal(editor?.priority, 'default');
  assert.ok(manifest.activationEvents.includes(`onCustomEditor:${CustomEditorId.pcapViewer}`));
});

test('the traffic panel is restored after a reload: its serializer activates LAN Lens', () => {
  for (const id of Object.values(PanelId)) assert.ok(manifest.activationEvents.includes(`onWebviewPanel:${id}`), id);
});
