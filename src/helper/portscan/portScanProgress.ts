import { hostPorts } from './portResults';
import type { HostRun } from './hostRun';
import type { PortScanContext } from './portScanContext';
import type { PortScanPlan } from './portScanPlan';

/**
 * Sends `ports/didProgress` a few times a second with the hosts whose ports changed, and of each
 * only the ports not sent before (or whose state changed): a host with thousands of open ports is
 * not sent again whole with every notification.
 */
export class ProgressTracker {
  private readonly dirty = new Set<HostRun>();
  /** per host, each port sent so far (`tcp/22`) with the state it was sent with */
  private readonly sent = new Map<HostRun, Map<string, string>>();
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
    const hosts = [...this.dirty].map((run) => {
      const host = hostPorts({
        ip: run.text,
        mac: run.mac,
        up: true,
        srttMs: run.srttMs,
        tcp: this.plan.tcpPorts.length ? run.tcp : undefined,
        udp: this.plan.udpPorts.length ? run.udp : undefined,
      });
      let sent = this.sent.get(run);
      if (!sent) this.sent.set(run, (sent = new Map<string, string>()));
      host.ports = host.ports.filter((port) => {
        const key = `${port.protocol}/${port.port}`;
        if (sent.get(key) === port.state) return false;
        sent.set(key, port.state);
        return true;
      });
      return host;
    });
    this.dirty.clear();
    this.context.onProgress?.({ scanId: this.scanId, hosts, done: this.done, total: this.total });
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.dirty.size > 0) this.flush();
  }
}
