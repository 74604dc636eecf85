import type { LogLevel } from '../shared/helperProtocol';

/** Where helper code sends log lines: the protocol in server mode, stderr in the CLI. */
export interface Logger {
  log(level: LogLevel, message: string): void;
}

const ORDER: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

/**
 * A logger that drops lines below `minimum` before handing them to `sink`. A function as minimum
 * is read on every line, for a level the client may set after the logger exists.
 */
export function createLogger(
  minimum: LogLevel | (() => LogLevel),
  sink: (level: LogLevel, message: string) => void,
): Logger {
  const current = typeof minimum === 'function' ? minimum : () => minimum;
  return {
    log(level, message) {
      if (ORDER[level] >= ORDER[current()]) sink(level, message);
    },
  };
}
