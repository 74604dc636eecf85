import type { CliOutput, CommandRunner } from './cliOptions';
import { renderStats } from './statsReport';
import { CaptureFileError, analyseCaptureFile } from '../captureFile/analyseCaptureFile';
import type { ReadCaptureResult } from '../captureFile/readCaptureFile';
import { numberOption } from './cliOptions';

/**
 * `lanlens stats FILE [--json]`: reads a pcap or pcapng file and prints its statistics. Exit code
 * 2 when the file cannot be read at all; a file that goes bad midway is reported up to the problem,
 * with a warning naming its offset (exit 0), as what came before is still worth seeing.
 */
export async function statsCommand(
  files: string[],
  json: boolean,
  output: CliOutput,
  threads?: number,
  verbose = false,
): Promise<number> {
  if (files.length !== 1) {
    output.err(
      `lanlens: stats takes one capture file, got ${files.length}${files.length ? `: ${files.join(' ')}` : ''}`,
    );
    return 2;
  }
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  try {
    const started = performance.now();
    const file = await analyseCaptureFile(files[0]!, { signal: abort.signal, threads });
    if (verbose) output.err(readTimings(file.read, performance.now() - started));
    try {
      const { read } = file;
      if (read.error) {
        output.err(
          `lanlens: warning: ${file.path}: ${read.error.message}; the ${read.packets} packets before it are counted`,
        );
      }
      if (read.cancelled) output.err(`lanlens: interrupted after ${read.packets} packets; these are counted`);
      // The report shows no single packets: only JSON carries the recent ones.
      const reporting = performance.now();
      const snapshot = file.snapshot(json);
      output.out(json ? JSON.stringify(snapshot, null, 2) : renderStats(snapshot));
      if (verbose) output.err(`lanlens: report made in ${Math.round(performance.now() - reporting)} ms`);
      return read.cancelled ? 130 : 0;
    } finally {
      file.close();
    }
  } catch (error) {
    if (error instanceof CaptureFileError) {
      output.err(`lanlens: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
  }
}

/** `lanlens stats` from the parsed command line */
export const statsCli: CommandRunner = (values, rest, output) => {
  const threads = numberOption(values.threads, 'threads', 1, 64, output);
  if (threads === null) return Promise.resolve(2);
  return statsCommand(rest, values.json ?? false, output, threads, values.verbose ?? false);
};

/** How the file was read (`--verbose`): one pass, or each part's thread, packets and times. */
function readTimings(read: ReadCaptureResult, ms: number): string {
  const head = `lanlens: read ${read.packets} packets in ${Math.round(ms)} ms`;
  if (!read.parts) return `${head}, in one pass`;
  const lines = read.parts.map(
    (part, i) =>
      `  part ${i + 1} from byte ${part.from}: ${part.packets} packets, read ${part.startMs}–${part.endMs} ms` +
      (part.mergeMs === undefined ? '' : `, merged in ${part.mergeMs} ms`),
  );
  return [`${head}, in ${read.parts.length} parts:`, ...lines].join('\n');
}
