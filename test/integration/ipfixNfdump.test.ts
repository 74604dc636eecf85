// IPFIX export against Debian's nfdump: nfcapd listens on loopback, LAN Lens captures a lab veth
// while TCP, UDP and ICMP over IPv4 and IPv6 pass, and exports its flows to nfcapd (with a 1 s
// active timeout, so long flows arrive in several records). What `nfdump -R` reads back must be the
// capture's own flow table: the same flows each way, the same packets, and the same bytes (IPFIX
// counts IP bytes; the table counts frames, each 14 bytes of Ethernet header more, unpadded on a
// veth). nfcapd must count no sequence error. Once from the CLI, once over the helper protocol.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startBackground } from '../lab/background';
import { cliPath } from '../lab/cli';
import { runSync } from '../lab/exec';
import { startHelper } from '../lab/helperConnection';
import { createIpfixLab, startCollector } from '../lab/ipfixLab';
import type { Collector, IpfixLab, NfdumpRecord } from '../lab/ipfixLab';
import { labSkipReason } from '../lab/lab';
import { CaptureStartRequest, CaptureStopRequest } from '../../src/shared/helperProtocol';
import type { TrafficSnapshot } from '../../src/shared/model/traffic';

const missing = ['nfcapd', 'nfdump', 'iperf3', 'curl', 'python3', 'busybox'].find(
  (tool) => runSync('which', [tool]).code !== 0,
);
const skip = labSkipReason() ?? (missing ? `${missing} is not installed (scripts/setup.sh installs it)` : undefined);
const SUBNET = '10.213.74'; // this suite's own /24
const ETHERNET = 14;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Direction {
  packets: number;
  bytes: number;
  first: number;
  last: number;
  records: number;
}

/** The flow table's directions with packets, by protocol, source and destination. */
function tableDirections(snapshot: TrafficSnapshot): Map<string, Direction> {
  const directions = new Map<string, Direction>();
  for (const flow of snapshot.flows) {
    const ends: [string, number, string, number, number, number][] = [
      [flow.aAddr, flow.aPort, flow.bAddr, flow.bPort, flow.packetsAtoB, flow.bytesAtoB],
      [flow.bAddr, flow.bPort, flow.aAddr, flow.aPort, flow.packetsBtoA, flow.bytesBtoA],
    ];
    for (const [src, sport, dst, dport, packets, bytes] of ends) {
      if (packets === 0) continue;
      const first = Math.round(flow.firstSeen);
      const last = Math.round(flow.lastSeen);
      directions.set(`${flow.ipProtocol} ${src}:${sport} > ${dst}:${dport}`, {
        packets,
        bytes,
        first,
        last,
        records: 0,
      });
    }
  }
  return directions;
}

/** nfdump's records summed by protocol, source and destination. */
function nfdumpDirections(records: NfdumpRecord[]): Map<string, Direction> {
  const directions = new Map<string, Direction>();
  for (const r of records) {
    // nfdump prints no ports for ICMP; LAN Lens's flows of it have none either (0).
    const [sport, dport] = [r.src_port ?? 0, r.dst_port ?? 0];
    const key = `${r.proto} ${r.src4_addr ?? r.src6_addr}:${sport} > ${r.dst4_addr ?? r.dst6_addr}:${dport}`;
    const first = new Date(r.first).getTime();
    const last = new Date(r.last).getTime();
    const known = directions.get(key) ?? { packets: 0, bytes: 0, first, last, records: 0 };
    known.packets += r.in_packets;
    known.bytes += r.in_bytes;
    known.first = Math.min(known.first, first);
    known.last = Math.max(known.last, last);
    known.records++;
    directions.set(key, known);
  }
  return directions;
}

/** Asserts that nfdump read back exactly the flow table; prints the comparison. */
function compare(label: string, snapshot: TrafficSnapshot, records: NfdumpRecord[], nfcapdSummary: string): void {
  const ours = tableDirections(snapshot);
  const theirs = nfdumpDirections(records);
  const total = (map: Map<string, Direction>, field: keyof Direction) =>
    [...map.values()].reduce((sum, d) => sum + d[field], 0);
  const exported = snapshot.counters.ipfix!;
  console.log(
    `# ${label}: nfdump read ${records.length} records of ${theirs.size} flows, ${total(theirs, 'packets')} packets, ${total(theirs, 'bytes')} bytes; ` +
      `LAN Lens's table: ${ours.size} flows, ${total(ours, 'packets')} packets, ${total(ours, 'bytes')} frame bytes ` +
      `(${total(ours, 'bytes') - ETHERNET * total(ours, 'packets')} IP bytes); sent ${exported.records} records in ${exported.messages} messages`,
  );
  assert.equal(exported.errors, 0, exported.lastError);
  assert.equal(exported.dropped, 0);
  assert.equal(records.length, exported.records, 'nfcapd stored every record sent');
  assert.match(nfcapdSummary, new RegExp(`Flows: ${exported.records}, .*Sequence Errors: 0, Bad Packets: 0`));
  assert.ok(ours.size > 20, `too little traffic: ${ours.size} flows`);
  assert.ok(records.length > theirs.size, 'the 1 s active timeout split long flows into several records');
  assert.deepEqual([...theirs.keys()].sort(), [...ours.keys()].sort(), 'the same flows each way');
  for (const [key, mine] of ours) {
    const read = theirs.get(key)!;
    assert.equal(read.packets, mine.packets, `${key}: packets`);
    assert.equal(read.bytes, mine.bytes - ETHERNET * mine.packets, `${key}: bytes`);
    assert.equal(read.first, mine.first, `${key}: first packet`);
    assert.equal(read.last, mine.last, `${key}: last packet`);
  }
  const protocols = new Set(records.map((r) => `${r.proto}${r.src6_addr ? 'v6' : 'v4'}`));
  for (const expected of ['6v4', '17v6', '1v4', '58v6'])
    assert.ok(protocols.has(expected), `${expected} flows exported`);
}

/** Runs `work` with nfcapd listening; nfcapd and its folder are gone afterwards, also when `work` fails. */
async function withCollector(work: (collector: Collector) => Promise<void>): Promise<void> {
  const collector = await startCollector();
  try {
    await work(collector);
  } finally {
    await collector.destroy();
  }
}

describe('IPFIX export to nfdump on a namespace lab', { skip }, () => {
  let lab: IpfixLab | undefined;
  before(async () => {
    lab = await createIpfixLab('ipfix', SUBNET);
  });
  after(async () => {
    await lab?.destroy();
  });

  test(
    'lanlens capture --ipfix: nfdump reads the flows, packets and bytes of LAN Lens own flow table',
    { timeout: 120_000 },
    () =>
      withCollector(async (collector) => {
        const args = [
          'capture',
          '-i',
          lab!.port,
          '--ipfix',
          `127.0.0.1:${collector.port}`,
          '--ipfix-active-timeout',
          '1',
          '--json',
        ];
        const capture = startBackground(process.execPath, [cliPath, ...args]);
        try {
          await capture.waitFor(/capturing on/);
          await lab!.traffic();
          await sleep(1500); // libpcap hands the last packets over within a second
        } finally {
          await capture.stop('SIGINT');
        }
        const result = await capture.exited;
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stderr, /lanlens: IPFIX: [\d,]+ flow records in [\d,]+ messages to 127\.0\.0\.1:\d+\n/);
        const snapshot = JSON.parse(result.stdout) as TrafficSnapshot;
        const { records, summary } = await collector.stop();
        compare('CLI', snapshot, records, summary);
      }),
  );

  test('capture/start with ipfix (what the lanLens.capture.ipfix setting sends): the same', { timeout: 120_000 }, () =>
    withCollector(async (collector) => {
      const helper = await startHelper();
      try {
        const captureId = 'ipfix';
        await helper.connection.sendRequest(CaptureStartRequest.type, {
          captureId,
          interface: lab!.port,
          record: false,
          ipfix: { collector: `127.0.0.1:${collector.port}`, activeTimeoutS: 1 },
        });
        await lab!.traffic();
        await sleep(1500);
        const snapshot = await helper.connection.sendRequest(CaptureStopRequest.type, { captureId });
        const { records, summary } = await collector.stop();
        compare('capture/start', snapshot, records, summary);
      } finally {
        assert.equal(await helper.shutdown(), 0);
      }
    }),
  );
});
