// Connects one history webview to the helper's history over the typed transport: answers the
// view's requests for a period with `history/view`, and tells it when the history changed.
import type * as vscode from 'vscode';
import { ResponseError } from 'vscode-jsonrpc/node';
import { HelperErrorCode } from '../../../shared/helperProtocol';
import { HistoryViewRequest } from '../../../shared/historyProtocol';
import type { HistoryPeriod, HistoryViewState } from '../../../shared/historyViewProtocol';
import {
  HISTORY_VIEW_PROTOCOL_VERSION,
  HistoryViewChangedNotification,
  HistoryViewLoadRequest,
  HistoryViewReadyRequest,
} from '../../../shared/historyViewProtocol';
import type { HistoryStatus } from '../../../shared/model/history';
import { ViewErrorNotification } from '../../../shared/webviewProtocol';
import { WebviewEndpoint, WebviewRequestError } from '../../../shared/webviewTransport';
import type { HelperClient } from '../../helperClient/helperClient';
import type { HistoryConnection } from '../../history/historyConnection';
import { errorMessage } from '../../userFacingError';

/** What a history host needs besides its webview. */
export interface HistoryHostParts {
  helper: HelperClient;
  history: HistoryConnection;
  /** subscribes to changes of what the history holds */
  onDidChangeHistory: (listener: () => void) => vscode.Disposable;
  log: vscode.LogOutputChannel;
}

/** One history view's transport and subscriptions. */
export class HistoryHost implements vscode.Disposable {
  private readonly endpoint: WebviewEndpoint;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private changeTimer: NodeJS.Timeout | undefined;
  private markReady: () => void = () => undefined;
  /** settles once the view has said ready and been answered (the tests wait for it) */
  readonly viewReady = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(
    webview: vscode.Webview,
    private readonly parts: HistoryHostParts,
  ) {
    const { log } = parts;
    this.endpoint = new WebviewEndpoint(
      (message) => webview.postMessage(message),
      (error, method) => log.warn(`History ${method}: ${errorMessage(error)}`),
    );
    const { endpoint } = this;
    this.disposables.push(webview.onDidReceiveMessage((message: unknown) => endpoint.handle(message)));
    endpoint.onRequest(HistoryViewReadyRequest.type, async ({ protocolVersion, ...period }) => {
      if (protocolVersion !== HISTORY_VIEW_PROTOCOL_VERSION) {
        throw new WebviewRequestError(
          `This view speaks history protocol ${protocolVersion}, the extension ${HISTORY_VIEW_PROTOCOL_VERSION}.`,
          'Reload the window ("Developer: Reload Window") after updating LAN Lens.',
        );
      }
      const state = await this.load(period);
      this.ready = true;
      this.markReady();
      return state;
    });
    endpoint.onRequest(HistoryViewLoadRequest.type, (period) => this.load(period));
    endpoint.onNotification(ViewErrorNotification.type, ({ message, stack }) =>
      log.error(`History view: ${message}${stack ? `\n${stack}` : ''}`),
    );
    // A burst of changes (a scan's devices, then its ports) is one reload.
    const changed = () => {
      if (!this.ready || this.changeTimer) return;
      this.changeTimer = setTimeout(() => {
        this.changeTimer = undefined;
        endpoint.sendNotification(HistoryViewChangedNotification.type, {});
      }, 1000);
    };
    this.disposables.push(parts.onDidChangeHistory(changed), parts.history.onDidChange(changed));
  }

  /** The view's data for a period, or why there is none. */
  private async load(period: HistoryPeriod): Promise<HistoryViewState> {
    const { helper, history } = this.parts;
    let status: HistoryStatus = history.status;
    if (status.state !== 'open') status = await history.open();
    if (status.state !== 'open') return { status };
    try {
      const view = await helper.request(HistoryViewRequest.type, { unit: period.unit, at: period.at });
      return { status, view };
    } catch (error) {
      if (error instanceof ResponseError && error.code === (HelperErrorCode.HistoryUnavailable as number)) {
        return { status: (error.data as HistoryStatus | undefined) ?? { state: 'closed' } };
      }
      throw new WebviewRequestError(`Reading the history failed: ${errorMessage(error)}`);
    }
  }

  /** The view was torn down while hidden: it says ready again when shown. */
  viewReloaded(): void {
    this.ready = false;
  }

  dispose(): void {
    clearTimeout(this.changeTimer);
    for (const disposable of this.disposables) disposable.dispose();
    this.endpoint.dispose();
  }
}
