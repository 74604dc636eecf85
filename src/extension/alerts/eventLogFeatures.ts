import { randomBytes } from 'node:crypto';
import { chmod, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { CommandId, SettingKey } from '../contributionIds';
import type { HelperClient } from '../helperClient/helperClient';
import { errorMessage } from '../userFacingError';
import { parseKeyRingText, withKey } from '../../shared/eventLog/keyRing';
import type { KeyRing } from '../../shared/eventLog/keyRing';
import { EventLogOpenRequest } from '../../shared/eventLogProtocol';

/** Where the event log's keys are kept: VS Code's SecretStorage, never a setting or a file of its own. */
export const EVENT_LOG_KEYS_SECRET = 'lanLens.eventLog.keys';
/** The log's file in LAN Lens's global storage. */
export const EVENT_LOG_FILE = 'events.lllog';

/** What the event log needs from the rest of the extension. */
export interface EventLogParts {
  context: vscode.ExtensionContext;
  helper: HelperClient;
  log: vscode.LogOutputChannel;
  register: (id: CommandId, name: string, run: () => Promise<void>) => vscode.Disposable;
}

/**
 * Keeps the helper's encrypted event log open in global storage at every helper start, with the
 * current key from SecretStorage (made on first use); "Rotate Event Log Key" and "Export Event Log
 * Key…" (a key file for `lanlens log show`, readable by its owner only).
 */
export function registerEventLogFeatures(parts: EventLogParts): vscode.Disposable[] {
  const { context, helper, log } = parts;
  const path = vscode.Uri.joinPath(context.globalStorageUri, EVENT_LOG_FILE).fsPath;
  const enabled = () => vscode.workspace.getConfiguration().get<boolean>(SettingKey.eventLogEnabled) !== false;
  const open = async (ring?: KeyRing) => {
    if (!enabled()) return;
    try {
      const keys = ring ?? (await keyRing(context, true));
      const key = keys.keys[keys.keys.length - 1]!.key;
      const answer = await helper.request(EventLogOpenRequest.type, { path, key });
      log.info(`Event log: ${path}, ${answer.records} records, key ${answer.keyId}`);
    } catch (error) {
      log.warn(`The event log could not be opened: ${errorMessage(error)}`);
    }
  };
  return [
    helper.onDidStart(() => void open()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SettingKey.eventLogEnabled) && helper.running) void open();
    }),
    parts.register(CommandId.rotateEventLogKey, 'Rotate Event Log Key', async () => {
      const ring = withKey(await keyRing(context, false), randomBytes(32).toString('base64'), Date.now());
      await context.secrets.store(EVENT_LOG_KEYS_SECRET, JSON.stringify(ring));
      await open(ring);
      void vscode.window.showInformationMessage(
        'LAN Lens: the event log goes on with a new key; export the keys again for the CLI.',
      );
    }),
    parts.register(CommandId.exportEventLogKey, 'Export Event Log Key', () => exportKeys(context, path)),
  ];
}

/** The ring in SecretStorage; a new one is made (and stored) when `create` and there is none. */
async function keyRing(context: vscode.ExtensionContext, create: boolean): Promise<KeyRing | undefined>;
async function keyRing(context: vscode.ExtensionContext, create: true): Promise<KeyRing>;
async function keyRing(context: vscode.ExtensionContext, create: boolean): Promise<KeyRing | undefined> {
  const stored = await context.secrets.get(EVENT_LOG_KEYS_SECRET);
  const parsed = stored ? parseKeyRingText(stored) : undefined;
  if (parsed && !('error' in parsed)) return parsed;
  if (!create) return undefined;
  const ring = withKey(undefined, randomBytes(32).toString('base64'), Date.now());
  await context.secrets.store(EVENT_LOG_KEYS_SECRET, JSON.stringify(ring));
  return ring;
}

async function exportKeys(context: vscode.ExtensionContext, logPath: string): Promise<void> {
  const ring = await keyRing(context, false);
  if (!ring) {
    void vscode.window.showInformationMessage(
      'LAN Lens has no event log key yet: it makes one when its helper starts.',
    );
    return;
  }
  const target = await vscode.window.showSaveDialog({
    title: 'Export the event log keys (a secret: keep the file to yourself)',
    defaultUri: vscode.Uri.file(`${process.env.HOME ?? ''}/lanlens-keys.json`),
    filters: { 'Key file': ['json'] },
  });
  if (!target) return;
  await writeFile(target.fsPath, JSON.stringify(ring, null, 2) + '\n', { mode: 0o600 });
  await chmod(target.fsPath, 0o600);
  void vscode.window.showInformationMessage(
    `LAN Lens wrote the keys to ${target.fsPath} (readable by you only). Read the log with: lanlens log show --key-file ${target.fsPath} --log ${logPath}`,
  );
}
