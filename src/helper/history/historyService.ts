// The helper's one history: opened by `history/open` (the extension, at each helper start) and
// recording until shutdown or a failure. Other handlers record through `record`, which does
// nothing while no database is open.
import { BandwidthSampler } from './bandwidthSampler';
import { CaptureHistory } from './captureHistory';
import type { SamplerIo } from './bandwidthSampler';
import { historyProblem, openHistory } from './historyDatabase';
import { HistoryRecorder } from './historyRecorder';
import type { HistoryWrite } from './historyWriter';
import type { SqlDatabase } from './sqlite';
import { portScanWrite, scanWrite } from './scanHistory';
import type { Logger } from '../log';
import type { HistoryOpenParams } from '../../shared/historyProtocol';
import type { HistoryStatus } from '../../shared/model/history';
import type { PortScanRequest, PortScanResult } from '../../shared/model/ports';
import type { ScanResult } from '../../shared/model/scan';
import type { TrafficDelta } from '../../shared/model/traffic';

/** A failing counter read repeats every sample: the log gets the first few. */
const LOGGED_READ_ERRORS = 3;

/** What the service needs around it. */
export interface HistoryServiceIo extends Omit<SamplerIo, 'onError'> {
  logger: Logger;
  /** recording stopped for good (the extension is told, with the way out) */
  onFailed: (status: HistoryStatus & { state: 'problem' }) => void;
  /** how often counters are read and writes committed, in ms (tests shorten them) */
  timings?: { sampleMs: number; flushMs: number };
}

/** No history database is open: `status` says why. */
export class HistoryUnavailableError extends Error {
  constructor(readonly status: HistoryStatus) {
    super(status.state === 'problem' ? status.message : 'No history database is open.');
  }
}

/** What a live capture tells the history: each tick, and its end. */
export interface CaptureTap {
  tick(delta: TrafficDelta): void;
  end(): void;
}

/** The open history of this helper process, if any. */
export class HistoryService {
  private recorder: HistoryRecorder | undefined;
  private sampler: BandwidthSampler | undefined;
  private status: HistoryStatus = { state: 'closed' };
  private readErrors = 0;

  constructor(private readonly io: HistoryServiceIo) {}

  /** Opens the database (again, or afresh) and starts recording; answers its state. */
  open(params: HistoryOpenParams): HistoryStatus {
    if (this.recorder?.history.path === params.path && !params.startAfresh) {
      this.recorder.configure(params.settings);
      return this.status;
    }
    this.close();
    const log = (message: string) => this.io.logger.log('info', message);
    const opened = openHistory(params.path, { startAfresh: params.startAfresh, log });
    this.status = opened.status;
    if (!('history' in opened)) {
      this.io.logger.log('warn', `history: ${opened.status.state === 'problem' ? opened.status.message : 'closed'}`);
      return this.status;
    }
    if (opened.status.movedAsideTo) log(`history: the old database was moved to ${opened.status.movedAsideTo}`);
    const recorder = new HistoryRecorder(
      opened.history,
      params.settings,
      {
        failed: (problem) => this.fail(recorder, problem),
        log: (level, message) => this.io.logger.log(level, message),
      },
      this.io.now,
    );
    const sampler = new BandwidthSampler({ ...this.io, onError: (error) => this.readFailed(error) });
    recorder.addSource(sampler);
    recorder.start(this.io.timings?.flushMs);
    sampler.start(this.io.timings?.sampleMs);
    this.recorder = recorder;
    this.sampler = sampler;
    log(`history: recording into ${params.path} (schema ${opened.history.schemaVersion})`);
    return this.status;
  }

  /** Queues a batch for the database; `now` writes it at once. Nothing happens while none is open. */
  record(write: HistoryWrite, now = false): void {
    this.recorder?.record(write, now);
  }

  /** Records a finished LAN scan: the scan, and each device it found. */
  recordScan(result: ScanResult): void {
    this.record(scanWrite(result, this.io.now()), true);
  }

  /** Records a finished port scan: the scan, each host that answered, and its ports. */
  recordPortScan(request: Pick<PortScanRequest, 'targets'>, result: PortScanResult): void {
    this.record(portScanWrite(request, result, this.io.now()), true);
  }

  /** A tap for a live capture starting now (a no-op while no database is open). */
  captureTap(iface: string, filter: string): CaptureTap {
    const recorder = this.recorder;
    if (!recorder) return { tick: () => undefined, end: () => undefined };
    const capture = new CaptureHistory(iface, filter, this.io.now(), recorder.flowLimits.perHour);
    const remove = recorder.addSource(capture);
    return {
      tick: (delta) => capture.tick(delta, this.io.now()),
      end: () => {
        capture.end(this.io.now());
        remove();
        recorder.flush();
      },
    };
  }

  /** The recorder while recording (the alerts write and read through it). */
  get current(): HistoryRecorder | undefined {
    return this.recorder;
  }

  /**
   * Runs a read on the open database. Throws HistoryUnavailableError (with the state) when none is
   * open; a read that finds the file damaged stops recording as a write would, and says so.
   */
  query<T>(work: (db: SqlDatabase) => T): T {
    const recorder = this.recorder;
    if (!recorder) throw new HistoryUnavailableError(this.status);
    try {
      return work(recorder.history.db);
    } catch (error) {
      const problem = historyProblem(error, recorder.history.path);
      if (problem.kind === 'corrupt') {
        recorder.stop();
        this.fail(recorder, problem);
        throw new HistoryUnavailableError(problem);
      }
      throw error;
    }
  }

  /** The database's state. */
  get state(): HistoryStatus {
    return this.status;
  }

  /** Writes what is gathered and closes the database (shutdown). */
  close(): void {
    this.sampler?.stop();
    this.recorder?.stop();
    this.sampler = undefined;
    this.recorder = undefined;
    if (this.status.state === 'open') this.status = { state: 'closed' };
  }

  private fail(recorder: HistoryRecorder, problem: HistoryStatus & { state: 'problem' }): void {
    if (recorder !== this.recorder) return;
    this.sampler?.stop();
    this.sampler = undefined;
    this.recorder = undefined;
    this.status = problem;
    this.io.logger.log('error', `history: ${problem.message} Recording has stopped.`);
    this.io.onFailed(problem);
  }

  private readFailed(error: unknown): void {
    this.readErrors += 1;
    if (this.readErrors > LOGGED_READ_ERRORS) return;
    this.io.logger.log(
      'warn',
      `history: reading interface counters failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
