// A live capture's aggregator with the alert engine listening: every frame goes to the aggregator
// as before (ARP frames are also noted in an ArpLog), and each tick's delta, with the ARP packets
// since the last tick, is handed to the engine after the tick has gone out. Nothing else is added
// to the capture path.
import type { FlowTable } from '../aggregate/flowTable';
import type { TrafficAggregator } from '../aggregate/trafficAggregator';
import { NetworkLayer } from '../decode/packet';
import type { DecodedPacket } from '../decode/packet';
import type { TcpView } from '../decode/summary/tcpView';
import type { TrafficDelta, TrafficSnapshot, TrafficSource } from '../../shared/model/traffic';
import type { TrafficViewLimits } from '../../shared/traffic/trafficLimits';
import type { CaptureTick } from './alertInputs';
import { ArpLog } from './arpLog';

/** How the ticks reach the engine: later (the default), or at once (tests). */
export type Deferral = (work: () => void) => void;

/** Wraps `inner` so each tick also goes to `onTick`. */
export class AlertingAggregator implements TrafficAggregator {
  private frames = 0;
  private readonly arp = new ArpLog();

  constructor(
    private readonly inner: TrafficAggregator,
    private readonly interfaceName: string,
    private readonly onTick: (tick: CaptureTick) => void,
    private readonly defer: Deferral = (work) => void setImmediate(work),
    private readonly now: () => number = Date.now,
  ) {}

  /** the inner aggregator's flow table: a flow exporter (IPFIX) attaches to it through the wrapper */
  get flows(): FlowTable | undefined {
    return this.inner.flows;
  }

  add(packet: DecodedPacket, timeMs: number, wireLength: number, fileOffset?: number): void {
    const frame = ++this.frames;
    this.inner.add(packet, timeMs, wireLength, fileOffset);
    if (packet.network === NetworkLayer.Arp) this.arp.add(packet, timeMs, frame);
  }

  setDrops(kernelDrops: number, interfaceDrops: number): void {
    this.inner.setDrops(kernelDrops, interfaceDrops);
  }

  takeDelta(captureId: string, running: boolean): TrafficDelta {
    const delta = this.inner.takeDelta(captureId, running);
    const tick: CaptureTick = {
      time: this.now(),
      interface: this.interfaceName,
      delta,
      arp: this.arp.take(this.interfaceName),
    };
    this.defer(() => this.onTick(tick));
    return delta;
  }

  snapshot(source: TrafficSource, running: boolean, withRecent?: boolean, cut?: TrafficViewLimits): TrafficSnapshot {
    return this.inner.snapshot(source, running, withRecent, cut);
  }

  tcpView(packet: DecodedPacket): TcpView | undefined {
    return this.inner.tcpView?.(packet);
  }
}
