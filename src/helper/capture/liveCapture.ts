import { CaptureRecorder } from './captureRecorder';
import { CaptureSession } from './captureSession';
import type { FrameRecorder } from './captureSession';
import { DEFAULT_BUFFER_BYTES, DEFAULT_SNAPLEN, openLiveCapture } from './liveCaptureSource';
import type { LiveOpenFailure } from './liveCaptureSource';
import type { TrafficAggregator } from '../aggregate/trafficAggregator';
import type { CaptureFlowExport, FlowExportSettings } from '../ipfix/captureFlowExport';
import type { DecodedPacket } from '../decode/packet';
import type { TcpView } from '../decode/summary/tcpView';
import type { RegisteredCapture } from '../server/captureRegistry';
import type { CaptureStartParams, ConversationKey } from '../../shared/helperProtocol';
import type { RecordingState, TrafficDelta, TrafficSnapshot, TrafficSource } from '../../shared/model/traffic';
import { TRAFFIC_VIEW_LIMITS } from '../../shared/traffic/trafficLimits';

/** `capture/start` parameters with every default filled in (and the flow export, when any, checked). */
export type LiveCaptureSettings = Required<Omit<CaptureStartParams, 'ipfix'>> & { ipfix?: FlowExportSettings };

/** Fills in the documented defaults of `capture/start` (but for `ipfix`, which its own check fills in). */
export function liveCaptureSettings(params: CaptureStartParams): LiveCaptureSettings {
  return {
    captureId: params.captureId,
    interface: params.interface,
    filter: params.filter ?? '',
    snaplen: params.snaplen ?? DEFAULT_SNAPLEN,
    promiscuous: params.promiscuous ?? true,
    bufferSizeBytes: params.bufferSizeBytes ?? DEFAULT_BUFFER_BYTES,
    tickMs: params.tickMs ?? 1000,
    record: params.record ?? true,
    maxFileBytes: params.maxFileBytes ?? 1024 ** 3,
  };
}

/** What a live capture needs from its surroundings. */
export interface LiveCaptureHooks {
  createAggregator: (interfaceName: string) => TrafficAggregator;
  onTick: (delta: TrafficDelta) => void;
  /** the capture ended on its own or was stopped; `error` says why when it failed */
  onEnd?: (error?: Error) => void;
  /** a frame could not be folded in (see CaptureSessionOptions.onFault) */
  onFault?: (error: unknown, faults: number) => void;
  /** the capture's flow export, its socket open (see CaptureFlowExport.open); closed when the capture ends */
  flowExport?: CaptureFlowExport;
}

/** A running live capture, with its optional recording: what `capture/start` creates. */
export class LiveCapture implements RegisteredCapture {
  readonly kind = 'live';

  private constructor(
    readonly settings: LiveCaptureSettings,
    readonly session: CaptureSession,
    private readonly recorder: CaptureRecorder | undefined,
    private readonly flowExport: CaptureFlowExport | undefined,
  ) {}

  /** Opens the interface and starts capturing, or says why it cannot. */
  static async start(settings: LiveCaptureSettings, hooks: LiveCaptureHooks): Promise<LiveCapture | LiveOpenFailure> {
    const opened = await openLiveCapture(settings);
    if ('failure' in opened) return opened.failure;
    const { source } = opened;
    const { recorder, failed } = startRecorder(settings, source.linkType);
    const sourceInfo: TrafficSource = {
      kind: 'live',
      captureId: settings.captureId,
      interface: settings.interface,
      filter: settings.filter,
      snaplen: settings.snaplen,
      promiscuous: settings.promiscuous,
      linkType: source.linkType,
    };
    const aggregator = hooks.createAggregator(settings.interface);
    const { flowExport } = hooks;
    if (flowExport && aggregator.flows) flowExport.attach(aggregator.flows);
    const session = new CaptureSession({
      captureId: settings.captureId,
      source,
      sourceInfo,
      aggregator,
      recorder: recorder ?? failed,
      flowExport,
      tickMs: settings.tickMs,
      onTick: hooks.onTick,
      onEnd: (error) => {
        recorder?.close();
        void flowExport?.close();
        hooks.onEnd?.(error);
      },
      onFault: hooks.onFault,
    });
    session.start();
    return new LiveCapture(settings, session, recorder, flowExport);
  }

  get pcapPath(): string | undefined {
    return this.recorder?.path;
  }

  tcpView(packet: DecodedPacket): TcpView | undefined {
    return this.session.tcpView(packet);
  }

  get recording(): RecordingState | undefined {
    return this.recorder?.recording;
  }

  /**
   * The state for the extension (`capture/snapshot`, `capture/stop`), whose store and views keep the
   * newest TRAFFIC_VIEW_LIMITS rows of each table: cut to those here, rather than made into rows and
   * serialised only to be cut on arrival (whole 100,000-flow tables made the helper's peak RSS
   * jump by 320 MiB at the soak's stop, 40,000-flow ones by 90 MiB).
   */
  snapshot(): TrafficSnapshot {
    return this.session.snapshot(TRAFFIC_VIEW_LIMITS);
  }

  /** Stops capturing (the recording stays until `dispose`); the last state, as `snapshot`. */
  async stop(): Promise<TrafficSnapshot> {
    await this.session.stop();
    await this.flowExport?.close();
    return this.snapshot();
  }

  /** Copies the recording to `path`; undefined when the capture does not record. */
  async save(path: string): Promise<RecordingState | undefined> {
    return this.recorder?.saveAs(path);
  }

  /** Writes the packets of `conversations` to `path`; undefined when the capture does not record. */
  async saveConversations(
    path: string,
    conversations: readonly ConversationKey[],
  ): Promise<{ packets: number; bytes: number } | undefined> {
    return this.recorder?.saveConversations(path, conversations);
  }

  async dispose(): Promise<void> {
    await this.session.stop();
    await this.flowExport?.close();
    this.recorder?.dispose();
  }
}

/**
 * The capture's recording, or (when its file cannot even be made: a full disk, an unwritable
 * temporary folder) a stand-in that records nothing and says why, so the capture still starts.
 */
function startRecorder(
  settings: LiveCaptureSettings,
  linkType: number,
): { recorder?: CaptureRecorder; failed?: FrameRecorder } {
  if (!settings.record) return {};
  try {
    return { recorder: new CaptureRecorder(linkType, settings.snaplen, settings.maxFileBytes) };
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOSPC'
        ? 'the disk is full'
        : error instanceof Error
          ? error.message
          : String(error);
    const recording: RecordingState = {
      packets: 0,
      bytes: 0,
      full: false,
      error: `Recording could not start: ${reason}. The capture goes on without one.`,
    };
    return { failed: { write: () => undefined, recording } };
  }
}
