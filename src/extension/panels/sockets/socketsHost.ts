// Connects one sockets webview to a socket watch over the typed transport: answers the view's
// ready and snapshot requests with the whole state, forwards each tick while the view is ready,
// exports on request. The debug panel adds its session through `debug` and `onDidChangeDebug`.
import type * as vscode from 'vscode';
import type { SocketsViewMode, SocketsViewState } from '../../../shared/socketsViewProtocol';
import type { DebugSessionView } from '../../../shared/socketsViewProtocol';
import {
  DebugPcapExportRequest,
  DebugSessionNotification,
  SOCKETS_VIEW_PROTOCOL_VERSION,
  SocketsExportRequest,
  SocketsReadyRequest,
  SocketsResetNotification,
  SocketsSnapshotRequest,
  SocketsTickViewNotification,
} from '../../../shared/socketsViewProtocol';
import type { SocketsTick } from '../../../shared/model/sockets';
import { ViewErrorNotification } from '../../../shared/webviewProtocol';
import { WebviewEndpoint, WebviewRequestError } from '../../../shared/webviewTransport';
import type { SocketWatchClient } from '../../sockets/socketWatchClient';
import { exportSockets } from '../../sockets/socketsExport';
import { errorMessage } from '../../userFacingError';
import { viewError } from '../viewError';
import type { SavedFile } from '../../../shared/webviewProtocol';

/** What a sockets view shows: a watch, and in debug mode its session. */
export interface SocketsViewSource {
  mode: SocketsViewMode;
  /** for the export dialog: "your processes", "debug session "Launch""… */
  label: string;
  watch(): SocketWatchClient | undefined;
  debug?(): DebugSessionView | undefined;
  /** why there is nothing to show, if so */
  problem(): string | undefined;
  /** debug mode: asks where, then saves the session's captured packets */
  exportPcap?(): Promise<SavedFile>;
}

/** One view's transport. */
export class SocketsHost implements vscode.Disposable {
  private readonly endpoint: WebviewEndpoint;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private markReady: () => void = () => undefined;
  /** settles once the view has said ready and been answered (the tests wait for it) */
  readonly viewReady = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(
    webview: vscode.Webview,
    private readonly source: SocketsViewSource,
    log: vscode.LogOutputChannel,
  ) {
    this.endpoint = new WebviewEndpoint(
      (message) => webview.postMessage(message),
      (error, method) => log.warn(`Sockets view ${method}: ${errorMessage(error)}`),
    );
    const { endpoint } = this;
    this.disposables.push(webview.onDidReceiveMessage((message: unknown) => endpoint.handle(message)));
    endpoint.onRequest(SocketsReadyRequest.type, ({ protocolVersion }) => {
      if (protocolVersion !== SOCKETS_VIEW_PROTOCOL_VERSION) {
        throw new WebviewRequestError(
          `This view speaks sockets protocol ${protocolVersion}, the extension ${SOCKETS_VIEW_PROTOCOL_VERSION}.`,
          'Reload the window ("Developer: Reload Window") after updating LAN Lens.',
        );
      }
      this.ready = true;
      this.markReady();
      return this.state();
    });
    endpoint.onRequest(SocketsSnapshotRequest.type, () => this.state());
    endpoint.onRequest(SocketsExportRequest.type, async ({ format }) => {
      const watch = source.watch();
      if (!watch) throw new WebviewRequestError('There are no connections to export yet.');
      return answer(() =>
        exportSockets(watch.state, format, source.label, source.debug ? { debug: source.debug() } : undefined),
      );
    });
    endpoint.onRequest(DebugPcapExportRequest.type, () => {
      const exportPcap = source.exportPcap?.bind(source);
      if (!exportPcap) throw new WebviewRequestError('Only a debug session’s packets can be exported as pcap.');
      return answer(exportPcap);
    });
    /** Runs an export; its failure is the view's error answer (the view shows it), logged too. */
    const answer = async (run: () => Promise<SavedFile>): Promise<SavedFile> => {
      try {
        return await run();
      } catch (error) {
        log.warn(`Sockets view export failed: ${errorMessage(error)}`);
        throw viewError(error);
      }
    };
    endpoint.onNotification(ViewErrorNotification.type, ({ message, stack }) =>
      log.error(`Sockets view: ${message}${stack ? `\n${stack}` : ''}`),
    );
  }

  /** The whole state, as a view that loads or missed ticks needs it. */
  state(): SocketsViewState {
    const watch = this.source.watch();
    const debug = this.source.debug?.();
    const problem = this.source.problem();
    return {
      mode: this.source.mode,
      ...(watch && watch.state.source ? { snapshot: snapshotOf(watch), series: [...watch.state.series] } : {}),
      ...(debug ? { debug } : {}),
      ...(problem ? { problem } : {}),
    };
  }

  /** A reading of the watch: forwarded while the view is ready. */
  tick(tick: SocketsTick): void {
    if (this.ready) this.endpoint.sendNotification(SocketsTickViewNotification.type, tick);
  }

  /** The watch started again or changed: the view draws the whole state. */
  reset(): void {
    if (this.ready) this.endpoint.sendNotification(SocketsResetNotification.type, this.state());
  }

  /** The debug session changed. */
  debugChanged(view: DebugSessionView): void {
    if (this.ready) this.endpoint.sendNotification(DebugSessionNotification.type, view);
  }

  /** A hidden webview is torn down: nothing is pushed until it says ready again. */
  viewReloaded(): void {
    this.ready = false;
  }

  dispose(): void {
    this.endpoint.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** The watch's state as one tick the view resets to. */
function snapshotOf(watch: SocketWatchClient): SocketsTick {
  const { state } = watch;
  const last = state.series[state.series.length - 1];
  return {
    watchId: watch.watchId,
    tick: state.tickNumber,
    time: last?.time ?? Date.now(),
    source: state.source ?? 'sock_diag',
    processes: [...state.processes.values()],
    traffic: state.traffic,
    sockets: [...state.rows.values()],
    unattributedCloses: state.unattributedCloses,
    lostCloseEvents: state.lostCloseEvents,
  };
}
