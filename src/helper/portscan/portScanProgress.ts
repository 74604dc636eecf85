import { hostPorts } from './portResults';
import type { HostRun } from './hostRun';
import type { PortScanContext } from './portScanContext';
import type { PortScanPlan } from './portScanPlan';

/** Sends `ports/didProgress` a few times a second with the hosts whose ports changed. */
export class ProgressTracker {
  private readonly dirty = new Set<HostRun>();
  private timer: NodeJS.Timeout | undefined;
  private done = 0;
  private readonly total: number;

  constructor(
    private readonly scanId: string,
    runs: readonly HostRun[],
    private readonly plan: Pick<PortScanPlan, 'tcpPorts' | 'udpPorts'>,
    private readonly context: Pick<PortScanContext, 'onProgress' | 'progressIntervalMs'>,
  ) {
    this.total = runs.length * (plan.tcpPorts.length + plan.udpPorts.length);
  }

  changed(run: HostRun): void {
    this.done++;
    if (!this.context.onProgress) return;
    this.dirty.add(run);
    this.timer ??= setTimeout(() => this.flush(), this.context.progressIntervalMs ?? 250);
  }

  private flush(): void {
    this.timer = undefined;
    const hosts = [...this.dirty].map((run) =>
      hostPorts({
        ip: run.text,
        mac: run.mac,
        up: true,
        srttMs: run.srttMs,
        tcp: this.plan.tcpPorts.length ? run.tcp : undefined,
        udp: this.plan.udpPorts.length ? run.udp : undefined,
      }),
    );
    this.dirty.clear();
    this.context.onProgress?.({ scanId: this.scanId, hosts, done: this.done, total: this.total });
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.dirty.size > 0) this.flush();
  }
}
