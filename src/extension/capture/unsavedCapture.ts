import * as vscode from 'vscode';
import { formatCountOf } from '../../shared/format/displayFormat';
import { displayText } from '../../shared/format/displayText';
import type { CaptureSession } from './captureSession';

const SAVE = 'Save…';
const DISCARD = 'Discard';

/**
 * Before a new capture replaces a stopped one whose recording was never saved, asks Save, Discard
 * or Cancel, as Wireshark does. Resolves true when the new capture may start: nothing unsaved,
 * Discard, or Save that saved; `save` resolves true once it wrote the file.
 */
export async function confirmReplaceUnsaved(session: CaptureSession, save: () => Promise<boolean>): Promise<boolean> {
  if (!session.unsaved) return true;
  const packets = session.state.canSave ? (session.snapshot?.counters.recording?.packets ?? 0) : 0;
  const iface = displayText(session.state.interface) ?? '?';
  const choice = await vscode.window.showWarningMessage(
    `The capture on ${iface} (${formatCountOf(packets, 'packet')}) is not saved.`,
    { modal: true, detail: 'A new capture replaces it. Save it first?' },
    SAVE,
    DISCARD,
  );
  if (choice === DISCARD) return true;
  return choice === SAVE ? save() : false;
}
