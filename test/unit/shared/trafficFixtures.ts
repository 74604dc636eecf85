// Small builders for traffic snapshots, deltas and rows, for the tests of the tick merge and the capture store.
import type {
  CaptureCounters,
  FlowSummary,
  HostTraffic,
  PacketSummary,
  PassiveDevice,
  TrafficDelta,
  TrafficSnapshot,
} from '../../../src/shared/model/traffic';

export function counters(packets = 0, kernelDrops = 0): CaptureCounters {
  return {
    packets,
    bytes: packets * 100,
    kernelDrops,
    interfaceDrops: 0,
    truncated: 0,
    malformed: 0,
    evicted: { flows: 0, hosts: 0, conversations: 0, dnsNames: 0 },
  };
}

export function snapshot(captureId: string, patch: Partial<TrafficSnapshot> = {}): TrafficSnapshot {
  return {
    source: {
      kind: 'live',
      captureId,
      interface: 'llb-x',
      filter: '',
      snaplen: 262144,
      promiscuous: true,
      linkType: 1,
    },
    counters: counters(),
    running: true,
    firstPacketTime: 0,
    lastPacketTime: 0,
    tick: 0,
    flows: [],
    hosts: [],
    conversations: [],
    protocols: [],
    dnsNames: [],
    recent: [],
    rates: [],
    devices: [],
    neighbours: [],
    ...patch,
  };
}

export function delta(captureId: string, tick: number, patch: Partial<TrafficDelta> = {}): TrafficDelta {
  return {
    captureId,
    tick,
    counters: counters(tick * 10),
    running: true,
    lastPacketTime: 0,
    removed: { flows: [], hosts: [], conversations: [] },
    flows: [],
    hosts: [],
    conversations: [],
    protocols: [],
    dnsNames: [],
    recent: [],
    rates: [],
    devices: [],
    neighbours: [],
    ...patch,
  };
}

export function flow(id: string, lastSeen: number, packets = 1): FlowSummary {
  return {
    id,
    transport: 'tcp',
    ipProtocol: 6,
    ipVersion: 4,
    aAddr: '10.0.0.1',
    aPort: 40000,
    bAddr: '10.0.0.2',
    bPort: 80,
    packetsAtoB: packets,
    bytesAtoB: packets * 60,
    packetsBtoA: 0,
    bytesBtoA: 0,
    firstSeen: lastSeen - 1,
    lastSeen,
  };
}

export function host(addr: string, lastSeen: number): HostTraffic {
  return { addr, packetsIn: 1, bytesIn: 60, packetsOut: 0, bytesOut: 0, firstSeen: lastSeen, lastSeen };
}

export function packet(index: number, time = 1000 + index): PacketSummary {
  return {
    index,
    time,
    length: 60,
    capturedLength: 60,
    src: '10.0.0.1',
    dst: '10.0.0.2',
    protocol: 'TCP',
    info: '',
  };
}

export function passive(ip: string, lastSeen: number, patch: Partial<PassiveDevice> = {}): PassiveDevice {
  return { ip, source: 'arp', interface: 'llb-x', lastSeen, ...patch };
}
