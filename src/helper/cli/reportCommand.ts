// `lanlens report --period day|week|month [--format html|md] [-o FILE] [--at T] [--db FILE]`: the
// history of one period as a self-contained HTML page or Markdown, on stdout or in a file.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliOutput, CliValues, CommandRunner } from './cliOptions';
import { cliHistoryPath } from './history/cliHistory';
import { parseSince } from './history/sinceOption';
import { withHistory } from './historyCommand';
import { renderReport } from '../report/renderReport';
import { queryReport } from '../report/reportQuery';
import type { HistoryUnit } from '../../shared/model/history';
import { REPORT_FORMATS } from '../../shared/model/report';
import type { ReportFormat } from '../../shared/model/report';

const UNITS: readonly HistoryUnit[] = ['day', 'week', 'month'];

export const reportCli: CommandRunner = (values, rest, output) => Promise.resolve(report(values, rest, output));

function report(values: CliValues, rest: string[], output: CliOutput): number {
  if (rest.length > 0) return (output.err(`lanlens: report takes no arguments, got ${rest.join(' ')}`), 2);
  const unit = values.period as HistoryUnit | undefined;
  if (unit === undefined || !UNITS.includes(unit)) {
    output.err(`lanlens: report needs --period ${UNITS.join('|')}${unit === undefined ? '' : `, not "${unit}"`}`);
    return 2;
  }
  const format = (values.format ?? 'html') as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) {
    output.err(`lanlens: --format must be ${REPORT_FORMATS.join(' or ')}, not "${values.format}"`);
    return 2;
  }
  const now = Date.now();
  const at = values.at === undefined ? now : parseSince(values.at, now);
  if (typeof at === 'object') return (output.err(`lanlens: ${at.error.replace('--since', '--at')}`), 2);
  if (at > now) return (output.err(`lanlens: --at must not be in the future, not "${values.at}"`), 2);
  return withHistory(cliHistoryPath(values), values, output, (history) => {
    const text = renderReport(queryReport(history.db, unit, at, now), format);
    if (values.output === undefined) return (output.out(text), 0);
    const file = resolve(values.output);
    try {
      writeFileSync(file, text);
    } catch (error) {
      output.err(
        `lanlens: cannot write the report to ${file}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return 1;
    }
    output.err(`Report written to ${file}`);
    return 0;
  });
}
