import * as vscode from 'vscode';
import { CommandId, ContextKey } from '../contributionIds';
import type { CaptureSession } from './captureSession';
import { captureStatusText, captureStatusTooltip, endedMessage } from './captureText';

/**
 * The capture's status-bar item (recording dot, packets, drops; a click stops a running capture
 * or shows the traffic of a stopped one) and the context keys menus use.
 */
export class CaptureStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('lanLens.capture', vscode.StatusBarAlignment.Left, 40);
  private readonly subscriptions: vscode.Disposable[];
  private lastText = '';
  /** the capture whose recording problem was already shown */
  private warnedCapture: string | undefined;
  /** the capture whose unasked end was already shown */
  private endedCapture: string | undefined;

  constructor(private readonly session: CaptureSession) {
    this.item.name = 'LAN Lens Capture';
    this.subscriptions = [
      session.onDidChangeState(() => this.onStateChange()),
      // Ticks come once a second; the item is only touched when what it says changed.
      session.onDidUpdate(() => {
        this.render();
        this.warnOfRecordingProblem();
      }),
    ];
    this.onStateChange();
  }

  private onStateChange(): void {
    const { phase, canSave } = this.session.state;
    const capturing = phase === 'starting' || phase === 'running' || phase === 'stopping';
    void vscode.commands.executeCommand('setContext', ContextKey.capturing, capturing);
    void vscode.commands.executeCommand('setContext', ContextKey.captureSaveable, canSave);
    this.render();
    this.sayWhyItEnded();
  }

  /** A capture that ended on its own (its interface went away, the helper was killed) says why, once. */
  private sayWhyItEnded(): void {
    const message = endedMessage(this.session.state);
    const captureId = this.session.state.captureId;
    if (!message || captureId === undefined || this.endedCapture === captureId) return;
    this.endedCapture = captureId;
    void vscode.window.showWarningMessage(message);
  }

  private render(): void {
    const { state, snapshot } = this.session;
    if (state.phase === 'idle') {
      this.item.hide();
      this.lastText = '';
      return;
    }
    const running = state.phase === 'running' || state.phase === 'starting';
    const command = running
      ? { command: CommandId.stopCapture, title: 'Stop Capture', hint: 'Click to stop the capture.' }
      : { command: CommandId.showTraffic, title: 'Show Traffic', hint: 'Click to show the traffic.' };
    const text = captureStatusText(state, snapshot);
    const tooltip = captureStatusTooltip(state, snapshot, command?.hint);
    if (text !== this.lastText || this.item.tooltip !== tooltip) {
      this.item.text = text;
      this.item.tooltip = tooltip;
      this.lastText = text;
    }
    this.item.command = { command: command.command, title: command.title };
    this.item.accessibilityInformation = { label: text.replace(/\$\([^)]*\)\s*/g, 'LAN Lens capture: ') };
    this.item.show();
  }

  /** A recording that stopped early (a full disk) is said once per capture; the tooltip keeps saying it. */
  private warnOfRecordingProblem(): void {
    const problem = this.session.snapshot?.counters.recording?.error;
    const captureId = this.session.state.captureId;
    if (!problem || captureId === undefined || this.warnedCapture === captureId) return;
    this.warnedCapture = captureId;
    void vscode.window.showWarningMessage(`LAN Lens: ${problem}`);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.item.dispose();
  }
}
