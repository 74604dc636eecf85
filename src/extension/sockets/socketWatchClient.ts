// One socket watch of the helper, as the extension holds it: started with sockets/watch, its ticks
// folded into the shared SocketsState (what exports write and a reopened view is sent), renewed
// with the whole tree when the helper restarts, stopped with sockets/unwatch. No vscode types, so
// the unit tests run it against a fake helper.
import type { SocketsTick } from '../../shared/model/sockets';
import { SocketsState } from '../../shared/sockets/socketsState';
import {
  SocketsSnapshotRequest,
  SocketsTickNotification,
  SocketsUnwatchRequest,
  SocketsWatchRequest,
} from '../../shared/socketsProtocol';
import type { SocketsWatchParams } from '../../shared/socketsProtocol';
import type { HelperClient } from '../helperClient/helperClient';

/** The part of the helper client a watch uses. */
export type WatchHelper = Pick<HelperClient, 'request' | 'onNotification' | 'onDidStart'>;

/** What a watch tells its view. */
export interface SocketWatchListener {
  /** a reading, already folded into `state` */
  tick(tick: SocketsTick): void;
  /** the watch started again (first reading, a helper restart, a gap filled): redraw from `state` */
  reset(): void;
  /** the watch could not start or renew */
  failed(error: unknown): void;
}

let watches = 0;

/** A helper socket watch and what it has shown. */
export class SocketWatchClient {
  readonly state = new SocketsState();
  readonly watchId = `w${++watches}-${Date.now().toString(36)}`;
  private readonly pids = new Set<number>();
  private readonly subscriptions: { dispose(): void }[];
  private started = false;
  private disposed = false;
  private resyncing = false;

  constructor(
    private readonly helper: WatchHelper,
    private readonly params: Omit<SocketsWatchParams, 'watchId' | 'pids'>,
    private readonly listener: SocketWatchListener,
  ) {
    this.subscriptions = [
      helper.onNotification(SocketsTickNotification.type, (tick) => {
        if (tick.watchId === this.watchId) this.onTick(tick);
      }),
      // A restarted helper holds no watch: ask again with every root learnt so far.
      helper.onDidStart(() => {
        if (this.started && !this.disposed) void this.watch([...this.pids], true);
      }),
    ];
  }

  /** Starts the watch (with `pids` as roots in tree mode); once started, adds them as roots. */
  start(pids: readonly number[] = []): Promise<void> {
    if (this.started) return this.addRoots(pids);
    for (const pid of pids) this.pids.add(pid);
    this.started = true;
    return this.watch([...this.pids], true);
  }

  /** Adds roots learnt later (a child session, a process event). */
  async addRoots(pids: readonly number[]): Promise<void> {
    const fresh = pids.filter((pid) => !this.pids.has(pid));
    if (fresh.length === 0) return;
    for (const pid of fresh) this.pids.add(pid);
    if (this.started) await this.watch(fresh, false);
  }

  /** The roots asked for so far. */
  get roots(): number[] {
    return [...this.pids];
  }

  private async watch(pids: number[], reset: boolean): Promise<void> {
    if (this.disposed) return;
    // Tree mode needs a root; until one is learnt the watch waits.
    if (!this.params.allProcesses && this.pids.size === 0) return;
    try {
      const snapshot = await this.helper.request(SocketsWatchRequest.type, {
        ...this.params,
        watchId: this.watchId,
        pids,
      });
      if (reset || this.state.rows.size === 0) {
        this.state.reset(snapshot);
        this.listener.reset();
      }
    } catch (error) {
      this.listener.failed(error);
    }
  }

  private onTick(tick: SocketsTick): void {
    if (this.state.apply(tick) === 'gap') void this.resync();
    this.listener.tick(tick);
  }

  private async resync(): Promise<void> {
    if (this.resyncing) return;
    this.resyncing = true;
    try {
      this.state.reset(await this.helper.request(SocketsSnapshotRequest.type, { watchId: this.watchId }));
      this.listener.reset();
    } catch {
      // The next tick tries again.
    } finally {
      this.resyncing = false;
    }
  }

  /** Stops the watch in the helper; what it showed stays in `state`. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const subscription of this.subscriptions) subscription.dispose();
    if (this.started)
      void this.helper.request(SocketsUnwatchRequest.type, { watchId: this.watchId }).catch(() => undefined);
  }
}
