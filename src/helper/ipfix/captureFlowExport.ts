import { FlowExporter } from './flowExporter';
import { UdpSender } from './udpSender';
import type { FlowTable } from '../aggregate/flowTable';
import type { FlowExportParams } from '../../shared/helperProtocol';
import type { FlowExportCounters } from '../../shared/model/traffic';
import {
  FLOW_EXPORT_DEFAULTS,
  FLOW_EXPORT_LIMITS,
  formatCollectorAddress,
  parseCollectorAddress,
} from '../../shared/traffic/flowExport';
import type { CollectorAddress } from '../../shared/traffic/flowExport';

/** A capture's flow export, checked: where to and when. */
export interface FlowExportSettings {
  collector: CollectorAddress;
  activeTimeoutS: number;
  idleTimeoutS: number;
}

/** Checks `capture/start`'s `ipfix` (or the CLI's options): the settings, or one sentence saying what is wrong. */
export function flowExportSettings(params: FlowExportParams): FlowExportSettings | string {
  if (typeof params.collector !== 'string') return 'the IPFIX collector must be a HOST:PORT text';
  const collector = parseCollectorAddress(params.collector);
  if (typeof collector === 'string') return `IPFIX collector: ${collector}`;
  const settings = {
    collector,
    activeTimeoutS: params.activeTimeoutS ?? FLOW_EXPORT_DEFAULTS.activeTimeoutS,
    idleTimeoutS: params.idleTimeoutS ?? FLOW_EXPORT_DEFAULTS.idleTimeoutS,
  };
  for (const name of ['activeTimeoutS', 'idleTimeoutS'] as const) {
    const value = settings[name];
    const { min, max } = FLOW_EXPORT_LIMITS[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      return `IPFIX ${name} must be a whole number of seconds from ${min} to ${max}, not ${JSON.stringify(value)}`;
    }
  }
  return settings;
}

/** What a capture session asks of its flow export, once per tick and once at the end. */
export interface SessionFlowExport {
  tick(): void;
  finish(): void;
  counters(): FlowExportCounters;
}

/**
 * A live capture's IPFIX export: a socket to the collector (opened before the capture, so a bad
 * collector stops nothing), then an exporter over the capture's flow table (`attach`).
 */
export class CaptureFlowExport implements SessionFlowExport {
  private exporter: FlowExporter | undefined;
  private closing: Promise<void> | undefined;

  private constructor(
    readonly settings: FlowExportSettings,
    private readonly sender: UdpSender,
  ) {}

  /** Resolves and connects to the collector; rejects with a sentence when it cannot. `onError` hears failed sends. */
  static async open(settings: FlowExportSettings, onError: (message: string) => void): Promise<CaptureFlowExport> {
    const sender = await UdpSender.open(settings.collector, onError);
    return new CaptureFlowExport(settings, sender);
  }

  /** Starts exporting the flows of `flows` (the capture's table): the templates go out now. */
  attach(flows: FlowTable, clock: () => number = Date.now): void {
    const timeouts = {
      activeTimeoutMs: this.settings.activeTimeoutS * 1000,
      idleTimeoutMs: this.settings.idleTimeoutS * 1000,
    };
    this.exporter = new FlowExporter(flows, timeouts, (message, records) => this.sender.send(message, records), clock);
    this.exporter.start();
  }

  tick(): void {
    this.exporter?.tick();
  }

  /** Reports every flow still open (the capture stopped); the socket stays until `close`. */
  finish(): void {
    this.exporter?.finish();
  }

  counters(): FlowExportCounters {
    const { records, messages, dropped, errors, lastError } = this.sender.counters;
    return {
      collector: formatCollectorAddress(this.settings.collector),
      records,
      messages,
      dropped,
      errors,
      ...(lastError !== undefined ? { lastError } : {}),
    };
  }

  /** Closes the socket once what was sent has gone. Safe to repeat. */
  close(): Promise<void> {
    this.closing ??= this.sender.close();
    return this.closing;
  }
}
