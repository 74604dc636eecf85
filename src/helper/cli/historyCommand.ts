import type { CliOutput, CliValues, CommandRunner } from './cliOptions';
import type { HistorySubcommand } from './history/historyContext';
import { HISTORY_SUBCOMMANDS } from './history/historySubcommands';
import { parseSince } from './history/sinceOption';
import { defaultHistoryPath } from '../history/historyPath';
import { moveAside, openHistory } from '../history/historyDatabase';
import type { HistoryDb } from '../history/historyDatabase';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * `lanlens history SUBCOMMAND [--db FILE] [--since T] [--json]`: what the history database holds.
 * The database is `--db` or the user's data folder's (the extension keeps its own in VS Code's
 * global storage; `--db` reads that one too). A damaged, locked or newer file is named with the
 * way out (`lanlens history reset`), never a crash.
 */
export const historyCli: CommandRunner = (values, rest, output) => Promise.resolve(history(values, rest, output));

function history(values: CliValues, rest: string[], output: CliOutput): number {
  const [name, ...more] = rest;
  const path = values.db ? resolve(values.db) : defaultHistoryPath();
  if (name === 'reset') return reset(path, output);
  const subcommand = name === undefined ? undefined : HISTORY_SUBCOMMANDS[name];
  if (!subcommand) {
    output.err(
      `lanlens: history needs one of ${[...Object.keys(HISTORY_SUBCOMMANDS), 'reset'].join(', ')}${name ? `, not "${name}"` : ''}`,
    );
    return 2;
  }
  if (more.length > 0) {
    output.err(`lanlens: history ${name} takes no more arguments, got ${more.join(' ')}`);
    return 2;
  }
  const now = Date.now();
  const since = values.since === undefined ? undefined : parseSince(values.since, now);
  if (typeof since === 'object') {
    output.err(`lanlens: ${since.error}`);
    return 2;
  }
  return run(subcommand, path, { values, now, since }, output);
}

function run(
  subcommand: HistorySubcommand,
  path: string,
  options: { values: CliValues; now: number; since?: number },
  output: CliOutput,
): number {
  return withHistory(path, options.values, output, (history) => subcommand({ ...options, history }, output));
}

/**
 * Runs `work` on the database at `path` and closes it; a damaged, locked or newer file is named
 * with the way out (`lanlens history reset`) and exit 1, never a crash.
 */
export function withHistory(
  path: string,
  values: CliValues,
  output: CliOutput,
  work: (history: HistoryDb) => number,
): number {
  const opened = openHistory(path);
  if (!('history' in opened)) {
    const status = opened.status;
    const message = status.state === 'problem' ? status.message : `The history database ${path} is closed.`;
    const wayOut = status.state === 'problem' && ['corrupt', 'locked', 'newer'].includes(status.kind);
    output.err(
      `lanlens: ${message}${wayOut ? ` Run \`lanlens history reset${values.db ? ` --db ${path}` : ''}\` to rename it aside (nothing is deleted) and start a new one.` : ''}`,
    );
    return 1;
  }
  try {
    return work(opened.history);
  } finally {
    opened.history.db.close();
  }
}

/** `lanlens history reset`: renames the database aside so the next one starts afresh. */
function reset(path: string, output: CliOutput): number {
  if (!existsSync(path)) {
    output.out(`There is no history database at ${path}: nothing to reset.`);
    return 0;
  }
  const aside = moveAside(path);
  output.out(`The history database was renamed to ${aside}; a new one starts with the next recording.`);
  return 0;
}
