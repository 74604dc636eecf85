// The helper's event log: opened by `eventlog/open` (the extension, at each helper start, with the
// current key from its SecretStorage) or by `lanlens watch --key-file`; everything worth keeping
// (alerts, scans, captures, new devices, permission changes) is appended as it happens. A failing
// disk is said once and closes the log; nothing here throws into its callers.
import type { Logger } from '../log';
import { EventLogWriter } from './eventLogWriter';
import type { LogKey } from './eventLogFormat';

/** The event log of one helper process, if open. */
export class EventLogService {
  private writer: EventLogWriter | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Opens `path` with `key`; the same file with another key rotates it. Answers its record count. */
  open(path: string, key: LogKey): { records: number; keyId: string } {
    if (this.writer?.path === path) this.writer.rotate(key);
    else {
      this.close();
      this.writer = EventLogWriter.open(path, key, this.now);
      this.logger.log('info', `event log: appending to ${path}`);
    }
    return { records: this.writer.records, keyId: this.writer.keyId.toString(16).padStart(8, '0') };
  }

  /** Appends one event; does nothing while no log is open. */
  record(kind: string, data: unknown): void {
    if (!this.writer) return;
    try {
      this.writer.append(kind, data);
    } catch (error) {
      this.logger.log('error', `event log: ${this.writer.path} cannot be written (${String(error)}); it is closed`);
      this.writer = undefined;
    }
  }

  close(): void {
    try {
      this.writer?.close();
    } catch (error) {
      this.logger.log('warn', `event log: closing failed: ${String(error)}`);
    }
    this.writer = undefined;
  }
}
