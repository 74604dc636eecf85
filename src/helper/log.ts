import type { LogLevel } from '../shared/helperProtocol';

/** Where helper code sends log lines: the protocol in server mode, stderr in the CLI. */
export interface Logger {
  log(level: LogLevel, message: string): void;
}

const ORDER: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

/** A logger that drops lines below `minimum` before handing them to `sink`. */
export function createLogger(minimum: LogLevel, sink: (level: LogLevel, message: string) => void): Logger {
  return {
    log(level, message) {
      if (ORDER[level] >= ORDER[minimum]) sink(level, message);
    },
  };
}

/** A logger that discards everything. */
export const silentLogger: Logger = { log: () => undefined };
