import type { CliOutput, CliValues } from '../cliOptions';
import type { HistoryDb } from '../../history/historyDatabase';

/** What a subcommand gets: the open database, the options, the time, `--since` parsed. */
export interface HistoryContext {
  history: HistoryDb;
  values: CliValues;
  now: number;
  since?: number;
}

/** One `lanlens history` subcommand; returns the exit code. */
export type HistorySubcommand = (context: HistoryContext, output: CliOutput) => number;
