import type { BandwidthMinute } from './bandwidthHistory';
import { BandwidthWriter } from './bandwidthHistory';
import type { SqlDatabase } from './sqlite';

/** The prepared statements the recorder writes through, made once per open database. */
export class HistoryWriter {
  readonly bandwidth: BandwidthWriter;

  constructor(readonly db: SqlDatabase) {
    this.bandwidth = new BandwidthWriter(db);
  }

  /** Adds finished minutes of bandwidth. */
  addMinutes(minutes: readonly BandwidthMinute[]): void {
    for (const minute of minutes) this.bandwidth.add(minute);
  }
}

/** One batch for the database, run inside the recorder's transaction. */
export type HistoryWrite = (writer: HistoryWriter) => void;
