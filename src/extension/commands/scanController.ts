import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { ResponseError } from 'vscode-jsonrpc/node';
import { HelperErrorCode } from '../../shared/helperProtocol';
import type { ScanRequest, ScanResult } from '../../shared/model/scan';
import { SettingKey } from '../contributionIds';
import type { HelperClient } from '../helperClient/helperClient';
import { readSettings } from '../settings';
import type { LanLensSettings } from '../settingsParser';
import { UserFacingError } from '../userFacingError';
import type { DeviceStore } from '../views/deviceStore';
import type { TreeNode } from '../views/deviceTreeModel';
import type { DeviceTreeProvider } from '../views/deviceTreeProvider';
import type { ScanTarget } from './scanTargets';
import { scanTargets } from './scanTargets';
import { confirmationReasonsFor, hostCount, probePercent, scanSummary } from './scanText';
import { pickTarget } from './targetPicker';
import { showCaptureMessage } from '../privilege/capturePermission';

const SCAN_ANYWAY = 'Scan Anyway';

/** Runs scans: picks targets, shows progress, asks for confirmation, feeds the tree. */
export class ScanController {
  private readonly running = new Set<string>();
  private readonly shownWarnings = new Set<string>();

  constructor(
    private readonly client: HelperClient,
    private readonly store: DeviceStore,
    private readonly tree: DeviceTreeProvider,
    private readonly log: vscode.LogOutputChannel,
    /** shows the Devices view when it is hidden */
    private readonly revealDevices: () => void = () => undefined,
  ) {}

  /** `lanLens.scanLan`: the configured subnets, else the interfaces' subnets; asks when there are several. */
  async scanLan(): Promise<void> {
    const settings = this.settings();
    const interfaces = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'LAN Lens: listing interfaces' },
      () => this.client.listInterfaces(),
    );
    const choice = scanTargets(settings, interfaces);
    if (choice.targets.length === 0) {
      const setting = settings.scanInterface ? SettingKey.scanInterface : SettingKey.scanSubnets;
      throw new UserFacingError('reason' in choice ? choice.reason : 'Nothing to scan.', {
        kind: 'openSetting',
        setting,
      });
    }
    const target = choice.targets.length === 1 ? choice.targets[0] : await pickTarget(choice.targets);
    if (target) await this.scan(target, settings, false);
  }

  /** `lanLens.rescan`: the subnet of a group node or of a device node's group. */
  async rescan(node: TreeNode | undefined): Promise<void> {
    if (!node) return this.scanLan();
    const group = node.kind === 'group' ? node : node.kind === 'device' ? node.group : node.device.group;
    // A group of port-scan targets outside every interface's subnets has no interface: the helper picks.
    await this.scan({ cidr: group.subnet, interface: group.interface || undefined }, this.settings(), false);
  }

  private settings(): LanLensSettings {
    const { settings, problems } = readSettings();
    const subnetProblems = problems.filter((problem) => problem.startsWith(SettingKey.scanSubnets));
    if (subnetProblems.length > 0) {
      throw new UserFacingError(`Fix the subnets to scan. ${subnetProblems.join(' ')}`, {
        kind: 'openSetting',
        setting: SettingKey.scanSubnets,
      });
    }
    const ignored = problems.map((problem) => `Setting ignored: ${problem}`);
    for (const problem of ignored) this.log.warn(problem);
    this.warnOnce(ignored);
    return settings;
  }

  private async scan(target: ScanTarget, settings: LanLensSettings, confirmed: boolean): Promise<void> {
    const key = `${target.interface ?? ''}|${target.cidr}`;
    if (this.running.has(key)) {
      void vscode.window.showInformationMessage(`LAN Lens is already scanning ${target.cidr}.`);
      return;
    }
    this.running.add(key);
    this.revealDevices();
    let result: ScanResult | undefined;
    try {
      result = await this.run(this.request(target, settings, confirmed));
    } catch (error) {
      if (error instanceof ResponseError && error.code === Number(HelperErrorCode.RequestCancelled)) {
        vscode.window.setStatusBarMessage(`LAN Lens: scan of ${target.cidr} cancelled`, 10_000);
        return;
      }
      if (error instanceof ResponseError && error.code === Number(HelperErrorCode.UnknownInterface)) {
        throw new UserFacingError(`${error.message} Check the setting ${SettingKey.scanInterface}.`, {
          kind: 'openSetting',
          setting: SettingKey.scanInterface,
        });
      }
      if (!(error instanceof ResponseError && error.code === Number(HelperErrorCode.NeedsConfirmation)) || confirmed) {
        throw error;
      }
      const reasons = confirmationReasonsFor(error.data, error.message, target.cidr);
      if (!(await this.confirm(target.cidr, reasons))) return;
    } finally {
      this.running.delete(key);
    }
    if (result) this.finish(result);
    else await this.scan(target, settings, true);
  }

  private request(target: ScanTarget, settings: LanLensSettings, confirmed: boolean): ScanRequest {
    return {
      scanId: randomUUID(),
      cidr: target.cidr,
      interface: target.interface,
      timeoutMs: settings.scanTimeoutMs,
      retries: settings.scanRetries,
      method: 'auto',
      resolveNames: settings.scanResolveNames,
      dnsServers: settings.scanDnsServers.length > 0 ? settings.scanDnsServers : undefined,
      confirmed: confirmed || undefined,
    };
  }

  private run(request: ScanRequest): Thenable<ScanResult> {
    const title = `LAN Lens: scanning ${request.cidr ?? request.interface ?? ''}`;
    const options = { location: vscode.ProgressLocation.Notification, title, cancellable: true };
    return vscode.window.withProgress(options, (progress, token) => {
      let percent = 0;
      return this.client.scan(request, token, (update) => {
        // Devices go into the tree as they are found, not only when the scan ends.
        this.tree.apply(this.store.merge(update.devices));
        const next = probePercent(update.probesSent, update.total);
        progress.report({ message: `${hostCount(update.found)} found`, increment: Math.max(0, next - percent) });
        percent = Math.max(percent, next);
      });
    });
  }

  private async confirm(cidr: string, reasons: string[]): Promise<boolean> {
    const detail = `${reasons.join('\n')}\n\nScan only networks you own or are allowed to test.`;
    const choice = await vscode.window.showWarningMessage(`Scan ${cidr}?`, { modal: true, detail }, SCAN_ANYWAY);
    return choice === SCAN_ANYWAY;
  }

  private finish(result: ScanResult): void {
    this.tree.apply(this.store.merge(result.devices));
    if (!result.cancelled) {
      const seen = new Set(result.devices.map((device) => device.ip));
      this.tree.apply(this.store.markScanned(result.interface, result.cidr, seen));
    }
    const summary = scanSummary(result);
    this.log.info(`${summary} (${result.method}, ${result.probesSent} probes)`);
    vscode.window.setStatusBarMessage(summary, 15_000);
    this.warnOnce(result.warnings);
  }

  /**
   * Shows each warning only once per session (in one message) so rescans do not nag. Logging is
   * the caller's: the helper logs a scan's own warnings into the same log.
   */
  private warnOnce(warnings: readonly string[]): void {
    const fresh = warnings.filter((warning) => !this.shownWarnings.has(warning));
    if (fresh.length === 0) return;
    for (const warning of fresh) this.shownWarnings.add(warning);
    void showCaptureMessage('warning', `LAN Lens: ${fresh.join(' ')}`, this.log);
  }
}
