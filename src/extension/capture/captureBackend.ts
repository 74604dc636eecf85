import type { CaptureStartParams, ConversationKey } from '../../shared/helperProtocol';
import {
  CaptureSaveRequest,
  CaptureSnapshotRequest,
  CaptureStartRequest,
  CaptureStopRequest,
  CaptureTickNotification,
  CloseCaptureRequest,
} from '../../shared/helperProtocol';
import type { TrafficDelta, TrafficSnapshot } from '../../shared/model/traffic';
import type { HelperClient } from '../helperClient/helperClient';
import type { Disposable } from './emitter';

/** What the capture store needs from the helper: the capture/* messages, and word when the helper goes away. */
export interface CaptureBackend {
  start(params: CaptureStartParams): Promise<TrafficSnapshot>;
  stop(captureId: string): Promise<TrafficSnapshot>;
  snapshot(captureId: string): Promise<TrafficSnapshot>;
  /** writes the recording (only `conversations`' packets, when given) to `path` */
  save(captureId: string, path: string, conversations?: ConversationKey[]): Promise<{ packets: number; bytes: number }>;
  /** forgets a stopped capture and its recording */
  close(captureId: string): Promise<void>;
  onTick(listener: (delta: TrafficDelta) => void): Disposable;
  /** the helper process ended (crash or restart): captures it ran are gone */
  onHelperGone(listener: (reason: string) => void): Disposable;
}

/** The capture messages over the extension's helper client. */
export function helperCaptureBackend(client: HelperClient): CaptureBackend {
  return {
    start: (params) => client.request(CaptureStartRequest.type, params),
    stop: (captureId) => client.request(CaptureStopRequest.type, { captureId }),
    snapshot: (captureId) => client.request(CaptureSnapshotRequest.type, { captureId }),
    save: (captureId, path, conversations) =>
      client.request(CaptureSaveRequest.type, { captureId, path, ...(conversations ? { conversations } : {}) }),
    close: (captureId) => client.request(CloseCaptureRequest.type, { captureId }),
    onTick: (listener) => client.onNotification(CaptureTickNotification.type, listener),
    onHelperGone: (listener) => client.onDidEndSession(listener),
  };
}
