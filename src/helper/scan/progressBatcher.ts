import type { Device } from '../../shared/model/device';

/**
 * Collects devices as a scan finds them and flushes them at most every `intervalMs`, so a fast
 * sweep sends a handful of notifications rather than one per host.
 */
export class ProgressBatcher {
  private pending: Device[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly flush: (devices: Device[]) => void,
  ) {}

  add(device: Device): void {
    this.pending.push(device);
    this.timer ??= setTimeout(() => this.drain(), this.intervalMs);
  }

  /** Sends whatever is pending now. */
  drain(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const devices = this.pending;
    this.pending = [];
    this.flush(devices);
  }
}
