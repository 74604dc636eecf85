import type { BandwidthMinute } from './bandwidthHistory';
import { BandwidthWriter } from './bandwidthHistory';
import { DeviceWriter } from './deviceWriter';
import { PortWriter } from './portWriter';
import type { SqlDatabase, SqlStatement } from './sqlite';
import { TrafficWriter } from './trafficWriter';
import type { Activity } from '../../shared/model/history';

/** The prepared statements the recorder writes through, made once per open database. */
export class HistoryWriter {
  readonly bandwidth: BandwidthWriter;
  readonly devices: DeviceWriter;
  readonly ports: PortWriter;
  readonly traffic: TrafficWriter;
  private readonly activity: SqlStatement;

  constructor(readonly db: SqlDatabase) {
    this.bandwidth = new BandwidthWriter(db);
    this.devices = new DeviceWriter(db);
    this.ports = new PortWriter(db, this.devices);
    this.traffic = new TrafficWriter(db);
    this.activity = db.prepare(
      'INSERT INTO activities (kind, started, ended, interface, target, summary) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  /** Adds minutes of bandwidth. */
  addMinutes(minutes: readonly BandwidthMinute[]): void {
    for (const minute of minutes) this.bandwidth.add(minute);
  }

  /** Records a scan, port scan or capture; returns its row id. */
  addActivity(activity: Activity): number {
    const { kind, started, ended, target, summary } = activity;
    const result = this.activity.run(kind, started, ended, activity.interface ?? null, target, JSON.stringify(summary));
    return Number(result.lastInsertRowid);
  }
}

/** One batch for the database, run inside the recorder's transaction. */
export type HistoryWrite = (writer: HistoryWriter) => void;
