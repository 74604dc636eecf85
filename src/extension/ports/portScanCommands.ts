import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { ResponseError } from 'vscode-jsonrpc/node';
import type { ConfirmIdentifyParams, InterfacesResult } from '../../shared/helperProtocol';
import { HelperErrorCode, PortScanProgressNotification, PortScanRequestMessage } from '../../shared/helperProtocol';
import type { Device } from '../../shared/model/device';
import type { HostPorts, PortScanMethod, PortScanRequest, PortScanResult } from '../../shared/model/ports';
import type { NmapScan } from '../../shared/ports/nmapCommand';
import { nmapCommand } from '../../shared/ports/nmapCommand';
import { parseTargetText } from '../../shared/ports/portTargets';
import { placePassive } from '../capture/passiveDevices';
import { mergePortProgress } from '../../shared/ports/portProgress';
import type { HelperClient } from '../helperClient/helperClient';
import { UserFacingError } from '../userFacingError';
import type { DeviceStore, TreeChange } from '../views/deviceStore';
import type { DeviceNode, TreeNode } from '../views/deviceTreeModel';
import { httpUrl } from '../views/portTreeModel';
import type { PortScanOptions } from './portScanPickers';
import { pickOptions, pickPortSpec, pickTargets } from './portScanPickers';
import type { PortScanChoice } from './portScanText';
import { OpenPortTally, portScanRequest, portScanSummary, progressText, targetsText } from './portScanText';
import type { PortSettings } from './portSettings';
import { parsePortSettings } from './portSettings';
import { showCaptureMessage } from '../privilege/capturePermission';
import { formatCount } from '../../shared/format/displayFormat';

const SCAN_ANYWAY = 'Scan Anyway';
const IDENTIFY_ANYWAY = 'Identify Services';

/** What "Scan Ports…" may be given instead of asking (tests, other commands). */
export type ScanPortsArgs = Partial<PortScanChoice> & { targets?: string[] };

/** "Scan Ports…", "Open in Browser" and "Copy as nmap Command". */
export class PortScanCommands {
  private readonly shownWarnings = new Set<string>();

  constructor(
    private readonly client: HelperClient,
    private readonly store: DeviceStore,
    private readonly apply: (change: TreeChange) => void,
    private readonly log: vscode.LogOutputChannel,
    /** shows the Devices view when it is hidden */
    private readonly revealDevices: () => void = () => undefined,
  ) {
    client.confirmIdentify = (params) => this.confirmIdentify(params);
  }

  /** The helper found more open ports than service detection probes without asking. */
  private async confirmIdentify({ ports, hosts }: ConfirmIdentifyParams): Promise<boolean> {
    const choice = await vscode.window.showWarningMessage(
      `Identify services on ${formatCount(ports)} open ports?`,
      {
        modal: true,
        detail: `The scan found ${formatCount(ports)} open ports on ${formatCount(hosts)} ${hosts === 1 ? 'device' : 'devices'}. A device open on every port is often a firewall or a tarpit, and probing each port for its service can take hours. Without identification the open ports are still listed.`,
      },
      IDENTIFY_ANYWAY,
    );
    return choice === IDENTIFY_ANYWAY;
  }

  /** `lanLens.scanPorts`: a device, a group's devices, or (from the palette) whatever the user picks. */
  async scanPorts(node?: TreeNode, args?: ScanPortsArgs): Promise<PortScanResult | undefined> {
    const settings = this.settings();
    const targets = args?.targets
      ? parseTargetText(args.targets.join(' ')).targets
      : node
        ? this.targetsOf(node)
        : await pickTargets(this.store);
    if (!targets || targets.length === 0) return undefined;
    const tcp = args?.tcp ?? (await pickPortSpec(settings.defaultSet));
    if (!tcp) return undefined;
    const preset: PortScanOptions = {
      udp: args?.udp ?? settings.udp,
      serviceDetection: args?.serviceDetection ?? settings.serviceDetection,
      osDetection: args?.osDetection ?? settings.osDetection,
    };
    const explicit = args && ['udp', 'serviceDetection', 'osDetection'].some((key) => key in args);
    const options = explicit || args?.tcp ? preset : await pickOptions(preset);
    if (!options) return undefined;
    return this.run({ targets, tcp, ...options }, settings, false);
  }

  /** `lanLens.openInBrowser` on an HTTP(S) port. */
  async openInBrowser(node?: TreeNode): Promise<void> {
    if (node?.kind !== 'port')
      throw new UserFacingError('Choose an HTTP or HTTPS port of a device in the Devices view.');
    const url = httpUrl(node.device.device.ip, node.port);
    if (!url)
      throw new UserFacingError(`Port ${node.port.port}/${node.port.protocol} does not look like a web server.`);
    await vscode.env.openExternal(vscode.Uri.parse(url));
  }

  /** `lanLens.copyNmapCommand`: what LAN Lens ran on the device (or port), else what it would run now. */
  async copyNmapCommand(node?: TreeNode): Promise<void> {
    const device = node?.kind === 'port' ? node.device : node?.kind === 'device' ? node : undefined;
    if (!device) throw new UserFacingError('Choose a device or port in the Devices view.');
    const { scan, method } = this.scanOf(device);
    const ip = device.device.ip;
    const command =
      node?.kind === 'port'
        ? nmapCommand(
            {
              ...scan,
              targets: [ip],
              udp: false,
              osDetection: false,
              tcp: {
                set: 'custom',
                ranges: node.port.protocol === 'udp' ? `U:${node.port.port}` : `${node.port.port}`,
              },
            },
            method,
          )
        : nmapCommand({ ...scan, targets: [ip] }, method);
    await vscode.env.clipboard.writeText(command);
    vscode.window.setStatusBarMessage(`LAN Lens: copied ${command}`, 5_000);
  }

  private scanOf(device: DeviceNode): { scan: NmapScan; method?: PortScanMethod } {
    if (device.portScan) return device.portScan;
    const settings = this.settings();
    const scan: NmapScan = {
      targets: [device.device.ip],
      tcp: { set: settings.defaultSet },
      udp: settings.udp,
      serviceDetection: settings.serviceDetection,
      osDetection: settings.osDetection,
      maxRate: settings.maxRate,
      method: settings.method,
    };
    return { scan };
  }

  private targetsOf(node: TreeNode): string[] {
    if (node.kind === 'group') return this.store.devicesOf(node).map((device) => device.device.ip);
    return [node.kind === 'device' ? node.device.ip : node.device.device.ip];
  }

  private settings(): PortSettings {
    const { settings, problems } = parsePortSettings((key) => vscode.workspace.getConfiguration().get(key));
    for (const problem of problems) this.log.warn(`Setting ignored: ${problem}`);
    return settings;
  }

  private async run(
    choice: PortScanChoice,
    settings: PortSettings,
    confirmed: boolean,
  ): Promise<PortScanResult | undefined> {
    const request = portScanRequest(randomUUID(), choice, settings, confirmed);
    this.revealDevices();
    // Where hosts the tree does not hold yet belong: the subnets of this machine's interfaces.
    const known = await this.client.listInterfaces();
    let result: PortScanResult;
    try {
      result = await this.scanWithProgress(request, known);
    } catch (error) {
      if (error instanceof ResponseError && error.code === Number(HelperErrorCode.RequestCancelled)) {
        vscode.window.setStatusBarMessage('LAN Lens: port scan cancelled', 10_000);
        return undefined;
      }
      if (error instanceof ResponseError && error.code === Number(HelperErrorCode.InvalidParams)) {
        throw new UserFacingError(`LAN Lens cannot scan that: ${error.message}`);
      }
      if (!(error instanceof ResponseError && error.code === Number(HelperErrorCode.NeedsConfirmation)) || confirmed) {
        throw error;
      }
      if (!(await this.confirm(choice.targets, error.data, error.message))) return undefined;
      return this.run(choice, settings, true);
    }
    this.place(result.hosts, request, result.method, known);
    const summary = portScanSummary(result);
    this.log.info(`${summary} (${result.probesSent} probes)`);
    vscode.window.setStatusBarMessage(summary, 15_000);
    this.warnOnce(result.warnings);
    return result;
  }

  private scanWithProgress(request: PortScanRequest, known: InterfacesResult): Thenable<PortScanResult> {
    const title = `LAN Lens: scanning ports of ${targetsText(request.targets)}`;
    const options = { location: vscode.ProgressLocation.Notification, title, cancellable: true };
    return vscode.window.withProgress(options, async (progress, token) => {
      const tally = new OpenPortTally();
      const found = new Map<string, HostPorts>();
      let percent = 0;
      const listening = this.client.onNotification(PortScanProgressNotification.type, (update) => {
        if (update.scanId !== request.scanId) return;
        // Each notification holds only what changed: fold it into the hosts found so far.
        const hosts = update.hosts.map((delta) => {
          const host = mergePortProgress(found.get(delta.ip), delta);
          found.set(host.ip, host);
          return host;
        });
        tally.add(hosts);
        // Ports go into the tree as they are found, not only when the scan ends.
        this.place(hosts, request, undefined, known);
        const next = update.total > 0 ? Math.min(100, (update.done / update.total) * 100) : 0;
        progress.report({
          message: progressText(tally, update.done, update.total),
          increment: Math.max(0, next - percent),
        });
        percent = Math.max(percent, next);
      });
      try {
        return await this.client.request(PortScanRequestMessage.type, request, token);
      } finally {
        listening.dispose();
      }
    });
  }

  /** Puts hosts' ports in the tree; a host it does not hold yet goes under its interface's subnet. */
  private place(
    hosts: PortScanResult['hosts'],
    request: PortScanRequest,
    method: PortScanMethod | undefined,
    { interfaces }: InterfacesResult,
  ): void {
    const used = method ?? (request.method === 'connect' ? 'connect' : 'syn');
    for (const host of hosts) {
      const newDevice = (): Device => {
        const now = Date.now();
        const place = placePassive({ ip: host.ip, interface: 'any' }, this.store.groups(), interfaces, true) ?? {
          interface: '',
          subnet: `${host.ip.split('.').slice(0, 3).join('.')}.0/24`,
        };
        return {
          ip: host.ip,
          mac: host.mac,
          isGateway: false,
          isSelf: false,
          interface: place.interface,
          subnet: place.subnet,
          firstSeen: now,
          lastSeen: now,
          methods: ['tcp'],
        };
      };
      this.apply(this.store.setPorts(host, { scan: { ...request, targets: [host.ip] }, method: used }, newDevice));
    }
  }

  private async confirm(targets: string[], data: unknown, message: string): Promise<boolean> {
    const sent = (data as { reasons?: unknown } | null | undefined)?.reasons;
    const reasons = Array.isArray(sent) && sent.every((reason) => typeof reason === 'string') ? sent : [message];
    const detail = `${reasons.join('\n')}\n\nScan only networks you own or are allowed to test.`;
    const choice = await vscode.window.showWarningMessage(
      `Scan ports of ${targetsText(targets)}?`,
      { modal: true, detail },
      SCAN_ANYWAY,
    );
    return choice === SCAN_ANYWAY;
  }

  /** Shows each warning once per session (the helper already logged it, in the same log). */
  private warnOnce(warnings: readonly string[]): void {
    const fresh = warnings.filter((warning) => !this.shownWarnings.has(warning));
    if (fresh.length === 0) return;
    for (const warning of fresh) this.shownWarnings.add(warning);
    void showCaptureMessage('warning', `LAN Lens: ${fresh.join(' ')}`, this.log);
  }
}
