// The CLI remembers what it does, as the extension does: `scan`, `ports` and `capture` record into
// the history database (`--db`, else the user's data folder), unless `--no-history`. A database
// that cannot be written costs one line on stderr, never the command's result.
import { resolve } from 'node:path';
import type { CliOutput, CliValues } from '../cliOptions';
import { CaptureHistory } from '../../history/captureHistory';
import { openHistory } from '../../history/historyDatabase';
import { defaultHistoryPath } from '../../history/historyPath';
import { HistoryRecorder } from '../../history/historyRecorder';
import type { HistoryWrite } from '../../history/historyWriter';
import { portScanWrite, scanWrite } from '../../history/scanHistory';
import { HISTORY_LIMITS } from '../../../shared/model/history';
import type { PortScanRequest, PortScanResult } from '../../../shared/model/ports';
import type { ScanResult } from '../../../shared/model/scan';
import type { TrafficDelta } from '../../../shared/model/traffic';

const SETTINGS = { retentionDays: HISTORY_LIMITS.retentionDays.default, maxSizeMiB: HISTORY_LIMITS.maxSizeMiB.default };

/** The CLI's history database for this command line. */
export function cliHistoryPath(values: CliValues): string {
  return values.db ? resolve(values.db) : defaultHistoryPath();
}

/** Opens a recorder on the CLI's database; undefined (after one line on stderr) when it cannot, or with --no-history. */
export function openCliRecorder(values: CliValues, output: CliOutput): HistoryRecorder | undefined {
  if (values['no-history']) return undefined;
  const opened = openHistory(cliHistoryPath(values));
  if (!('history' in opened)) {
    const status = opened.status;
    output.err(`lanlens: history not recorded: ${status.state === 'problem' ? status.message : 'closed'}`);
    return undefined;
  }
  return new HistoryRecorder(opened.history, SETTINGS, {
    failed: (problem) => output.err(`lanlens: history not recorded: ${problem.message}`),
    log: (level, message) => level === 'warn' && output.err(`lanlens: ${message}`),
  });
}

/** Writes one batch into the CLI's database at once (a finished scan). */
function recordNow(values: CliValues, output: CliOutput, write: HistoryWrite): void {
  const recorder = openCliRecorder(values, output);
  if (!recorder) return;
  recorder.record(write);
  recorder.stop();
}

/** Remembers a finished `lanlens scan`. */
export function rememberScan(values: CliValues, output: CliOutput): (result: ScanResult) => void {
  return (result) => recordNow(values, output, scanWrite(result, Date.now()));
}

/** Remembers a finished `lanlens ports`. */
export function rememberPortScan(
  values: CliValues,
  output: CliOutput,
  request: Pick<PortScanRequest, 'targets'>,
): (result: PortScanResult) => void {
  return (result) => recordNow(values, output, portScanWrite(request, result, Date.now()));
}

/** What `lanlens capture` tells the history: each tick, and the end (which writes the rest and closes). */
export interface CliCaptureTap {
  tick(delta: TrafficDelta): void;
  end(): void;
}

/** A tap recording a `lanlens capture` on `iface` (flushed every 30 s, as in the extension). */
export function cliCaptureTap(values: CliValues, output: CliOutput, iface: string, filter: string): CliCaptureTap {
  const recorder = openCliRecorder(values, output);
  if (!recorder) return { tick: () => undefined, end: () => undefined };
  const capture = new CaptureHistory(iface, filter, Date.now());
  recorder.addSource(capture);
  recorder.start();
  return {
    tick: (delta) => capture.tick(delta, Date.now()),
    end: () => {
      capture.end(Date.now());
      recorder.stop();
    },
  };
}
