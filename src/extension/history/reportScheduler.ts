// Scheduled reports (`lanLens.history.reports.*`): whenever the history opens and every hour after,
// the last finished day, week or month is written into the reports folder unless its file is
// there already, so a report missed while VS Code was closed is written at the next start. No
// vscode here: files, settings and messages come in through ReportSchedulerIo.
import path from 'node:path';
import type { HelperClient } from '../helperClient/helperClient';
import { errorMessage } from '../userFacingError';
import type { HistoryConnection } from './historyConnection';
import { dueReport, reportFileName } from '../../shared/history/reportSchedule';
import type { ReportSchedule } from '../../shared/history/reportSchedule';
import { HistoryReportRequest } from '../../shared/historyProtocol';
import type { ReportFormat } from '../../shared/model/report';

/** The report settings, checked. */
export interface ReportSettings {
  schedule: ReportSchedule;
  format: ReportFormat;
  /** absolute folder the scheduled reports go to */
  folder: string;
}

/** What the scheduler needs around it. */
export interface ReportSchedulerIo {
  helper: Pick<HelperClient, 'request'>;
  history: Pick<HistoryConnection, 'status' | 'onDidChange'>;
  settings: () => ReportSettings;
  exists: (file: string) => Promise<boolean>;
  write: (file: string, text: string) => Promise<void>;
  now: () => number;
  log: (level: 'info' | 'warn', message: string) => void;
  /** a scheduled report was written (the user is told once, with a way to open it) */
  written: (file: string) => void;
}

const HOUR_MS = 3_600_000;

/** Writes the report a schedule owes. */
export class ReportScheduler {
  private readonly subscription: { dispose(): void };
  private readonly timer: NodeJS.Timeout;
  private running: Promise<string | undefined> | undefined;

  constructor(private readonly io: ReportSchedulerIo) {
    this.subscription = io.history.onDidChange((status) => {
      if (status.state === 'open') void this.check();
    });
    this.timer = setInterval(() => void this.check(), HOUR_MS);
    this.timer.unref?.();
  }

  /** Writes the owed report if it is not there yet; answers its path when one was written. */
  check(): Promise<string | undefined> {
    this.running ??= this.writeDue().finally(() => (this.running = undefined));
    return this.running;
  }

  dispose(): void {
    this.subscription.dispose();
    clearInterval(this.timer);
  }

  private async writeDue(): Promise<string | undefined> {
    const { schedule, format, folder } = this.io.settings();
    const due = dueReport(schedule, this.io.now());
    if (!due || this.io.history.status.state !== 'open') return undefined;
    const file = path.join(folder, reportFileName(due, format));
    try {
      if (await this.io.exists(file)) return undefined;
      const report = await this.io.helper.request(HistoryReportRequest.type, { unit: due.unit, at: due.from, format });
      await this.io.write(file, report.text);
    } catch (error) {
      this.io.log('warn', `The scheduled report ${file} could not be written: ${errorMessage(error)}`);
      return undefined;
    }
    this.io.log('info', `Scheduled report written: ${file}`);
    this.io.written(file);
    return file;
  }
}
