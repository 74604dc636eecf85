// The traffic of one debug session (a top-level session with its child sessions): the roots of
// its process tree as the adapter reveals them, a socket watch of that tree (or of every process of
// the user when no process is known or the program runs elsewhere), the pauses at breakpoints,
// and which attribution mode that makes. No vscode: the tracker feeds it DAP messages.
import type { SocketsTick } from '../../shared/model/sockets';
import type { TrafficSnapshot } from '../../shared/model/traffic';
import { PortOwnerRequest } from '../../shared/socketsProtocol';
import type { AttributionMode, DebugSessionView, PauseBand } from '../../shared/socketsViewProtocol';
import type { WatchHelper } from '../sockets/socketWatchClient';
import { SocketWatchClient } from '../sockets/socketWatchClient';
import { errorMessage } from '../userFacingError';
import { attributeCapture } from './captureAttribution';
import type { LearntPid, RunChange } from './dapMessages';
import { debugPortOf, pidsFromConfiguration, remoteHostOf } from './dapMessages';

/** The session as VS Code describes it. */
export interface DebugSessionInfo {
  id: string;
  name: string;
  type: string;
  configuration: unknown;
}

/** What the session's panel hears. */
export interface DebugTrafficListener {
  /** roots, pauses, the mode or the end changed */
  changed(view: DebugSessionView): void;
  /** a reading of the watch */
  tick(tick: SocketsTick): void;
  /** the watch started again or was replaced: redraw from `watch.state` */
  reset(): void;
}

/** The live capture as a session sees it: whether it runs, and what it holds (also once stopped). */
export interface CaptureView {
  active: boolean;
  snapshot?: TrafficSnapshot;
}

/** How long to wait for the adapter to name a process before looking for the debug port's owner. */
export const PID_FALLBACK_MS = 3000;
/** Pauses kept at most (the oldest go first). */
const MAX_PAUSES = 1000;

/** One debug session's traffic. */
export class DebugSessionTraffic {
  private watchClient: SocketWatchClient;
  private scoped = true;
  private readonly roots = new Map<number, LearntPid['how']>();
  private readonly pauses: PauseBand[] = [];
  private fallbackTimer: ReturnType<typeof setTimeout> | undefined;
  private remoteHost: string | undefined;
  private problem: string | undefined;
  private ended = false;

  constructor(
    private readonly helper: WatchHelper,
    readonly info: DebugSessionInfo,
    private readonly listener: DebugTrafficListener,
    private readonly options: { capture: () => CaptureView; fallbackMs?: number; now?: () => number },
  ) {
    this.watchClient = this.newWatch(false);
  }

  /** The watch shown now. */
  get watch(): SocketWatchClient {
    return this.watchClient;
  }

  /** Starts from the launch configuration: its pids, or unscoped for a remote program, or a wait for the adapter. */
  start(): void {
    this.remoteHost = remoteHostOf(this.info.configuration);
    if (this.remoteHost) return this.unscoped();
    const known = pidsFromConfiguration(this.info.configuration);
    if (known.length > 0) this.learn(known);
    else this.fallbackTimer = setTimeout(() => void this.fallBack(), this.options.fallbackMs ?? PID_FALLBACK_MS);
    this.changed();
  }

  /** Pids the adapter (or a child session) revealed. */
  learn(pids: readonly LearntPid[]): void {
    const fresh = pids.filter(({ pid }) => !this.roots.has(pid));
    if (fresh.length === 0 || this.remoteHost) return;
    for (const { pid, how } of fresh) this.roots.set(pid, how);
    clearTimeout(this.fallbackTimer);
    if (!this.scoped) {
      // A process is known at last: its tree replaces the unscoped view.
      this.watchClient.dispose();
      this.watchClient = this.newWatch(false);
      this.scoped = true;
      this.listener.reset();
    }
    void this.watchClient.start(fresh.map(({ pid }) => pid));
    this.changed();
  }

  /** The debuggee paused, resumed or ended (`at`: ms since the epoch). */
  runChanged(change: RunChange, at = (this.options.now ?? Date.now)()): void {
    const open = this.pauses[this.pauses.length - 1];
    if (change === 'stopped') {
      if (open && open.end === undefined) return;
      this.pauses.push({ start: at });
      if (this.pauses.length > MAX_PAUSES) this.pauses.shift();
    } else {
      if (!open || open.end !== undefined) {
        if (change !== 'ended') return;
      } else open.end = at;
      if (change === 'ended') this.ended = true;
    }
    this.changed();
  }

  /** The panel's account of the session. */
  view(): DebugSessionView {
    const { snapshot } = this.options.capture();
    return {
      name: this.info.name,
      type: this.info.type,
      attribution: this.attribution(),
      attributionNote: this.note(),
      roots: [...this.roots].map(([pid, how]) => ({ pid, how })),
      pauses: this.pauses.map((band) => ({ ...band })),
      ...(this.ended ? { ended: true } : {}),
      ...(snapshot && this.scoped
        ? { captured: attributeCapture(this.watchClient.state.rows.values(), snapshot) }
        : {}),
    };
  }

  /** Recomputes the mode (capture started or stopped). */
  captureChanged(): void {
    this.changed();
  }

  dispose(): void {
    clearTimeout(this.fallbackTimer);
    this.watchClient.dispose();
  }

  private attribution(): AttributionMode {
    // Until a process is known nothing is attributed: what shows is everyone's, or nothing yet.
    if (!this.scoped || this.roots.size === 0) return 'unscoped';
    const fromPort = [...this.roots.values()].every((how) => how === 'debug port owner');
    if (fromPort) return 'by-socket';
    return this.options.capture().active ? 'exact' : 'sockets-only';
  }

  private note(): string {
    if (this.remoteHost)
      return `The program runs on ${this.remoteHost}, not on this machine: showing the traffic of all your processes here, unscoped.`;
    if (!this.scoped)
      return `${this.problem ?? 'The debug adapter named no process'}: showing the traffic of all your processes, unscoped.`;
    if (this.roots.size === 0) return 'Waiting for the debug adapter to name the program’s process…';
    const how = [...new Set(this.roots.values())].join(', ');
    const capture = this.options.capture().active
      ? 'captured packets are attributed to its sockets'
      : 'no capture runs: bytes, RTT and retransmits come from the kernel’s socket table';
    return `Processes from the ${how}, with their descendants; ${capture}.`;
  }

  /** No pid from the adapter: the debug port's owner, else every process of the user. */
  private async fallBack(): Promise<void> {
    const port = debugPortOf(this.info.configuration);
    if (port !== undefined && this.roots.size === 0) {
      try {
        const owner = await this.helper.request(PortOwnerRequest.type, { port });
        if (owner.pid !== undefined) return this.learn([{ pid: owner.pid, how: 'debug port owner' }]);
        this.problem = `No process of yours listens on the debug port ${port}`;
      } catch (error) {
        this.problem = `Looking for the owner of the debug port ${port} failed (${errorMessage(error)})`;
      }
    }
    if (this.roots.size === 0) this.unscoped();
  }

  private unscoped(): void {
    this.watchClient.dispose();
    this.watchClient = this.newWatch(true);
    this.scoped = false;
    void this.watchClient.start();
    this.listener.reset();
    this.changed();
  }

  private newWatch(allProcesses: boolean): SocketWatchClient {
    return new SocketWatchClient(this.helper, allProcesses ? { allProcesses: true, tree: false } : { tree: true }, {
      tick: (tick) => this.listener.tick(tick),
      reset: () => this.listener.reset(),
      failed: (error) => {
        this.problem = `Reading the program's sockets failed: ${errorMessage(error)}`;
        this.changed();
      },
    });
  }

  private changed(): void {
    this.listener.changed(this.view());
  }
}
