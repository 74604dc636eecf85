import type { SocketsTick } from '../../shared/model/sockets';
import type { SocketWatch } from './socketWatch';

/** How often the descriptor follow looks between ticks at most, in ms. */
export const FOLLOW_MS = 10;
/** The follow waits this many times its last look's cost before the next: looks take at most ~5 % of a core. */
const FOLLOW_COST_RATIO = 20;

/** A running watch's timers. */
export interface WatchTicks {
  stop(): void;
}

/**
 * Runs a watch: a full reading every `intervalMs`, and between readings the descriptor follow
 * (`SocketWatch.follow`), which sends a tick as soon as a watched process opens a connection
 * rather than at the next reading, and keeps the process of one that ends before it (`send`'s
 * `between` is true for those). `followMs` 0 turns the follow off (the lab test measures both).
 * Errors go to `failed`.
 */
export function runWatchTicks(
  watch: SocketWatch,
  { intervalMs, followMs = FOLLOW_MS }: { intervalMs: number; followMs?: number },
  send: (tick: SocketsTick, between: boolean) => void,
  failed: (error: unknown) => void,
): WatchTicks {
  let stopped = false;
  const guard = (work: () => SocketsTick | undefined, between = false): void => {
    try {
      const tick = work();
      if (tick && !stopped) send(tick, between);
    } catch (error) {
      failed(error);
    }
  };
  const tickTimer = setInterval(() => guard(() => watch.read()), intervalMs);
  let followTimer: NodeJS.Timeout | undefined;
  const follow = (): void => {
    if (stopped) return;
    guard(() => watch.follow(), true);
    followTimer = setTimeout(follow, Math.max(followMs, watch.lastLookMs * FOLLOW_COST_RATIO));
  };
  if (followMs > 0) followTimer = setTimeout(follow, followMs);
  return {
    stop() {
      stopped = true;
      clearInterval(tickTimer);
      clearTimeout(followTimer);
    },
  };
}
