// Everything the history view shows for one period, each query timed (the benchmark's figures).
import type { SqlDatabase } from '../sqlite';
import { queryBandwidth } from './bandwidthQuery';
import { queryChanges } from './changeQuery';
import { queryDevices } from './deviceQuery';
import { queryPresence, queryPresentDevices } from './presenceQuery';
import { queryTopTraffic } from './trafficQuery';
import { nextPeriod, periodStart } from '../../../shared/history/periods';
import { HISTORY_VIEW_DEVICES } from '../../../shared/model/history';
import type { HistoryUnit, HistoryView } from '../../../shared/model/history';

/** Periods the bandwidth chart shows, per unit. */
export const VIEW_PERIODS: Record<HistoryUnit, number> = { day: 30, week: 12, month: 12 };
/** Rows of each top list. */
const TOP_ROWS = 10;

/**
 * The view of the period of `unit` holding `at`. `clock` (ms) times each query: wall time by
 * default; the benchmark passes the process's CPU time, which a busy machine does not stretch.
 */
export function queryView(
  db: SqlDatabase,
  unit: HistoryUnit,
  at: number,
  now: number,
  clock: () => number = () => performance.now(),
): HistoryView {
  const queryMs: Record<string, number> = {};
  const timed = <T>(name: string, work: () => T): T => {
    const started = clock();
    const result = work();
    queryMs[name] = clock() - started;
    return result;
  };
  const selected = periodStart(at, unit);
  const end = nextPeriod(selected, unit);
  const current = periodStart(now, unit);
  let periods = periodsEndingAt(current, unit);
  if (selected < (periods[0] ?? 0) || selected > current) periods = periodsEndingAt(selected, unit);
  const bandwidth = timed('bandwidth', () =>
    queryBandwidth(db, {
      unit,
      from: periods[0] ?? selected,
      to: nextPeriod(periods[periods.length - 1] ?? selected, unit),
    }),
  );
  const top = timed('top', () => queryTopTraffic(db, { from: selected, to: end, limit: TOP_ROWS }));
  const changes = timed('changes', () => queryChanges(db, selected, end));
  const present = timed('present', () => queryPresentDevices(db, selected, end));
  const devices = timed('devices', () => queryDevices(db, { ids: present.slice(0, HISTORY_VIEW_DEVICES) }));
  const presence = timed('presence', () =>
    queryPresence(
      db,
      selected,
      end,
      devices.map((device) => device.id),
    ),
  );
  return {
    now,
    unit,
    selected,
    periods,
    interfaces: [...new Set(bandwidth.map((row) => row.interface))].sort(),
    bandwidth,
    top,
    changes,
    devices,
    devicesPresent: present.length,
    presence,
    queryMs,
  };
}

/** The VIEW_PERIODS periods of `unit` ending with the one starting at `last`, oldest first. */
function periodsEndingAt(last: number, unit: HistoryUnit): number[] {
  const periods = [last];
  while (periods.length < VIEW_PERIODS[unit]) periods.unshift(periodStart(periods[0]! - 1, unit));
  return periods;
}
