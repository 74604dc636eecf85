// What the view knows, folded as the host sends it: the Devices list, the capture (through the
// same TrafficState the dashboard and the capture store use) and the hops traces found. The graph
// is built from it by the shared builder, so the view draws what `lanlens topology` prints; a
// capture tick patches the network layout's graph instead where it can (networkUpdate.ts).
import type { HostTraffic, IpConversation, TrafficDelta } from '../../shared/model/traffic';
import type { AddressBook } from '../../shared/topology/addressBook';
import { addressBook, DEFAULT_STALE_AFTER_MS, markStale } from '../../shared/topology/addressBook';
import type { Replaced } from '../../shared/topology/networkUpdate';
import { NetworkGraphUpdater } from '../../shared/topology/networkUpdate';
import type {
  HopRecord,
  TopologyDevice,
  TopologyGraph,
  TopologyInputs,
  TopologyLayoutKind,
  TopologyTraffic,
} from '../../shared/topology/topologyModel';
import type { TopologyState } from '../../shared/topologyProtocol';
import type { TrafficViewLimits } from '../../shared/traffic/trafficLimits';
import { TrafficState } from '../../shared/traffic/trafficState';

/** The view's inputs. */
export class TopologyData {
  devices: TopologyDevice[] = [];
  readonly traffic: TrafficState;
  private hopRecords: HopRecord[] = [];
  /** the host's clock at the last message, and when it came (ms) */
  private hostNow = Date.now();
  private receivedAt = performance.now();
  /** the network graph last built, kept up to date by ticks while nothing else changes */
  private network: NetworkGraphUpdater | undefined;
  /** the devices' address book (which addresses are local, which are this machine's) */
  private book: AddressBook | undefined;
  /** counts the changes taken (a state, devices, hops, a tick), so a graph built earlier can tell it is old */
  version = 0;

  constructor(limits?: Readonly<TrafficViewLimits>) {
    this.traffic = new TrafficState(limits);
  }

  get hops(): HopRecord[] {
    return this.hopRecords;
  }

  set hops(hops: HopRecord[]) {
    this.hopRecords = hops;
    this.network = undefined;
    this.version++;
  }

  reset(state: TopologyState): void {
    this.devices = state.devices;
    this.traffic.load(state.traffic);
    this.hops = state.hops;
    this.book = undefined;
    this.setNow(state.now);
  }

  setDevices(devices: TopologyDevice[], now: number): void {
    this.devices = devices;
    this.network = undefined;
    this.book = undefined;
    this.version++;
    this.setNow(now);
  }

  /** Folds one tick; 'gap' when ticks were lost (ask for a snapshot). */
  applyTick(delta: TrafficDelta, now: number): 'applied' | 'gap' | 'stale' {
    const { removed } = delta;
    const conversations = replaced(
      delta.conversations,
      this.traffic.conversations,
      (row) => row.id,
      removed.conversations,
    );
    const hosts = replaced(delta.hosts, this.traffic.hosts, (row) => row.addr, removed.hosts);
    const result = this.traffic.apply(delta);
    this.setNow(now);
    if (result.kind !== 'merged') {
      return result.kind === 'missed' ? 'gap' : 'stale';
    }
    this.version++;
    // Names, passive devices and neighbours change nodes: the graph is built again.
    const { dnsNames, devices, neighbours } = delta;
    const { dropped } = this.traffic;
    const patched =
      dnsNames.length + devices.length + neighbours.length === 0 &&
      this.network?.apply({
        conversations,
        hosts,
        droppedConversations: dropped.conversations,
        droppedHosts: dropped.hosts,
        now,
      });
    if (!patched) this.network = undefined;
    return 'applied';
  }

  /** The host's time now, ms since the Unix epoch. */
  now(): number {
    return this.hostNow + (performance.now() - this.receivedAt);
  }

  /**
   * Re-judges which of a graph's nodes were not seen recently, at the host's time now (a graph
   * kept for the ticks to patch was judged at its last tick); whether any changed.
   */
  restale(graph: TopologyGraph): boolean {
    return markStale(graph.nodes, this.now() - DEFAULT_STALE_AFTER_MS);
  }

  /** The network graph as the ticks since its build left it, if it is still good. */
  patched(layout: TopologyLayoutKind): TopologyGraph | undefined {
    return layout === 'network' ? this.network?.graph : undefined;
  }

  /**
   * A graph built (here or in the layout worker) from `inputs()` taken at `version`: a network
   * graph built from what is still the state is kept, for the next ticks to patch.
   */
  adopt(graph: TopologyGraph, version: number): TopologyGraph {
    if (graph.layout === 'network' && version === this.version) {
      this.book ??= addressBook({ devices: this.devices, hops: [], now: this.now() });
      this.network = new NetworkGraphUpdater(graph, this.book, this.traffic.conversations.values());
    }
    return graph;
  }

  /** What a graph is built from, its rows as arrays (so they can be posted to a worker). */
  inputs(): TopologyInputs {
    const state = this.traffic;
    const traffic: TopologyTraffic | undefined = state.source
      ? {
          hosts: [...state.hosts.values()],
          conversations: [...state.conversations.values()],
          flows: [...state.flows.values()],
          dnsNames: [...state.dnsNames.values()],
          neighbours: [...state.neighbours.values()],
          devices: [...state.passive.values()],
        }
      : undefined;
    return { devices: this.devices, traffic, hops: this.hops, now: this.now() };
  }

  private setNow(now: number): void {
    this.hostNow = now;
    this.receivedAt = performance.now();
  }
}

/**
 * Each row of a tick beside the row it replaces: an earlier row of the same tick, else the state's
 * unless the tick removes it first (then the row is new).
 */
function replaced<T extends HostTraffic | IpConversation>(
  rows: readonly T[],
  held: ReadonlyMap<string, T>,
  keyOf: (row: T) => string,
  removed: readonly string[],
): Replaced<T>[] {
  const seen = new Map<string, T | undefined>(removed.map((key) => [key, undefined]));
  return rows.map((after) => {
    const key = keyOf(after);
    const before = seen.has(key) ? seen.get(key) : held.get(key);
    seen.set(key, after);
    return before ? { before, after } : { after };
  });
}
