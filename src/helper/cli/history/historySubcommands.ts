import { alertsSubcommand } from './alertsSubcommand';
import type { HistorySubcommand } from './historyContext';
import { changes, devices, top } from './historyTables';
import { renderTable } from '../table';
import { queryBandwidth } from '../../history/queries/bandwidthQuery';
import { queryInfo } from '../../history/queries/infoQuery';
import { formatByteRate, formatBytes, formatCount } from '../../../shared/format/displayFormat';
import { formatMinute } from '../../../shared/format/displayText';
import type { PeriodUnit } from '../../../shared/history/periods';
import { formatPeriod } from '../../../shared/history/periods';

const UNITS: readonly PeriodUnit[] = ['minute', 'five-minutes', 'hour', 'day', 'week', 'month'];
const HOUR_MS = 3_600_000;
/** How far back each unit looks without `--since`. */
const DEFAULT_SPAN_MS: Record<PeriodUnit, number> = {
  minute: HOUR_MS,
  'five-minutes': 6 * HOUR_MS,
  hour: 24 * HOUR_MS,
  day: 30 * 24 * HOUR_MS,
  week: 12 * 7 * 24 * HOUR_MS,
  month: 365 * 24 * HOUR_MS,
};

/** `history bandwidth [--by UNIT] [-i IF]`: bytes per interface per period, with each period's busiest minute. */
const bandwidth: HistorySubcommand = ({ history, values, now, since }, output) => {
  const unit = (values.by ?? 'day') as PeriodUnit;
  if (!UNITS.includes(unit)) {
    output.err(`lanlens: --by must be one of ${UNITS.join(', ')}, not "${values.by}"`);
    return 2;
  }
  const periods = queryBandwidth(history.db, {
    unit,
    from: since ?? now - DEFAULT_SPAN_MS[unit],
    to: now + 1,
    interface: values.interface,
  });
  if (values.json) return (output.out(JSON.stringify(periods, null, 2)), 0);
  if (periods.length === 0) return (output.out('No bandwidth recorded in that time.'), 0);
  const rows = periods.map((period) => [
    formatPeriod(period.start, unit),
    period.interface,
    formatBytes(period.rx),
    formatBytes(period.tx),
    formatBytes(period.rx + period.tx),
    formatByteRate(period.peakRx / 60),
    formatByteRate(period.peakTx / 60),
  ]);
  output.out(renderTable(['PERIOD', 'INTERFACE', '↓ RECEIVED', '↑ SENT', 'TOTAL', 'PEAK ↓', 'PEAK ↑'], rows));
  output.out('Peaks are the busiest minute of each period.');
  return 0;
};

/** `history info`: the file, its schema, its size and what its tables hold. */
const info: HistorySubcommand = ({ history, values }, output) => {
  const facts = queryInfo(history);
  if (values.json) return (output.out(JSON.stringify(facts, null, 2)), 0);
  const span =
    facts.bandwidthFrom === undefined
      ? 'none yet'
      : `${formatMinute(facts.bandwidthFrom)} to ${formatMinute(facts.bandwidthTo ?? 0)}`;
  output.out(
    `Database: ${facts.path}\nSchema:   version ${facts.schemaVersion}\nSize:     ${formatBytes(facts.sizeBytes)}\nBandwidth kept: ${span}`,
  );
  output.out(
    renderTable(
      ['TABLE', 'ROWS'],
      Object.entries(facts.rows).map(([table, count]) => [table, formatCount(count)]),
    ),
  );
  return 0;
};

/** Every subcommand that reads the database (`reset` renames it instead). */
export const HISTORY_SUBCOMMANDS: Record<string, HistorySubcommand> = {
  devices,
  bandwidth,
  top,
  changes,
  info,
  alerts: alertsSubcommand,
};
