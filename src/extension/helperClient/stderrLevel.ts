import type { LogLevel } from '../../shared/helperProtocol';

// The helper logs over the protocol, so anything on its stderr comes from Node itself or a crash.
const ERROR_LINE = /(error|exception|fatal|abort(ed)?|segmentation fault|panic)\b|^\s+at\s/i;

/** The log level for one line the helper wrote to stderr: errors and stack frames as errors, the rest as warnings. */
export function stderrLevel(line: string): LogLevel {
  return ERROR_LINE.test(line) ? 'error' : 'warn';
}
