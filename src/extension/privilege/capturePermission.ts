import * as vscode from 'vscode';
import { ContextKey } from '../contributionIds';
import type { HelperClient } from '../helperClient/helperClient';
import { UserFacingError } from '../userFacingError';
import {
  HelperErrorCode,
  PrivilegeGrantRequest,
  PrivilegeRevokeRequest,
  PrivilegeStatusRequest,
} from '../../shared/helperProtocol';
import type { PrivilegeStatus } from '../../shared/model/privilege';

/**
 * Capture permission in the UI: the `lanLens.captureAccess` context key the Devices welcome view
 * shows the truth with (set from `privilege/status` each time a helper starts), and the Grant and
 * Revoke commands, each one OS prompt run by the helper.
 */
export class CapturePermission implements vscode.Disposable {
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly helper: HelperClient,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = helper.onDidStart(() => void this.refresh());
  }

  /** Asks the helper and updates the context key; undefined (logged) when it cannot answer. */
  async refresh(): Promise<PrivilegeStatus | undefined> {
    try {
      return this.show(await this.helper.request0(PrivilegeStatusRequest.type));
    } catch (error) {
      this.log.warn(`Capture permission unknown: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /** "LAN Lens: Grant Capture Permission" */
  grant(): Promise<void> {
    return this.change('grant');
  }

  /** "LAN Lens: Revoke Capture Permission" */
  revoke(): Promise<void> {
    return this.change('revoke');
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private async change(mode: 'grant' | 'revoke'): Promise<void> {
    const type = mode === 'grant' ? PrivilegeGrantRequest.type : PrivilegeRevokeRequest.type;
    const title =
      mode === 'grant'
        ? 'LAN Lens: granting capture permission (answer the administrator prompt)'
        : 'LAN Lens: revoking capture permission (answer the administrator prompt)';
    let status: PrivilegeStatus;
    try {
      status = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        (_progress, token) => this.helper.request0(type, token),
      );
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== HelperErrorCode.GrantFailed) throw error;
      throw new UserFacingError(`LAN Lens: capture permission was not ${mode}ed: ${(error as Error).message}`);
    } finally {
      await this.refresh();
    }
    this.log.info(`Capture permission ${mode}ed: ${status.summary}`);
    void vscode.window.showInformationMessage(`LAN Lens: ${status.summary}`);
  }

  private async show(status: PrivilegeStatus): Promise<PrivilegeStatus> {
    this.log.info(`Capture permission: ${status.access}. ${status.summary}`);
    await vscode.commands.executeCommand('setContext', ContextKey.captureAccess, status.access);
    return status;
  }
}

const GRANT = 'Grant Capture Permission';
const SHOW_LOG = 'Show Helper Log';

/**
 * Shows a message about capture with the buttons its fix needs: "Grant Capture Permission" when the
 * text names the grant (every missing-privilege message does), and "Show Helper Log".
 */
export async function showCaptureMessage(
  kind: 'warning' | 'error',
  message: string,
  log: vscode.LogOutputChannel,
  extra: string[] = [],
): Promise<string | undefined> {
  const buttons = [...(message.includes(GRANT) ? [GRANT] : []), SHOW_LOG, ...extra];
  const show = kind === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
  const choice = await show(message, ...buttons);
  if (choice === GRANT) await vscode.commands.executeCommand('lanLens.grantCapturePermission');
  if (choice === SHOW_LOG) log.show();
  return choice;
}
