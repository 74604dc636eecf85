import type * as vscode from 'vscode';
import { WebviewEndpoint, WebviewRequestError } from '../../../shared/webviewTransport';
import {
  DevicesNotification,
  ExportRequest,
  PacketDetailRequest,
  PacketPageRequest,
  ReadyRequest,
  ResetNotification,
  SaveCaptureRequest,
  SnapshotRequest,
  StartCaptureRequest,
  StatusNotification,
  StopCaptureRequest,
  TickNotification,
  ViewErrorNotification,
  WEBVIEW_PROTOCOL_VERSION,
} from '../../../shared/webviewProtocol';
import { errorMessage } from '../../userFacingError';
import { viewError } from '../viewError';
import type { DashboardBackend, Disposable } from './dashboardBackend';

/**
 * Connects one webview to one dashboard backend over the typed transport: answers the view's
 * requests, and once the view said `view/ready` forwards ticks, resets, device names and status.
 * Nothing is pushed before `ready` (the view would drop it) nor after the webview is disposed.
 * The backend belongs to the caller (one file can be shown in several editors).
 */
export class DashboardHost implements Disposable {
  private readonly endpoint: WebviewEndpoint;
  private readonly disposables: Disposable[] = [];
  private ready = false;
  private markReady: () => void = () => undefined;
  /** settles once the view has said `view/ready` and been answered (the tests wait for it) */
  readonly viewReady = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(
    webview: vscode.Webview,
    backend: DashboardBackend,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.endpoint = new WebviewEndpoint(
      (message) => webview.postMessage(message),
      (error, method) => log.warn(`Dashboard ${method}: ${errorMessage(error)}`),
    );
    this.disposables.push(webview.onDidReceiveMessage((message: unknown) => this.endpoint.handle(message)));
    const { endpoint } = this;
    endpoint.onRequest(ReadyRequest.type, async ({ protocolVersion }) => {
      if (protocolVersion !== WEBVIEW_PROTOCOL_VERSION) {
        throw new WebviewRequestError(
          `This view speaks dashboard protocol ${protocolVersion}, the extension ${WEBVIEW_PROTOCOL_VERSION}.`,
          'Reload the window ("Developer: Reload Window") after updating LAN Lens.',
        );
      }
      const state = await this.answer(() => backend.state());
      this.ready = true;
      this.markReady();
      return state;
    });
    endpoint.onRequest(SnapshotRequest.type, () => this.answer(() => backend.state()));
    endpoint.onRequest(StartCaptureRequest.type, (params) => this.answer(() => backend.startCapture(params)));
    endpoint.onRequest(StopCaptureRequest.type, () => this.answer(() => backend.stopCapture()));
    endpoint.onRequest(SaveCaptureRequest.type, () => this.answer(() => backend.saveCapture()));
    endpoint.onRequest(ExportRequest.type, (params) => this.answer(() => backend.exportTable(params)));
    endpoint.onRequest(PacketPageRequest.type, (params) => this.answer(() => backend.packetPage(params)));
    endpoint.onRequest(PacketDetailRequest.type, ({ index }) => this.answer(() => backend.packetDetail(index)));
    endpoint.onNotification(ViewErrorNotification.type, ({ message, stack }) =>
      log.error(`Dashboard view: ${message}${stack ? `\n${stack}` : ''}`),
    );
    this.disposables.push(
      backend.onDidTick((tick) => this.push(() => endpoint.sendNotification(TickNotification.type, tick))),
      backend.onDidReset((state) => this.push(() => endpoint.sendNotification(ResetNotification.type, state))),
      backend.onDidChangeDevices((devices) =>
        this.push(() => endpoint.sendNotification(DevicesNotification.type, { devices })),
      ),
      backend.onDidChangeStatus((status) =>
        this.push(() => endpoint.sendNotification(StatusNotification.type, status)),
      ),
    );
  }

  /** A reloaded view says `ready` again; until then nothing is pushed. */
  viewReloaded(): void {
    this.ready = false;
  }

  private push(send: () => void): void {
    if (this.ready) send();
  }

  /** Runs a request; errors become the view's error answer, with the fix when one is known. */
  private async answer<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof WebviewRequestError))
        this.log.warn(
          `Dashboard request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      throw viewError(error);
    }
  }

  dispose(): void {
    this.endpoint.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
