import type { DecodedPacket } from '../decode/packet';
import type { TcpView } from '../decode/summary/tcpView';
import type { TrafficSnapshot } from '../../shared/model/traffic';

/** A live capture or an opened capture file, as the `capture/*` requests find it by id. */
export interface RegisteredCapture {
  readonly kind: 'live' | 'file';
  /** the full current state (`capture/snapshot`) */
  snapshot(): TrafficSnapshot;
  /** stops whatever still runs and frees the capture's memory and files (`capture/close`, shutdown) */
  dispose(): Promise<void>;
  /** the pcap holding its packets, when there is one (a file, or a live capture's recording) */
  readonly pcapPath?: string;
  /** an opened file still being read: its packets are paged as far as read, its statistics are not ready */
  readonly reading?: boolean;
  /** how a TCP segment of its packets is numbered (relative sequence numbers, scaled window), when known */
  tcpView?(packet: DecodedPacket): TcpView | undefined;
}

/** Every capture the helper holds, by the caller-chosen `captureId`: live captures and opened files share ids. */
export class CaptureRegistry {
  private readonly captures = new Map<string, RegisteredCapture>();

  get(captureId: string): RegisteredCapture | undefined {
    return this.captures.get(captureId);
  }

  has(captureId: string): boolean {
    return this.captures.has(captureId);
  }

  add(captureId: string, capture: RegisteredCapture): void {
    if (this.captures.has(captureId)) throw new Error(`capture id ${captureId} is already in use`);
    this.captures.set(captureId, capture);
  }

  /** Disposes and forgets one capture; false when there is none by that id. */
  async remove(captureId: string): Promise<boolean> {
    const capture = this.captures.get(captureId);
    if (!capture) return false;
    this.captures.delete(captureId);
    await capture.dispose();
    return true;
  }

  /** Disposes every capture (shutdown). */
  async clear(): Promise<void> {
    const all = [...this.captures.values()];
    this.captures.clear();
    await Promise.allSettled(all.map((capture) => capture.dispose()));
  }
}
