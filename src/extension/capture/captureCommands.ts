import * as vscode from 'vscode';
import { ResponseError } from 'vscode-jsonrpc/node';
import { formatBytes, formatCountOf } from '../../shared/format/displayFormat';
import { HelperErrorCode } from '../../shared/helperProtocol';
import { SettingKey } from '../contributionIds';
import { askCaptureFile } from '../export/exportToFile';
import type { HelperClient } from '../helperClient/helperClient';
import { UserFacingError } from '../userFacingError';
import type { CaptureSession } from './captureSession';
import { showCaptureMessage } from '../privilege/capturePermission';
import { confirmReplaceUnsaved } from './unsavedCapture';
import { blamesFilter, captureProblemOf, interfaceChoices, stoppedSummary } from './captureText';

const OPEN_SETTINGS = 'Open Settings';
const STOP = 'Stop Capture';
const SAVE = 'Save Capture…';

/** What "Start Capture" may be given instead of asking (the dashboard's controls, tests). */
export interface StartCaptureArgs {
  interface?: string;
  filter?: string;
}

/** A capture Save Capture wrote: where, and how many packets. */
export interface SavedCaptureFile {
  file: string;
  packets: number;
}

/** The capture commands: pickers, messages and the store they drive. */
export class CaptureCommands {
  private lastFilter = '';

  constructor(
    private readonly client: HelperClient,
    private readonly session: CaptureSession,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** `lanLens.startCapture`: interface (quick pick), filter (input box), then capture/start. */
  async start(args?: StartCaptureArgs): Promise<void> {
    if (this.session.active) {
      const choice = await vscode.window.showInformationMessage(
        `LAN Lens is already capturing on ${this.session.state.interface ?? '?'}.`,
        STOP,
      );
      if (choice === STOP) await this.stop();
      return;
    }
    if (!(await this.confirmNewCapture())) return;
    const iface = args?.interface ?? (await this.pickInterface());
    if (iface === undefined) return;
    let filter = args?.filter ?? (await this.askFilter(this.lastFilter));
    while (filter !== undefined) {
      const problem = await this.tryStart(iface, filter);
      if (problem === undefined) return;
      // A filter libpcap refused: the box comes back with the text as it was and says why (a toast
      // as well would outlive the corrected capture).
      this.log.warn(`Capture filter refused: ${problem}`);
      filter = await this.askFilter(filter, problem);
    }
  }

  /** Asks before a new capture replaces an unsaved one; true when it may start. */
  confirmNewCapture(): Promise<boolean> {
    return confirmReplaceUnsaved(this.session, async () => (await this.save()) !== undefined);
  }

  /** `lanLens.stopCapture`. */
  async stop(): Promise<void> {
    if (!this.session.active) {
      vscode.window.setStatusBarMessage('LAN Lens: no capture is running', 5_000);
      return;
    }
    await this.session.stop();
    const summary = stoppedSummary(this.session.state, this.session.snapshot);
    this.log.info(summary);
    if (!this.session.state.canSave) {
      vscode.window.setStatusBarMessage(summary, 15_000);
      return;
    }
    void vscode.window.showInformationMessage(summary, SAVE).then((choice) => {
      if (choice === SAVE) void vscode.commands.executeCommand('lanLens.saveCapture');
    });
  }

  /**
   * `lanLens.saveCapture`, also the dashboard's Save button: a save dialog, then capture/save writes
   * the pcap (as the user, never root), `.pcap` added to a name typed without it. Resolves to the
   * file once written, undefined when the dialog was cancelled.
   */
  async save(target?: vscode.Uri): Promise<SavedCaptureFile | undefined> {
    if (!this.session.state.canSave) {
      throw new UserFacingError('There is no capture to save. Start one with "LAN Lens: Start Capture" first.');
    }
    if (target && target.scheme !== 'file') {
      throw new UserFacingError(`LAN Lens can only save captures to local files, not ${target.scheme}: locations.`);
    }
    const chosen = target?.fsPath ?? (await askCaptureFile(this.session.state.interface));
    if (!chosen) return undefined;
    const file = chosen.endsWith('.pcap') ? chosen : `${chosen}.pcap`;
    const saved = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'LAN Lens: saving capture' },
      () => this.session.save(file),
    );
    const summary = `LAN Lens: saved ${formatCountOf(saved.packets, 'packet')} (${formatBytes(saved.bytes)}) to ${file}`;
    this.log.info(summary);
    vscode.window.setStatusBarMessage(summary, 15_000);
    return { file, packets: saved.packets };
  }

  /** Starts; undefined when it runs or the user was told why not, else why the filter was refused. */
  private async tryStart(iface: string, filter: string): Promise<string | undefined> {
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `LAN Lens: starting capture on ${iface}` },
        () => this.session.start({ interface: iface, filter }),
      );
    } catch (error) {
      if (!(error instanceof ResponseError)) throw error;
      if (error.code === Number(HelperErrorCode.FlowExportUnavailable)) {
        throw new UserFacingError(`LAN Lens cannot start the capture: ${error.message}`, {
          kind: 'openSetting',
          setting: SettingKey.captureIpfix,
        });
      }
      const problem = captureProblemOf(error.data);
      // The helper answers a filter libpcap cannot compile with InvalidParams (its message quotes libpcap's).
      const badFilter =
        (error.code === Number(HelperErrorCode.InvalidParams) && filter !== '') ||
        (error.code === Number(HelperErrorCode.CaptureUnavailable) && blamesFilter(problem, error.message, filter));
      if (error.code === Number(HelperErrorCode.UnknownInterface)) {
        throw new UserFacingError(`LAN Lens cannot capture on ${iface}: ${error.message}`);
      }
      if (badFilter) return problem ? `${problem.message} ${problem.fix}` : error.message;
      if (error.code !== Number(HelperErrorCode.CaptureUnavailable)) throw error;
      this.showUnavailable(problem ? `${problem.message} To fix: ${problem.fix}` : error.message);
      return undefined;
    }
    this.lastFilter = filter;
    const what = filter ? `${iface} (${filter})` : iface;
    this.log.info(`Capturing on ${what}.`);
    vscode.window.setStatusBarMessage(`LAN Lens: capturing on ${what}`, 5_000);
    return undefined;
  }

  private showUnavailable(message: string): void {
    this.log.error(`Capture unavailable: ${message}`);
    void showCaptureMessage('error', `LAN Lens cannot capture: ${message}`, this.log, [OPEN_SETTINGS]).then(
      async (choice) => {
        if (choice === OPEN_SETTINGS) {
          await vscode.commands.executeCommand('workbench.action.openSettings', SettingKey.helperNodePath);
        }
      },
    );
  }

  private async pickInterface(): Promise<string | undefined> {
    const interfaces = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'LAN Lens: listing interfaces' },
      () => this.client.listInterfaces(),
    );
    // The interface last captured on, else the configured one, is offered first.
    const setting = (key: string) => vscode.workspace.getConfiguration().get<string>(key) || undefined;
    const preferred =
      this.session.state.interface ?? setting(SettingKey.trafficInterface) ?? setting(SettingKey.scanInterface);
    const items = interfaceChoices(interfaces, preferred);
    const picked = await vscode.window.showQuickPick(items, {
      title: 'LAN Lens: Start Capture (1/2)',
      placeHolder: 'Choose the interface to capture on',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    return picked?.name;
  }

  /** The BPF filter; '' for none, undefined when the user backs out. */
  private async askFilter(value: string, problem?: string): Promise<string | undefined> {
    const filter = await vscode.window.showInputBox({
      title: 'LAN Lens: Start Capture (2/2)',
      prompt: problem
        ? `Fix the filter: ${problem}`
        : 'Capture filter in tcpdump syntax (optional): leave empty to capture everything',
      placeHolder: 'e.g. tcp port 443 or arp',
      value,
      ignoreFocusOut: true,
    });
    return filter?.trim();
  }
}
