import type { PacketDetail } from '../../../shared/model/traffic';
import type {
  DashboardMode,
  DashboardState,
  DashboardTick,
  DeviceName,
  ExportParams,
  PacketPage,
  PacketPageParams,
  SavedFile,
  StartCaptureParams,
} from '../../../shared/webviewProtocol';
import type { StatusNotification } from '../../../shared/webviewProtocol';

/** Something to release, in the shape of `vscode.Disposable`. */
export interface Disposable {
  dispose(): void;
}

/** Subscribes a listener, in the shape of `vscode.Event`. */
export type Listen<T> = (listener: (value: T) => void) => Disposable;

/** The capture status and interfaces a `status/didChange` carries. */
export type DashboardStatus = NonNullable<(typeof StatusNotification.type)['_types']>[0];

/**
 * What a dashboard shows and does, whichever view hosts it: the live "Show Traffic" panel or a
 * capture file in the custom editor. The host (dashboardHost.ts) turns the view's requests into
 * these calls and forwards these events as notifications.
 */
export interface DashboardBackend extends Disposable {
  readonly mode: DashboardMode;
  /** everything to draw from nothing: answers `view/ready` and `traffic/snapshot` */
  state(): Promise<DashboardState>;
  startCapture(params: StartCaptureParams): Promise<void>;
  stopCapture(): Promise<void>;
  saveCapture(): Promise<SavedFile>;
  exportTable(params: ExportParams): Promise<SavedFile>;
  packetPage(params: PacketPageParams): Promise<PacketPage>;
  packetDetail(index: number): Promise<PacketDetail>;
  /** at most once a second: a capture delta and/or a bandwidth reading */
  readonly onDidTick: Listen<DashboardTick>;
  /** the capture shown changed: the view redraws from this state */
  readonly onDidReset: Listen<DashboardState>;
  readonly onDidChangeDevices: Listen<DeviceName[]>;
  readonly onDidChangeStatus: Listen<DashboardStatus>;
}
