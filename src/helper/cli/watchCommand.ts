import type { CliOutput, CommandRunner } from './cliOptions';
import { numberOption } from './cliOptions';
import { alertLines } from './alertLines';
import { openFailure, runUntilStopped } from './captureCommand';
import { defaultEventLogPath } from './logCommand';
import { watchDelivery } from './watchDelivery';
import { EventLogService } from '../eventLog/eventLogService';
import type { LogKey } from '../eventLog/eventLogFormat';
import { readKeyFile } from '../eventLog/keyFile';
import { watchSettings } from './watchSettings';
import type { DeliverySettings } from '../../shared/alerts/deliverySettings';
import { AlertService } from '../alerts/alertService';
import { CaptureSession } from '../capture/captureSession';
import { createLiveAggregator } from '../capture/liveAggregator';
import { DEFAULT_BUFFER_BYTES, openLiveCapture } from '../capture/liveCaptureSource';
import { openHistory } from '../history/historyDatabase';
import { defaultHistoryPath } from '../history/historyPath';
import { HistoryRecorder } from '../history/historyRecorder';
import { createLogger } from '../log';
import { readInterfaceCounters } from '../os/bandwidthWatcher';
import { dropToInvokingUser } from '../os/dropPrivileges';
import { addressedInterfaces } from '../os/interfaces';
import type { AlertSettings } from '../../shared/alerts/alertRules';
import { formatClock } from '../../shared/format/displayFormat';
import { HISTORY_LIMITS } from '../../shared/model/history';
import { resolve } from 'node:path';

/** Bytes kept of each frame: the headers the rules read (the payload is never needed). */
const WATCH_SNAPLEN = 256;

/** Options of `lanlens watch`. */
export interface WatchOptions {
  interface: string;
  filter: string;
  settings: AlertSettings;
  /** the history database, or undefined to keep nothing */
  db: string | undefined;
  durationS?: number;
  json: boolean;
  verbose: boolean;
  /** where alerts are delivered besides stdout */
  delivery: DeliverySettings;
  /** the encrypted event log to append to, with the key file's current key */
  eventLog?: { path: string; key: LogKey };
}

/**
 * Runs the alert engine headless on a live capture of one interface (with the machine's bandwidth
 * readings and presence checks), printing each alert as it fires: one JSON object per line with
 * `--json`. Until Ctrl+C or `--duration`. Exit codes: 0, 1 capture not possible, 2 bad input.
 */
export async function watchCommand(options: WatchOptions, output: CliOutput): Promise<number> {
  const opened = await openLiveCapture({
    interface: options.interface,
    filter: options.filter,
    snaplen: WATCH_SNAPLEN,
    promiscuous: true,
    bufferSizeBytes: DEFAULT_BUFFER_BYTES,
  });
  if ('failure' in opened) return openFailure(opened.failure, output);
  const { source } = opened;
  // The handle is open: the history file and everything after are the invoking user's.
  dropToInvokingUser();
  const logger = createLogger(options.verbose ? 'debug' : 'warn', (level, message) =>
    output.err(`lanlens: ${level}: ${message}`),
  );
  const recorder = options.db === undefined ? undefined : openRecorder(options.db, output);
  const service = new AlertService({
    logger,
    history: () => recorder,
    readCounters: readInterfaceCounters,
    addressedInterfaces,
  });
  service.onAlerts((alerts) => {
    for (const alert of alerts) output.out(options.json ? JSON.stringify(alert) : alertLines(alert));
  });
  const events = new EventLogService(logger);
  if (options.eventLog) {
    try {
      events.open(options.eventLog.path, options.eventLog.key);
    } catch (error) {
      await source.stop();
      recorder?.stop();
      output.err(`lanlens: the event log: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
    service.onAlerts((alerts) => alerts.forEach((alert) => events.record('alert', alert)));
    service.engine.onDeviceLearnt((key, sighting) => events.record('device-new', { key, ...sighting }));
  }
  service.start();
  const status = service.configure(options.settings);
  service.delivery.configure(options.delivery);
  let failure: Error | undefined;
  const session = new CaptureSession({
    captureId: 'watch',
    source,
    sourceInfo: {
      kind: 'live',
      captureId: 'watch',
      interface: options.interface,
      filter: options.filter,
      snaplen: WATCH_SNAPLEN,
      promiscuous: true,
      linkType: source.linkType,
    },
    aggregator: service.watchCapture(createLiveAggregator(options.interface), options.interface),
    tickMs: 1000,
    onEnd: (error) => (failure = error),
  });
  try {
    await runUntilStopped(session, options.durationS, () => {
      const learning =
        status.learningUntil > Date.now()
          ? `new devices alert from ${formatClock(status.learningUntil, false)}`
          : 'new devices alert';
      output.err(
        `lanlens: watching ${options.interface}${options.filter ? ` (filter "${options.filter}")` : ''}; ${learning} (${status.knownDevices} known); alerts ${status.stored ? `stored in ${options.db}` : 'not stored'}; Ctrl+C stops`,
      );
    });
    // The last tick's alerts are evaluated after it went out.
    await new Promise((done) => setImmediate(done));
    output.err(watchedLine(session, options.interface));
  } finally {
    service.stop();
    events.close();
    recorder?.stop();
  }
  if (failure) {
    output.err(`lanlens: capture on ${options.interface} stopped: ${failure.message}`);
    return 1;
  }
  return 0;
}

/** What was watched, and what the engine never saw: a watch that drops packets can miss an alert. */
function watchedLine(session: CaptureSession, iface: string): string {
  const { packets, kernelDrops, interfaceDrops } = session.snapshot().counters;
  return `lanlens: watched ${packets} packets on ${iface}; dropped: ${kernelDrops} by the kernel, ${interfaceDrops} by the interface`;
}

/** The history the alerts go into; undefined (said on stderr) when it cannot be opened. */
function openRecorder(path: string, output: CliOutput): HistoryRecorder | undefined {
  const opened = openHistory(path);
  if (!('history' in opened)) {
    const problem = opened.status.state === 'problem' ? opened.status.message : `${path} is closed.`;
    output.err(`lanlens: alerts are not stored: ${problem}`);
    return undefined;
  }
  const settings = {
    retentionDays: HISTORY_LIMITS.retentionDays.default,
    maxSizeMiB: HISTORY_LIMITS.maxSizeMiB.default,
  };
  const recorder = new HistoryRecorder(opened.history, settings, {
    failed: (status) => output.err(`lanlens: alerts are no longer stored: ${status.message}`),
    log: (level, message) => level === 'warn' && output.err(`lanlens: ${message}`),
  });
  recorder.start();
  return recorder;
}

/** `lanlens watch` from the parsed command line. */
export const watchCli: CommandRunner = (values, rest, output) => {
  const usage = (message: string) => (output.err(`lanlens: ${message}`), Promise.resolve(2));
  if (rest.length) return usage(`watch takes no arguments, got: ${rest.join(' ')}`);
  if (!values.interface) return usage('watch needs an interface: -i NAME');
  const durationS = numberOption(values.duration, 'duration', 1, 31 * 24 * 3600, output);
  if (durationS === null) return Promise.resolve(2);
  const checked = watchSettings(values.set ?? []);
  if ('error' in checked) return usage(checked.error);
  const delivery = watchDelivery(values.webhook, values.smtp);
  if ('error' in delivery) return usage(delivery.error);
  let eventLog: WatchOptions['eventLog'];
  try {
    const keyFile = values['key-file'];
    if (keyFile)
      eventLog = {
        path: values.log ? resolve(values.log) : defaultEventLogPath(),
        key: readKeyFile(resolve(keyFile)).at(-1)!,
      };
  } catch (error) {
    return usage(`--key-file: ${error instanceof Error ? error.message : String(error)}`);
  }
  return watchCommand(
    {
      interface: values.interface,
      filter: values.filter ?? '',
      settings: checked.settings,
      db: values['no-history'] ? undefined : values.db ? resolve(values.db) : defaultHistoryPath(),
      durationS,
      json: values.json ?? false,
      verbose: values.verbose ?? false,
      delivery: delivery.delivery,
      eventLog,
    },
    output,
  );
};
