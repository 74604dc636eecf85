// What `lanlens scan` and `lanlens ports` share around their work: Ctrl+C cancels, a helper
// started with sudo drops to the invoking user once its capture handle is open, warnings go to
// stderr, and bad input (a ScanInputError) exits 2 with its message.
import { setMaxListeners } from 'node:events';
import { createLogger } from '../log';
import type { Logger } from '../log';
import { dropToInvokingUser } from '../os/dropPrivileges';
import { ScanInputError } from '../scan/scanTarget';
import { HelperErrorCode } from '../../shared/helperProtocol';
import type { CliOutput } from './cliOptions';

/** What the work of a scan command gets. */
export interface CliScanContext {
  logger: Logger;
  /** aborted by Ctrl+C */
  signal: AbortSignal;
  /** call once the raw link is open: root is not needed after that */
  onCaptureOpened: () => void;
}

/** Results every scan reports. */
interface ScanOutcome {
  warnings: string[];
  cancelled: boolean;
}

/**
 * Runs `work`, prints its result with `render` and hands it to `remember` (the history); returns
 * the exit code (130 when cancelled, 2 for bad input).
 */
export async function runScanCommand<R extends ScanOutcome>(
  output: CliOutput,
  verbose: boolean,
  work: (context: CliScanContext) => Promise<R>,
  render: (result: R) => string,
  remember?: (result: R) => void,
): Promise<number> {
  const abort = new AbortController();
  // Service detection listens on the signal once per probe in flight.
  setMaxListeners(0, abort.signal);
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  const logger = createLogger(verbose ? 'debug' : 'warn', (level, message) =>
    output.err(`lanlens: ${level}: ${message}`),
  );
  const onCaptureOpened = () => {
    const user = dropToInvokingUser();
    if (user) logger.log('debug', `capture open; now running as uid ${user}`);
  };
  try {
    const result = await work({ logger, signal: abort.signal, onCaptureOpened });
    for (const warning of result.warnings) output.err(`lanlens: warning: ${warning}`);
    output.out(render(result));
    remember?.(result);
    return result.cancelled ? 130 : 0;
  } catch (error) {
    if (!(error instanceof ScanInputError)) throw error;
    const hint = error.code === HelperErrorCode.NeedsConfirmation ? ' Add --yes to scan it anyway.' : '';
    output.err(`lanlens: ${error.message}${hint}`);
    return 2;
  } finally {
    process.off('SIGINT', onSignal);
  }
}
