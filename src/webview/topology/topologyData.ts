// What the view knows, folded as the host sends it: the Devices list, the capture (through the
// same TrafficState the dashboard and the capture store use) and the hops traces found. The graph
// is built from it by the shared builder, so the view draws what `lanlens topology` prints.
import type { TrafficDelta } from '../../shared/model/traffic';
import { buildTopology } from '../../shared/topology/buildTopology';
import type {
  HopRecord,
  TopologyDevice,
  TopologyGraph,
  TopologyLayoutKind,
  TopologyTraffic,
} from '../../shared/topology/topologyModel';
import type { TopologyState } from '../../shared/topologyProtocol';
import { TrafficState } from '../../shared/traffic/trafficState';

/** A map's rows as an iterable that can be walked more than once. */
function rows<T>(map: Map<string, T>): Iterable<T> {
  return { [Symbol.iterator]: () => map.values() };
}

/** The view's inputs. */
export class TopologyData {
  devices: TopologyDevice[] = [];
  readonly traffic = new TrafficState();
  hops: HopRecord[] = [];
  /** the host's clock at the last message, and when it came (ms) */
  private hostNow = Date.now();
  private receivedAt = performance.now();

  reset(state: TopologyState): void {
    this.devices = state.devices;
    this.traffic.load(state.traffic);
    this.hops = state.hops;
    this.setNow(state.now);
  }

  setDevices(devices: TopologyDevice[], now: number): void {
    this.devices = devices;
    this.setNow(now);
  }

  /** Folds one tick; 'gap' when ticks were lost (ask for a snapshot). */
  applyTick(delta: TrafficDelta, now: number): 'applied' | 'gap' | 'stale' {
    const result = this.traffic.apply(delta);
    this.setNow(now);
    if (result.kind === 'merged') return 'applied';
    return result.kind === 'missed' ? 'gap' : 'stale';
  }

  /** The host's time now, ms since the Unix epoch. */
  now(): number {
    return this.hostNow + (performance.now() - this.receivedAt);
  }

  graph(layout: TopologyLayoutKind): TopologyGraph {
    const state = this.traffic;
    const traffic: TopologyTraffic | undefined = state.source
      ? {
          hosts: rows(state.hosts),
          conversations: rows(state.conversations),
          flows: rows(state.flows),
          dnsNames: rows(state.dnsNames),
          neighbours: rows(state.neighbours),
          devices: rows(state.passive),
        }
      : undefined;
    return buildTopology({ devices: this.devices, traffic, hops: this.hops, now: this.now() }, layout);
  }

  private setNow(now: number): void {
    this.hostNow = now;
    this.receivedAt = performance.now();
  }
}
