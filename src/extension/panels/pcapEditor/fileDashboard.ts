import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { ResponseError } from 'vscode-jsonrpc/node';
import { CloseCaptureRequest, HelperErrorCode } from '../../../shared/helperProtocol';
import {
  CapturePacketDetailRequest,
  CapturePacketsRequest,
  CaptureRowsRequest,
  OpenCaptureFileRequest,
} from '../../../shared/captureFileProtocol';
import type { CaptureRows } from '../../../shared/captureFileProtocol';
import type { PacketDetail, TrafficSnapshot } from '../../../shared/model/traffic';
import type { DashboardState, DeviceName, ExportParams, PacketPage, SavedFile } from '../../../shared/webviewProtocol';
import { WebviewRequestError } from '../../../shared/webviewTransport';
import { exportToFile } from '../../export/exportToFile';
import type { ExportSource } from '../../export/exportStream';
import type { HelperClient } from '../../helperClient/helperClient';
import type { DashboardBackend, DashboardStatus, Listen } from '../dashboard/dashboardBackend';

const never: Listen<never> = () => ({ dispose: () => undefined });

/**
 * A capture file as a dashboard: the helper reads it once (`capture/openFile`) and keeps it open
 * for packet pages and details until the editor closes (`capture/close`). While it is read, its
 * packets can be paged as far as read; the statistics then come as a reset. A helper that restarted
 * (it crashed or was killed) has forgotten the file: the next page or detail reads it again first.
 * Read-only: no capture controls, no ticks.
 */
export class FileDashboard implements DashboardBackend, ExportSource {
  readonly mode = 'file' as const;
  readonly captureId = `file-${randomUUID()}`;
  readonly label: string;
  private snapshotValue: TrafficSnapshot | undefined;
  /** the helper is reading the file: pages come from what it has read so far */
  private reading = false;
  private closed = false;
  /** the file read again in the helper that runs now (shared by the requests that found it forgotten) */
  private reopening: Promise<unknown> | undefined;
  private readonly sessionEnded: { dispose(): void };
  private readonly resets = new vscode.EventEmitter<DashboardState>();

  readonly onDidTick = never;
  /** fired once, when the statistics arrive after the view showed the file being read */
  readonly onDidReset: Listen<DashboardState> = this.resets.event;
  readonly onDidChangeStatus: Listen<DashboardStatus> = never;

  constructor(
    readonly uri: vscode.Uri,
    private readonly client: HelperClient,
    private readonly names: () => DeviceName[],
    readonly onDidChangeDevices: Listen<DeviceName[]>,
  ) {
    this.label = uri.path.split('/').pop() ?? uri.fsPath;
    this.sessionEnded = client.onDidEndSession(() => (this.reopening = undefined));
  }

  /** Reads the file in the helper; rejects with the helper's error (BadCaptureFile names the offset). */
  async open(token: vscode.CancellationToken): Promise<TrafficSnapshot> {
    const source = new vscode.CancellationTokenSource();
    const forward = token.onCancellationRequested(() => source.cancel());
    this.reading = true;
    try {
      this.snapshotValue = await this.client.request(
        OpenCaptureFileRequest.type,
        { captureId: this.captureId, path: this.uri.fsPath },
        source.token,
      );
    } finally {
      this.reading = false;
      forward.dispose();
      source.dispose();
    }
    this.resets.fire(await this.state());
    return this.snapshotValue;
  }

  snapshot(): TrafficSnapshot | undefined {
    return this.snapshotValue;
  }

  devices(): DeviceName[] {
    return this.names();
  }

  state(): Promise<DashboardState> {
    const traffic = this.snapshotValue;
    if (!traffic && !this.reading) throw new WebviewRequestError(`${this.label} could not be read.`);
    return Promise.resolve({
      mode: 'file',
      ...(traffic ? { traffic } : { reading: { path: this.uri.fsPath } }),
      bandwidth: [],
      interfaces: [],
      captureStatus: { available: false },
      recording: false,
      devices: this.names(),
      packetCount: traffic?.counters.packets ?? 0,
    });
  }

  startCapture(): Promise<void> {
    return Promise.reject(new WebviewRequestError('A capture file cannot capture: use "LAN Lens: Show Traffic".'));
  }

  stopCapture(): Promise<void> {
    return Promise.resolve();
  }

  saveCapture(): Promise<SavedFile> {
    return Promise.reject(new WebviewRequestError(`${this.label} is already a file.`));
  }

  exportTable({ table, format }: ExportParams): Promise<SavedFile> {
    return exportToFile(this, table, format);
  }

  packetPage(params: { from: number; count: number; filter?: string }): Promise<PacketPage> {
    return this.inHelper(() =>
      this.client.request(CapturePacketsRequest.type, {
        captureId: this.captureId,
        from: params.from,
        count: params.count,
        filter: params.filter || undefined,
      }),
    );
  }

  packetRange(from: number, count: number): Promise<PacketPage> {
    return this.packetPage({ from, count });
  }

  rowRange(table: 'flows' | 'hosts', from: number, count: number): Promise<CaptureRows<'flows' | 'hosts'>> {
    return this.inHelper(
      // The helper answers with rows of the table asked for.
      () =>
        this.client.request(CaptureRowsRequest.type, { captureId: this.captureId, table, from, count }) as Promise<
          CaptureRows<'flows' | 'hosts'>
        >,
    );
  }

  packetDetail(index: number): Promise<PacketDetail> {
    return this.inHelper(() =>
      this.client.request(CapturePacketDetailRequest.type, { captureId: this.captureId, index }),
    );
  }

  /** Sends a request about the file; when the helper no longer knows it (a new process), reads it again and retries. */
  private async inHelper<R>(send: () => Promise<R>): Promise<R> {
    try {
      return await send();
    } catch (error) {
      const forgotten = error instanceof ResponseError && error.code === Number(HelperErrorCode.UnknownCapture);
      if (!forgotten || this.closed) throw error;
      this.reopening ??= this.client
        .request(OpenCaptureFileRequest.type, { captureId: this.captureId, path: this.uri.fsPath })
        .catch((reason: unknown) => {
          // The file may be gone or changed since: say so now, and try again on the next request.
          this.reopening = undefined;
          throw reason;
        });
      await this.reopening;
      return send();
    }
  }

  /** Tells the helper to forget the file (the editor closed). */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.sessionEnded.dispose();
    this.resets.dispose();
    if (this.client.running) {
      this.client.request(CloseCaptureRequest.type, { captureId: this.captureId }).catch(() => undefined);
    }
  }
}
