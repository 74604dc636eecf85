// What the topology view is drawn from, on the extension's side: the Devices list (with what port
// scans found), the one live capture, the hops traces found, and the positions the user pinned
// (kept per MAC in the global state, so they survive reloads and closing the panel). Traces go to
// the helper's `topology/trace`. Without `vscode`, so it runs in the unit tests under plain Node.
import type { CancellationToken } from 'vscode-jsonrpc/node';
import { TraceRequest } from '../../../shared/helperProtocol';
import type { HopRecord, TopologyDevice } from '../../../shared/topology/topologyModel';
import type { PinnedPosition, TopologyState } from '../../../shared/topologyProtocol';
import type { CaptureSession } from '../../capture/captureSession';
import type { Disposable } from '../../capture/emitter';
import { Emitter } from '../../capture/emitter';
import type { HelperClient } from '../../helperClient/helperClient';
import type { DeviceStore } from '../../views/deviceStore';

/** Where pins are kept in the global state. */
const PINS_KEY = 'lanLens.topology.pins';
/** At most this many pins are kept (the oldest go). */
const MAX_PINS = 10_000;

/** The Devices list as the topology takes it: one device per address, with its port-scan facts. */
export function topologyDevices(store: DeviceStore): TopologyDevice[] {
  return store.allDevices().map((node) => {
    const device: TopologyDevice = { ...node.device };
    if (node.ports?.os) device.os = node.ports.os;
    if (node.ports) device.openPortCount = node.ports.ports.filter((port) => port.state === 'open').length;
    return device;
  });
}

/** The part of `vscode.Memento` the pins live in. */
export interface PinStore {
  get<T>(key: string, fallback: T): T;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** The data behind every topology panel; outlives them. */
export class TopologySource implements Disposable {
  private hopsByIp = new Map<string, HopRecord>();
  private readonly hopsChanged = new Emitter<HopRecord[]>();
  /** Fires with every hop known whenever a trace adds some. */
  readonly onDidChangeHops = this.hopsChanged.event;

  constructor(
    private readonly store: DeviceStore,
    readonly captures: CaptureSession,
    private readonly client: HelperClient,
    private readonly memento: PinStore,
  ) {}

  /** Everything a view draws from. */
  state(selected?: string): TopologyState {
    return {
      devices: topologyDevices(this.store),
      traffic: this.captures.state.phase === 'idle' ? undefined : this.captures.snapshot,
      hops: this.hops(),
      pins: this.pins(),
      selected,
      now: Date.now(),
    };
  }

  devices(): TopologyDevice[] {
    return topologyDevices(this.store);
  }

  hops(): HopRecord[] {
    return [...this.hopsByIp.values()];
  }

  pins(): PinnedPosition[] {
    return this.memento.get<PinnedPosition[]>(PINS_KEY, []);
  }

  /** Keeps (or with no position, forgets) a node's pinned position. */
  async pin(mac: string, x?: number, y?: number): Promise<void> {
    const others = this.pins().filter((pin) => pin.mac !== mac);
    const next = x === undefined || y === undefined ? others : [...others, { mac, x, y }];
    await this.memento.update(PINS_KEY, next.slice(-MAX_PINS));
  }

  /** Traces one address; the hops found join the views. */
  async trace(ip: string, token?: CancellationToken): Promise<{ traced: number; warnings: string[] }> {
    const targets = [ip];
    const result = await this.client.request(TraceRequest.type, { targets }, token);
    for (const record of result.records) this.hopsByIp.set(record.ip, record);
    this.hopsChanged.fire(this.hops());
    return { traced: result.records.length, warnings: result.warnings };
  }

  dispose(): void {
    this.hopsChanged.dispose();
  }
}
