import type { CliOutput, CliValues, CommandRunner } from './cliOptions';
import { CaptureSession } from '../capture/captureSession';
import type { FrameRecorder } from '../capture/captureSession';
import { DEFAULT_BUFFER_BYTES, DEFAULT_SNAPLEN, openLiveCapture } from '../capture/liveCaptureSource';
import type { LiveOpenFailure } from '../capture/liveCaptureSource';
import type { CaptureSource } from '../capture/captureSource';
import { createPcapFile } from '../capture/pcapWriter';
import type { PcapWriter } from '../capture/pcapWriter';
import type { TrafficAggregator } from '../aggregate/trafficAggregator';
import { dropToInvokingUser } from '../os/dropPrivileges';
import { formatByteRate, formatBytes, formatCount } from '../../shared/format/displayFormat';
import type { TrafficDelta, TrafficSnapshot } from '../../shared/model/traffic';
import { numberOption } from './cliOptions';
import { renderCaptureReport } from './captureReport';
import { cliCaptureTap } from './history/cliHistory';
import type { CliCaptureTap } from './history/cliHistory';
import { createLiveAggregator } from '../capture/liveAggregator';
import { CaptureFlowExport, flowExportSettings } from '../ipfix/captureFlowExport';
import type { FlowExportSettings } from '../ipfix/captureFlowExport';
import type { FlowExportCounters } from '../../shared/model/traffic';
import { FLOW_EXPORT_LIMITS } from '../../shared/traffic/flowExport';

/** `lanlens capture` options, checked by the argument parser. */
export interface CaptureCommandOptions {
  interface: string;
  filter: string;
  /** pcap file to write every packet to */
  write?: string;
  /** stop after this many packets */
  count?: number;
  /** stop after this many seconds */
  durationS?: number;
  snaplen?: number;
  bufferSizeBytes?: number;
  promiscuous: boolean;
  json: boolean;
  /** export the flows as IPFIX to this collector */
  ipfix?: FlowExportSettings;
  /** opens the history's tap once the handle is open (and root is gone) */
  history?: (iface: string, filter: string) => CliCaptureTap;
}

/** How the final report is printed: the same statistics `lanlens stats` prints for a file. */
export type ReportRenderer = (snapshot: TrafficSnapshot) => string;

/**
 * Captures live until Ctrl+C, `count` packets or `durationS` seconds: one summary line a second on
 * stderr, then the final report (or the snapshot as JSON) on stdout. Exit codes: 0 done, 1 capture
 * not possible (privilege, libpcap) or the interface failed, 2 bad input (interface, filter, file).
 */
export async function captureCommand(
  options: CaptureCommandOptions,
  output: CliOutput,
  createAggregator: (interfaceName: string) => TrafficAggregator,
  renderReport: ReportRenderer,
): Promise<number> {
  const settings = {
    interface: options.interface,
    filter: options.filter,
    snaplen: options.snaplen ?? DEFAULT_SNAPLEN,
    promiscuous: options.promiscuous,
    bufferSizeBytes: options.bufferSizeBytes ?? DEFAULT_BUFFER_BYTES,
  };
  // The collector is resolved and its socket made first: a bad collector stops the command before capture starts.
  const flowExport = options.ipfix && (await openFlowExport(options.ipfix, output));
  if (flowExport === null) return 2;
  const opened = await openLiveCapture(settings);
  if ('failure' in opened) {
    await flowExport?.close();
    return openFailure(opened.failure, output);
  }
  const { source } = opened;
  // The handle is open: nothing from here on (the pcap file above all) runs as root.
  dropToInvokingUser();
  const writer = await createRecording(options.write, source, settings.snaplen, output);
  if (writer === null) {
    await flowExport?.close();
    return 2;
  }
  const aggregator = createAggregator(settings.interface);
  if (flowExport && aggregator.flows) flowExport.attach(aggregator.flows);
  const history = options.history?.(settings.interface, settings.filter);

  const progress = progressLine();
  let failure: Error | undefined;
  const session = new CaptureSession({
    captureId: 'cli',
    source,
    sourceInfo: {
      kind: 'live',
      captureId: 'cli',
      interface: settings.interface,
      filter: settings.filter,
      snaplen: settings.snaplen,
      promiscuous: settings.promiscuous,
      linkType: source.linkType,
    },
    aggregator,
    recorder: writer && recorderOf(writer),
    flowExport,
    tickMs: 1000,
    onTick: (delta) => {
      history?.tick(delta);
      if (delta.running) output.err(progress(delta));
    },
    onEnd: (error) => {
      failure = error;
      history?.end();
    },
    onFault: (error, faults) =>
      output.err(`lanlens: error: a packet could not be counted (${faults} so far): ${String(error)}`),
    maxPackets: options.count,
  });
  try {
    await runUntilStopped(session, options.durationS, () =>
      output.err(
        `lanlens: capturing on ${settings.interface}${settings.filter ? ` (filter "${settings.filter}")` : ''}${options.write ? `, writing ${options.write}` : ''}; Ctrl+C stops`,
      ),
    );
  } finally {
    writer?.close();
    await flowExport?.close();
  }
  const snapshot = session.snapshot();
  if (snapshot.counters.ipfix) output.err(exportSummary(snapshot.counters.ipfix));
  output.out(options.json ? JSON.stringify(snapshot, null, 2) : renderReport(snapshot));
  if (failure) {
    output.err(`lanlens: capture on ${settings.interface} stopped: ${failure.message}`);
    return 1;
  }
  return 0;
}

/** The socket to the IPFIX collector; null (the reason printed) when its host cannot be resolved. */
async function openFlowExport(settings: FlowExportSettings, output: CliOutput): Promise<CaptureFlowExport | null> {
  try {
    return await CaptureFlowExport.open(settings, (message) => output.err(`lanlens: IPFIX export failing: ${message}`));
  } catch (error) {
    output.err(`lanlens: --ipfix: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

/** What the flow export sent, in one line. */
function exportSummary(counters: FlowExportCounters): string {
  const { records, messages, dropped, errors, lastError, collector } = counters;
  const problems = [
    dropped ? `${formatCount(dropped)} records dropped` : '',
    errors ? `${formatCount(errors)} sends failed (last: ${lastError ?? '?'})` : '',
  ].filter(Boolean);
  return `lanlens: IPFIX: ${formatCount(records)} flow records in ${formatCount(messages)} messages to ${collector}${problems.length ? `; ${problems.join(', ')}` : ''}`;
}

/** Says why capture could not start: exit 1 when it is not possible here, 2 for bad input. */
export function openFailure(failure: LiveOpenFailure, output: CliOutput): number {
  if (failure.kind !== 'unavailable') return (output.err(`lanlens: ${failure.message}`), 2);
  const problem = failure.status.problem;
  output.err(`lanlens: ${problem?.message ?? 'capture is not available'}\nfix: ${problem?.fix ?? ''}`);
  return 1;
}

/** The pcap file asked for with -w; null (the capture stopped, the reason printed) when it cannot be written. */
async function createRecording(
  file: string | undefined,
  source: CaptureSource,
  snapLength: number,
  output: CliOutput,
): Promise<PcapWriter | undefined | null> {
  if (!file) return undefined;
  try {
    return createPcapFile(file, { linkType: source.linkType, snapLength });
  } catch (error) {
    await source.stop();
    output.err(`lanlens: cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

function recorderOf(writer: PcapWriter): FrameRecorder {
  return {
    write: (data, offset, capturedLength, wireLength, seconds, nanoseconds) =>
      writer.write(seconds, nanoseconds, data, offset, capturedLength, wireLength),
    flush: () => writer.flush(),
  };
}

/** Runs the session until Ctrl+C, SIGTERM, `durationS` or its own end; `started` announces it. */
export async function runUntilStopped(
  session: CaptureSession,
  durationS: number | undefined,
  started: () => void,
): Promise<void> {
  const stop = () => void session.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const timer = durationS !== undefined ? setTimeout(stop, durationS * 1000) : undefined;
  started();
  try {
    session.start();
    await session.ended;
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** Turns each tick into one line: totals, rates over the tick, drops. */
function progressLine(): (delta: TrafficDelta) => string {
  const started = Date.now();
  let last = { time: started, packets: 0, bytes: 0 };
  return (delta) => {
    const now = Date.now();
    const { packets, bytes, kernelDrops, interfaceDrops } = delta.counters;
    const seconds = Math.max((now - last.time) / 1000, 0.001);
    const packetRate = (packets - last.packets) / seconds;
    const byteRate = (bytes - last.bytes) / seconds;
    last = { time: now, packets, bytes };
    const elapsed = new Date(now - started).toISOString().slice(11, 19);
    const ipfix = delta.counters.ipfix ? `  ipfix: ${formatCount(delta.counters.ipfix.records)} records` : '';
    return `${elapsed}  ${formatCount(packets)} packets  ${formatBytes(bytes)}  ${formatCount(Math.round(packetRate))} pkt/s  ${formatByteRate(byteRate)}  drops: ${formatCount(kernelDrops)} kernel, ${formatCount(interfaceDrops)} interface${ipfix}`;
  };
}

/** `lanlens capture` from the parsed command line */
export const captureCli: CommandRunner = (values, rest, output) => {
  if (rest.length) {
    output.err(`lanlens: capture takes no arguments, got: ${rest.join(' ')}`);
    return Promise.resolve(2);
  }
  if (!values.interface) {
    output.err('lanlens: capture needs an interface: -i NAME (or -i any)');
    return Promise.resolve(2);
  }
  const count = numberOption(values.count, 'count', 1, Number.MAX_SAFE_INTEGER, output);
  const durationS = numberOption(values.duration, 'duration', 1, 31 * 24 * 3600, output);
  const snaplen = numberOption(values.snaplen, 'snaplen', 1, 262144, output);
  const bufferSizeBytes = numberOption(values['buffer-size'], 'buffer-size', 65536, 2 ** 31 - 1, output);
  if (count === null || durationS === null || snaplen === null || bufferSizeBytes === null) return Promise.resolve(2);
  const ipfix = ipfixOptions(values, output);
  if (ipfix === null) return Promise.resolve(2);
  return captureCommand(
    {
      interface: values.interface,
      filter: values.filter ?? '',
      write: values.write,
      count,
      durationS,
      snaplen,
      bufferSizeBytes,
      promiscuous: !values['no-promiscuous'],
      json: values.json ?? false,
      ipfix,
      history: (iface, filter) => cliCaptureTap(values, output, iface, filter),
    },
    output,
    createLiveAggregator,
    renderCaptureReport,
  );
};

/** `--ipfix HOST:PORT` with its timeouts, checked; null (after printing why) when malformed. */
function ipfixOptions(values: CliValues, output: CliOutput): FlowExportSettings | undefined | null {
  const { ipfix: collector, 'ipfix-active-timeout': active, 'ipfix-idle-timeout': idle } = values;
  if (collector === undefined) {
    if (active === undefined && idle === undefined) return undefined;
    output.err('lanlens: --ipfix-active-timeout and --ipfix-idle-timeout need --ipfix HOST:PORT');
    return null;
  }
  const { activeTimeoutS, idleTimeoutS } = FLOW_EXPORT_LIMITS;
  const activeS = numberOption(active, 'ipfix-active-timeout', activeTimeoutS.min, activeTimeoutS.max, output);
  const idleS = numberOption(idle, 'ipfix-idle-timeout', idleTimeoutS.min, idleTimeoutS.max, output);
  if (activeS === null || idleS === null) return null;
  const settings = flowExportSettings({ collector, activeTimeoutS: activeS, idleTimeoutS: idleS });
  if (typeof settings === 'string') return (output.err(`lanlens: --ipfix: ${settings}`), null);
  return settings;
}
