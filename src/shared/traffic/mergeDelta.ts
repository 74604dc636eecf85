import type { TrafficDelta, TrafficSnapshot } from '../model/traffic';
import type { TrafficViewLimits } from './trafficLimits';
import { TRAFFIC_VIEW_LIMITS } from './trafficLimits';
import type { TickOrder } from './trafficState';
import { TrafficState } from './trafficState';

/** What folding one tick into a snapshot gave. */
export type MergeResult =
  /** the delta was the next one: the new state (a new object; the old one is left as it was) */
  | { kind: 'merged'; snapshot: TrafficSnapshot }
  /** a delta already included, or of another capture (`stale`), or after lost ticks (`missed`) */
  | Exclude<TickOrder, { kind: 'next' }>;

/**
 * Folds one tick's delta into the snapshot of a live capture, by TrafficState's rules (the ones the
 * dashboard folds the same deltas by), leaving `snapshot` as it was: the store hands both to listeners.
 */
export function mergeDelta(
  snapshot: TrafficSnapshot,
  delta: TrafficDelta,
  limits: TrafficViewLimits = TRAFFIC_VIEW_LIMITS,
): MergeResult {
  const state = new TrafficState(limits);
  state.load(snapshot);
  const result = state.apply(delta);
  return result.kind === 'merged' ? { kind: 'merged', snapshot: state.snapshot() } : result;
}
