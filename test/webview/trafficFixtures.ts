// Synthetic traffic in the shapes the helper sends, for the dashboard's browser test and render
// benchmark: a deterministic snapshot of N flows over M hosts with a ring of recent packets, and
// ticks that touch a realistic share of flows. Some names, server names, Info columns and banners
// are hostile on purpose.
import type {
  BandwidthSample,
  FlowSummary,
  HostTraffic,
  PacketSummary,
  ProtocolNode,
  TrafficDelta,
  TrafficSnapshot,
} from '../../src/shared/model/traffic';

/** The strings the view must show as text. */
export const hostile = {
  hostName: '<img src=x onerror=alert(1)>',
  serverName: '"><script>alert(2)</script>',
  httpPath: 'GET /<img src=x onerror=alert(3)>?q=<b>bold</b> HTTP/1.1',
  banner: 'SSH-2.0-<svg onload=alert(4)>',
  dnsName: "evil.lan'><iframe src=javascript:alert(5)>",
};

/** Deterministic pseudo-random numbers (mulberry32). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const apps = [
  { transport: 'tcp', port: 443, app: 'tls', protocol: 'TLSv1.3', path: 'eth:ethertype:ip:tcp:tls' },
  { transport: 'tcp', port: 80, app: 'http', protocol: 'HTTP', path: 'eth:ethertype:ip:tcp:http' },
  { transport: 'udp', port: 53, app: 'dns', protocol: 'DNS', path: 'eth:ethertype:ip:udp:dns' },
  { transport: 'tcp', port: 22, app: 'ssh', protocol: 'SSHv2', path: 'eth:ethertype:ip:tcp:ssh' },
  { transport: 'udp', port: 443, app: 'quic', protocol: 'QUIC', path: 'eth:ethertype:ip:udp:quic' },
  { transport: 'udp', port: 5353, app: 'mdns', protocol: 'MDNS', path: 'eth:ethertype:ip:udp:mdns' },
] as const;

export interface SyntheticOptions {
  flows: number;
  hosts: number;
  /** packets in the recent ring */
  packets: number;
  /** ms since the epoch of the newest packet */
  now: number;
  seed?: number;
  captureId?: string;
}

/** The hosts' addresses: 10.213.77.x and then 10.213.78.x… (never routed anywhere: only text here). */
export function hostAddr(i: number): string {
  return `10.213.${77 + Math.floor(i / 250)}.${(i % 250) + 1}`;
}

/** A synthetic capture, as `capture/snapshot` would answer it after running a while. */
export function syntheticSnapshot(options: SyntheticOptions): TrafficSnapshot {
  const rnd = random(options.seed ?? 1);
  const { now } = options;
  const flows: FlowSummary[] = [];
  for (let i = 0; i < options.flows; i++) {
    const app = apps[i % apps.length];
    const a = Math.floor(rnd() * options.hosts);
    const b = (a + 1 + Math.floor(rnd() * (options.hosts - 1))) % options.hosts;
    const firstSeen = now - 300_000 + rnd() * 250_000;
    flows.push({
      id: `f${i}`,
      transport: app.transport,
      ipProtocol: app.transport === 'tcp' ? 6 : 17,
      ipVersion: 4,
      aAddr: hostAddr(a),
      aPort: 32768 + (i % 28000),
      bAddr: hostAddr(b),
      bPort: app.port,
      app: app.app,
      serverName: i === 3 ? hostile.serverName : i % 7 === 0 ? `service-${i}.example.lan` : undefined,
      packetsAtoB: 1 + Math.floor(rnd() * 500),
      bytesAtoB: 60 + Math.floor(rnd() * 400_000),
      packetsBtoA: Math.floor(rnd() * 800),
      bytesBtoA: Math.floor(rnd() * 2_000_000),
      firstSeen,
      lastSeen: firstSeen + rnd() * (now - firstSeen),
      tcpState: app.transport === 'tcp' ? (i % 11 === 0 ? 'reset' : 'established') : undefined,
    });
  }
  const hosts = new Map<string, HostTraffic>();
  for (let i = 0; i < options.hosts; i++) {
    hosts.set(hostAddr(i), {
      addr: hostAddr(i),
      mac: `02:00:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`,
      name: i === 0 ? hostile.hostName : undefined,
      packetsIn: 0,
      bytesIn: 0,
      packetsOut: 0,
      bytesOut: 0,
      firstSeen: now - 300_000,
      lastSeen: now,
    });
  }
  for (const flow of flows) addFlowToHosts(hosts, flow, 1);
  const recent: PacketSummary[] = [];
  for (let i = 0; i < options.packets; i++) recent.push(packet(rnd, flows, i + 1, now - (options.packets - i) * 3));
  const protocols = protocolNodes(flows);
  const root = protocols.find((node) => node.path === 'eth')!;
  return {
    source: {
      kind: 'live',
      captureId: options.captureId ?? 'cap-1',
      interface: 'llb-webview',
      filter: '',
      snaplen: 262144,
      promiscuous: true,
      linkType: 1,
    },
    counters: {
      packets: root.frames,
      bytes: root.bytes,
      kernelDrops: 12,
      interfaceDrops: 3,
      truncated: 0,
      malformed: 1,
      evicted: { flows: 40, hosts: 0, conversations: 0, dnsNames: 0 },
    },
    running: true,
    firstPacketTime: now - 300_000,
    lastPacketTime: now,
    tick: 300,
    flows,
    hosts: [...hosts.values()],
    conversations: [],
    protocols,
    dnsNames: [
      { addr: hostAddr(1), name: hostile.dnsName, source: 'dns', lastSeen: now },
      { addr: hostAddr(2), name: 'printer.lab', source: 'mdns', lastSeen: now },
    ],
    recent,
    rates: Array.from({ length: 300 }, (_, i) => ({
      time: now - (300 - i) * 1000,
      durationMs: 1000,
      packets: 800 + Math.floor(rnd() * 400),
      bytes: 400_000 + Math.floor(rnd() * 600_000),
    })),
    devices: [],
  };
}

function addFlowToHosts(hosts: Map<string, HostTraffic>, flow: FlowSummary, sign: number): void {
  const a = hosts.get(flow.aAddr);
  const b = hosts.get(flow.bAddr);
  if (a) {
    a.packetsOut += sign * flow.packetsAtoB;
    a.bytesOut += sign * flow.bytesAtoB;
    a.packetsIn += sign * flow.packetsBtoA;
    a.bytesIn += sign * flow.bytesBtoA;
  }
  if (b) {
    b.packetsIn += sign * flow.packetsAtoB;
    b.bytesIn += sign * flow.bytesAtoB;
    b.packetsOut += sign * flow.packetsBtoA;
    b.bytesOut += sign * flow.bytesBtoA;
  }
}

function packet(rnd: () => number, flows: FlowSummary[], index: number, time: number): PacketSummary {
  const flow = flows[Math.floor(rnd() * flows.length)];
  const app = apps.find((candidate) => candidate.app === flow.app) ?? apps[0];
  const forward = rnd() < 0.5;
  const info =
    index % 97 === 0
      ? hostile.httpPath
      : index % 89 === 0
        ? `Server: Protocol (${hostile.banner})`
        : app.app === 'dns'
          ? `Standard query 0x${(index & 0xffff).toString(16)} A host-${index % 50}.lab`
          : `${flow.aPort} → ${flow.bPort} [ACK] Seq=${index} Len=${Math.floor(rnd() * 1400)}`;
  return {
    index,
    time,
    length: 60 + Math.floor(rnd() * 1454),
    capturedLength: 60 + Math.floor(rnd() * 1454),
    src: forward ? flow.aAddr : flow.bAddr,
    dst: forward ? flow.bAddr : flow.aAddr,
    srcPort: forward ? flow.aPort : flow.bPort,
    dstPort: forward ? flow.bPort : flow.aPort,
    protocol: index % 97 === 0 ? 'HTTP' : index % 89 === 0 ? 'SSH' : app.protocol,
    info,
    flowId: flow.id,
  };
}

/** tshark-style hierarchy of the flows' bytes (frames approximated by packets). */
function protocolNodes(flows: FlowSummary[]): ProtocolNode[] {
  const nodes = new Map<string, ProtocolNode>();
  for (const flow of flows) {
    const app = apps.find((candidate) => candidate.app === flow.app) ?? apps[0];
    const segments = app.path.split(':');
    for (let depth = 1; depth <= segments.length; depth++) {
      const path = segments.slice(0, depth).join(':');
      const node = nodes.get(path) ?? { path, frames: 0, bytes: 0 };
      node.frames += flow.packetsAtoB + flow.packetsBtoA;
      node.bytes += flow.bytesAtoB + flow.bytesBtoA;
      nodes.set(path, node);
    }
  }
  return [...nodes.values()];
}

/**
 * One tick after `snapshot`: `share` of the flows gain traffic (their hosts' totals follow),
 * `packetsPerTick` new packets arrive, one rate sample. Mutates `snapshot` so the next tick builds
 * on it.
 */
export function syntheticTick(
  snapshot: TrafficSnapshot,
  tick: number,
  options: { share: number; packetsPerTick: number; seed?: number },
): TrafficDelta {
  const rnd = random((options.seed ?? 7) + tick);
  const time = snapshot.lastPacketTime + 1000;
  const hosts = new Map(snapshot.hosts.map((host) => [host.addr, host]));
  const touched = new Set<string>();
  const changed: FlowSummary[] = [];
  const count = Math.round(snapshot.flows.length * options.share);
  for (let i = 0; i < count; i++) {
    const index = Math.floor(rnd() * snapshot.flows.length);
    const old = snapshot.flows[index];
    const flow = {
      ...old,
      packetsAtoB: old.packetsAtoB + 2,
      bytesAtoB: old.bytesAtoB + Math.floor(rnd() * 3000),
      packetsBtoA: old.packetsBtoA + 3,
      bytesBtoA: old.bytesBtoA + Math.floor(rnd() * 9000),
      lastSeen: time,
    };
    addFlowToHosts(hosts, old, -1);
    addFlowToHosts(hosts, flow, 1);
    snapshot.flows[index] = flow;
    changed.push(flow);
    touched.add(flow.aAddr).add(flow.bAddr);
  }
  const recent: PacketSummary[] = [];
  const last = snapshot.recent[snapshot.recent.length - 1]?.index ?? 0;
  for (let i = 0; i < options.packetsPerTick; i++) {
    recent.push(packet(rnd, snapshot.flows, last + i + 1, time - 1000 + (i * 1000) / options.packetsPerTick));
  }
  snapshot.recent.push(...recent);
  snapshot.recent.splice(0, Math.max(0, snapshot.recent.length - 10_000));
  snapshot.lastPacketTime = time;
  snapshot.tick = tick;
  snapshot.counters = { ...snapshot.counters, packets: snapshot.counters.packets + recent.length };
  const rate = {
    time: time - 1000,
    durationMs: 1000,
    packets: recent.length,
    bytes: recent.reduce((s, p) => s + p.length, 0),
  };
  snapshot.rates.push(rate);
  snapshot.rates.splice(0, Math.max(0, snapshot.rates.length - 300));
  return {
    captureId: snapshot.source.kind === 'live' ? snapshot.source.captureId : '',
    tick,
    counters: snapshot.counters,
    running: true,
    lastPacketTime: time,
    removed: { flows: [], hosts: [], conversations: [] },
    flows: changed,
    hosts: [...touched].map((addr) => ({ ...hosts.get(addr)!, lastSeen: time })),
    conversations: [],
    protocols: tick % 5 === 0 ? protocolNodes(snapshot.flows) : [],
    dnsNames: [],
    recent,
    rates: [rate],
    devices: [],
  };
}

/** A bandwidth reading of two interfaces at `time`. */
export function syntheticBandwidth(time: number, seed: number): BandwidthSample {
  const rnd = random(seed);
  return {
    time,
    interfaces: [
      {
        interface: 'llb-webview',
        rxBytesPerSecond: 600_000 + rnd() * 400_000 + 400_000 * Math.sin(time / 20_000),
        txBytesPerSecond: 50_000 + rnd() * 200_000,
        rxTotalBytes: time / 10,
        txTotalBytes: time / 40,
      },
      {
        interface: 'lo',
        rxBytesPerSecond: 1000 + rnd() * 5000,
        txBytesPerSecond: 1000 + rnd() * 5000,
        rxTotalBytes: 0,
        txTotalBytes: 0,
      },
    ],
  };
}

/** Five minutes of readings up to `now`. */
export function bandwidthHistory(now: number): BandwidthSample[] {
  return Array.from({ length: 300 }, (_, i) => syntheticBandwidth(now - (299 - i) * 1000, i + 1));
}
