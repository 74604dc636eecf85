import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CliOutput, CliValues, CommandRunner } from './cliOptions';
import { defaultHistoryPath } from '../history/historyPath';
import { readEventLog } from '../eventLog/eventLogReader';
import type { ReadRecord } from '../eventLog/eventLogReader';
import { addKeyToFile, readKeyFile } from '../eventLog/keyFile';
import { formatClock } from '../../shared/format/displayFormat';
import { displayText, formatMinute } from '../../shared/format/displayText';

/** The CLI's event log when `--log` is not given: beside its history database. */
export function defaultEventLogPath(): string {
  return join(dirname(defaultHistoryPath()), 'events.lllog');
}

/**
 * `lanlens log show --key-file FILE [--log FILE] [--json]`: every record decrypted and verified,
 * and every sign of tampering at its record (exit 1 when there is one); `lanlens log key
 * --key-file FILE` makes a key file (owner-only), or adds a new current key to it (rotation).
 */
export const logCli: CommandRunner = (values, rest, output) => Promise.resolve(log(values, rest, output));

function log(values: CliValues, rest: string[], output: CliOutput): number {
  const [sub, ...more] = rest;
  const keyFile = values['key-file'];
  if ((sub !== 'show' && sub !== 'key') || more.length > 0) {
    output.err(
      'lanlens: log needs show or key: lanlens log show --key-file FILE [--log FILE], lanlens log key --key-file FILE',
    );
    return 2;
  }
  if (!keyFile) return (output.err(`lanlens: log ${sub} needs --key-file FILE`), 2);
  if (sub === 'key') {
    const key = addKeyToFile(resolve(keyFile));
    output.out(
      `Key ${key.id.toString(16).padStart(8, '0')} is now the current key of ${keyFile} (readable by you only).`,
    );
    return 0;
  }
  const path = values.log ? resolve(values.log) : defaultEventLogPath();
  let bytes: Buffer;
  let reading;
  try {
    bytes = readFileSync(path);
    reading = readEventLog(bytes, readKeyFile(resolve(keyFile)));
  } catch (error) {
    return (output.err(`lanlens: ${error instanceof Error ? error.message : String(error)}`), 1);
  }
  if (reading.error) return (output.err(`lanlens: ${path}: ${reading.error}`), 1);
  if (values.json) output.out(JSON.stringify(reading, null, 2));
  else for (const record of reading.records) output.out(recordLine(record));
  for (const problem of reading.problems) output.err(`lanlens: ${path}: byte ${problem.offset}: ${problem.message}`);
  if (reading.problems.length > 0) return 1;
  output.err(`lanlens: ${path}: ${reading.records.length} records, every one authentic and in order`);
  return 0;
}

/** `#12  2024-05-01 14:03:22  alert  high  New device: …` */
function recordLine(record: ReadRecord): string {
  const when = `${formatMinute(record.time).slice(0, 10)} ${formatClock(record.time, false)}`;
  const data = record.data as Record<string, unknown> | undefined;
  const summary =
    record.kind === 'alert' && data
      ? `${String(data.severity)}  ${displayText(String(data.title), 300) ?? ''}`
      : (displayText(JSON.stringify(data ?? {}), 300) ?? '');
  return `#${record.seq}  ${when}  ${record.kind.padEnd(13)}  ${summary}`;
}
