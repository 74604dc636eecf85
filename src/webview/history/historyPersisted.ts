// What the history view persists with setState, so a reloaded panel shows the same period: the
// unit, the period (any time in it; absent: the current one) and the interface. Checked field by
// field: it may come from an older version.
import { oneOf, record, str } from '../common/looseValues';
import type { HistoryUnit } from '../../shared/model/history';

/** The view's persisted state. */
export interface HistoryPersisted {
  unit: HistoryUnit;
  /** ms since the Unix epoch, in the period shown; absent: the current period */
  at?: number;
  /** the interface the bandwidth chart shows; '' for all of them summed */
  iface: string;
}

/** A valid state from whatever was persisted. */
export function restoreHistoryState(value: unknown): HistoryPersisted {
  const saved = record(value);
  const at = saved?.at;
  return {
    unit: oneOf(saved?.unit, ['day', 'week', 'month'] as const, 'day'),
    at: typeof at === 'number' && Number.isFinite(at) ? at : undefined,
    iface: str(saved?.iface, ''),
  };
}
