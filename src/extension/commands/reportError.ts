import * as vscode from 'vscode';
import { WebviewRequestError } from '../../shared/webviewTransport';
import { errorMessage, UserFacingError } from '../userFacingError';

/** Shows an error with the button its fix needs, and logs it; never throws. */
export async function reportError(error: unknown, log: vscode.LogOutputChannel, context: string): Promise<void> {
  try {
    log.error(`${context}: ${error instanceof Error ? (error.stack ?? error.message) : errorMessage(error)}`);
    // A view's worded error (a save that failed) reads the same when a command meets it.
    const known =
      error instanceof UserFacingError
        ? error
        : error instanceof WebviewRequestError
          ? new UserFacingError(`LAN Lens: ${[error.message, error.fix].filter(Boolean).join(' ')}`)
          : undefined;
    const message = known
      ? known.message
      : `LAN Lens: ${context} failed: ${errorMessage(error)}. The LAN Lens log has details.`;
    const action = known?.action ?? { kind: 'showLog' };
    const button = action.kind === 'openSetting' ? 'Open Settings' : 'Show Helper Log';
    const choice = await vscode.window.showErrorMessage(message, button);
    if (choice === undefined) return;
    if (action.kind === 'openSetting') {
      await vscode.commands.executeCommand('workbench.action.openSettings', action.setting);
    } else {
      log.show();
    }
  } catch (failure) {
    // Reporting must never take the extension host down with it.
    console.error('LAN Lens: reporting an error failed', failure);
  }
}

/** Wraps a command handler so every failure is caught and reported with actionable text. */
export function safeCommand<A extends unknown[]>(
  log: vscode.LogOutputChannel,
  context: string,
  handler: (...args: A) => Promise<void> | void,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await handler(...args);
    } catch (error) {
      void reportError(error, log, context);
    }
  };
}
