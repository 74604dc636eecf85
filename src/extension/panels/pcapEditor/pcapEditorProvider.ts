import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { ResponseError } from 'vscode-jsonrpc/node';
import { HelperErrorCode } from '../../../shared/helperProtocol';
import type { DeviceName } from '../../../shared/webviewProtocol';
import type { HelperClient } from '../../helperClient/helperClient';
import { errorMessage } from '../../userFacingError';
import type { Listen } from '../dashboard/dashboardBackend';
import { DashboardHost } from '../dashboard/dashboardHost';
import { dashboardHtml, dashboardWebviewOptions } from '../dashboard/dashboardPage';
import { statusPageHtml } from '../dashboard/statusPage';
import type { StatusPageText } from '../dashboard/statusPage';
import { FileDashboard } from './fileDashboard';

/** How long the editor waits for a file's statistics before it shows the file's packets as they are read. */
const FIRST_PAINT_MS = 250;

/** One opened capture file: read once by the helper, shown by every editor on it. */
export class PcapDocument implements vscode.CustomDocument {
  /** settles when the helper has read the file; rejects with why it could not */
  readonly reading: Promise<unknown>;

  constructor(
    readonly uri: vscode.Uri,
    readonly dashboard: FileDashboard,
    private readonly onDispose: (document: PcapDocument) => void,
  ) {
    this.reading = Promise.resolve(
      vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `LAN Lens: reading ${dashboard.label}`,
          cancellable: true,
        },
        (_progress, token) => dashboard.open(token),
      ),
    );
    // Whoever shows the document reports the failure; this only keeps it from going unhandled.
    this.reading.catch(() => undefined);
  }

  /** Shows a warning about the file the first time any of its editors asks. */
  warnOnce(message: string): void {
    if (this.warned) return;
    this.warned = true;
    this.warning = message;
    void vscode.window.showWarningMessage(message);
  }

  /** the warning shown about a damaged file, if any */
  warning: string | undefined;
  private warned = false;

  dispose(): void {
    this.dashboard.dispose();
    this.onDispose(this);
  }
}

/**
 * Opens .pcap, .pcapng and .cap files as the traffic dashboard over the file: statistics, flows,
 * packets with their layers and bytes. The editor shows progress while the helper reads the file
 * (and, for a file that takes longer than a moment, its packets as far as read), and a page that says
 * what is wrong (and at which byte) when it is not a capture file.
 */
export class PcapEditorProvider implements vscode.CustomReadonlyEditorProvider<PcapDocument> {
  /** documents open now, for "Export Traffic…" and the tests */
  readonly documents = new Set<PcapDocument>();
  private active: PcapDocument | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly client: HelperClient,
    private readonly log: vscode.LogOutputChannel,
    private readonly names: () => DeviceName[],
    private readonly onDidChangeDevices: Listen<DeviceName[]>,
  ) {}

  /** The file dashboard of the focused capture-file editor, if any. */
  get activeDashboard(): FileDashboard | undefined {
    return this.active?.dashboard;
  }

  openCustomDocument(uri: vscode.Uri): PcapDocument {
    const dashboard = new FileDashboard(uri, this.client, this.names, this.onDidChangeDevices);
    const document = new PcapDocument(uri, dashboard, (closed) => {
      this.documents.delete(closed);
      if (this.active === closed) this.active = undefined;
    });
    this.documents.add(document);
    return document;
  }

  async resolveCustomEditor(document: PcapDocument, panel: vscode.WebviewPanel): Promise<void> {
    const { webview } = panel;
    const label = document.dashboard.label;
    webview.options = dashboardWebviewOptions(this.extensionUri);
    const page = (text: StatusPageText) => statusPageHtml(text, randomBytes(18).toString('base64'));
    webview.html = page({ title: `Reading ${label}…`, message: 'LAN Lens is reading the capture file.' });
    const track = () => {
      if (panel.active) this.active = document;
      else if (this.active === document) this.active = undefined;
    };
    track();
    const viewState = panel.onDidChangeViewState(track);
    // The view asks for its state only once the dashboard page replaces the reading page below.
    const host = new DashboardHost(webview, document.dashboard, this.log);
    let disposed = false;
    panel.onDidDispose(() => {
      disposed = true;
      viewState.dispose();
      host.dispose();
      if (this.active === document) this.active = undefined;
    });
    // A file read in a moment opens with its statistics; a larger one opens at once on its packets
    // read so far, and its statistics follow (a reset from the dashboard backend).
    const readInTime = await Promise.race([
      document.reading.then(
        () => true,
        () => true,
      ),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), FIRST_PAINT_MS)),
    ]);
    if (disposed) return;
    if (!readInTime) webview.html = dashboardHtml(webview, this.extensionUri, label);
    try {
      await document.reading;
    } catch (error) {
      this.log.warn(`Opening ${document.uri.fsPath}: ${errorMessage(error)}`);
      if (!disposed) webview.html = page(failureText(label, error));
      return;
    }
    if (disposed) return;
    const problem = document.dashboard.snapshot()?.source;
    if (problem?.kind === 'file' && problem.problem) {
      // The statistics cover the packets before the damage: say so, once per document.
      document.warnOnce(
        `LAN Lens: ${label} is damaged (${problem.problem.message}); the dashboard shows the ${document.dashboard.snapshot()?.counters.packets ?? 0} packets before offset ${problem.problem.offset}.`,
      );
    }
    if (readInTime) webview.html = dashboardHtml(webview, this.extensionUri, label);
  }
}

/** The error page for a file the helper could not read. */
function failureText(label: string, error: unknown): StatusPageText {
  const code = error instanceof ResponseError ? error.code : undefined;
  if (code === (HelperErrorCode.BadCaptureFile as number)) {
    return {
      title: `${label} is not a capture file LAN Lens can read`,
      message: errorMessage(error),
      hint: 'LAN Lens reads pcap and pcapng files as tcpdump, tshark and Wireshark write them. A file cut short can often be repaired with "editcap <file> <copy>" (Wireshark\'s tools), which keeps the complete packets.',
      error: true,
    };
  }
  if (error instanceof vscode.CancellationError || /cancel/i.test(errorMessage(error))) {
    return {
      title: `Reading ${label} was cancelled`,
      message: 'Close this editor and open the file again to read it.',
    };
  }
  return {
    title: `LAN Lens could not open ${label}`,
    message: errorMessage(error),
    hint: 'The LAN Lens log ("LAN Lens: Show Helper Log") has details.',
    error: true,
  };
}
