// The topology model against a lab whose shape is known: a scanner namespace with a default
// gateway, a router forwarding to a second subnet (its hosts two hops away), Debian's lldpd on the
// bridge, and traffic between hosts recorded by tcpdump on the bridge. `lanlens topology` runs in
// the scanner's namespace with --traceroute and the recording; its graph must be the lab: the
// gateway, the router, the hop-2 hosts, the LLDP neighbour with its name and port, and one traffic
// edge per IP conversation tshark counts (`-z conv,ip`), with its exact bytes each way. The
// helper's topology/trace, which the view's Trace Hops asks for, finds the hop-2 hosts behind the
// router. Without --traceroute the hop-2 hosts are placed by the TTL their packets arrived with.
// Subnets 10.213.70.0/24 and 10.213.71.0/24 (see test/lab/lab.ts); the lab goes also when a test
// fails.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { HopRecord, TopologyGraph } from '../../src/shared/topology/topologyModel';
import { TraceRequest } from '../../src/shared/helperProtocol';
import { startBackground } from '../lab/background';
import { lanlens } from '../lab/cli';
import { startHelper } from '../lab/helperConnection';
import { runOk } from '../lab/exec';
import { labSkipReason } from '../lab/lab';
import type { TopologyLab } from '../lab/topologyLab';
import { createTopologyLab } from '../lab/topologyLab';
import { missingTool } from '../lab/tsharkOracle';
import { tsharkDirectedBytes, tsharkStats } from '../lab/tsharkStats';

const skip = labSkipReason() ?? missingTool('tshark') ?? missingTool('lldpd') ?? missingTool('tcpdump');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type Printed = TopologyGraph & { hops: HopRecord[] };

describe('lanlens topology on a lab with a router, a second subnet and lldpd', { skip, timeout: 240_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-topology-'));
  const file = path.join(dir, 'bridge.pcap');
  let lab: TopologyLab | undefined;
  let graph: Printed;
  let passive: Printed;

  before(async () => {
    lab = await createTopologyLab('topo', 70, 71);
    const { scanner, host, lldp, far } = lab;
    const tcpdump = startBackground('tcpdump', ['-i', lab.lab.bridge, '-U', '-n', '-w', file]);
    try {
      await tcpdump.waitFor(/listening on/);
      const ping = (ns: string, ip: string, count: number) =>
        runOk('ip', ['netns', 'exec', ns, 'busybox', 'ping', '-c', String(count), '-W', '1', ip], {
          timeoutMs: 15_000,
        });
      await ping(scanner.namespace, far[0].ip, 3);
      await ping(scanner.namespace, far[1].ip, 1);
      await ping(host.namespace, lldp.ip, 2);
      await sleep(2500); // lldpd announces every second
    } finally {
      await tcpdump.stop('SIGINT');
    }
    const run = async (extra: string[]) => {
      const args = ['topology', lab!.cidrA, lab!.cidrB, '--read', file, '--json', '--no-resolve', ...extra];
      const result = await lanlens(args, { namespace: scanner.namespace, timeoutMs: 120_000 });
      assert.equal(result.code, 0, result.stderr);
      return JSON.parse(result.stdout) as Printed;
    };
    graph = await run(['--traceroute']);
    passive = await run([]);
  });

  after(async () => {
    await lab?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const node = (g: TopologyGraph, id: string) => {
    const found = g.nodes.find((candidate) => candidate.id === id);
    assert.ok(found, `node ${id} among ${g.nodes.map((n) => n.id).join(', ')}`);
    return found;
  };
  const edge = (g: TopologyGraph, a: string, b: string) => {
    const found = g.edges.find((e) => (e.source === a && e.target === b) || (e.source === b && e.target === a));
    assert.ok(found, `edge ${a}–${b} among ${g.edges.map((e) => e.id).join(', ')}`);
    return found;
  };

  it('holds exactly the lab’s hosts, each edge with evidence', () => {
    const { lab: l, cidrB, gateway, router, host, lldp, far } = lab!;
    const expected = [
      'self',
      l.bridgeIp,
      gateway.ip,
      router.ip,
      host.ip,
      lldp.ip,
      router.innerIp,
      ...far.map((f) => f.ip),
    ];
    assert.deepEqual(
      graph.nodes.map((n) => n.id).sort(),
      expected.map((ip) => (ip === 'self' ? ip : `ip:${ip}`)).sort(),
      `nodes of ${lab!.cidrA} and ${cidrB}`,
    );
    for (const e of graph.edges) assert.ok(e.evidence.length > 0, `${e.id} has evidence`);
    assert.equal(node(graph, 'self').ip, lab!.scanner.ip);
  });

  it('the gateway, and the router with the hop-2 hosts behind it on traceroute edges', () => {
    const { gateway, router, far } = lab!;
    assert.equal(node(graph, `ip:${gateway.ip}`).kind, 'gateway');
    const r = node(graph, `ip:${router.ip}`);
    assert.deepEqual([r.kind, r.hops, r.mac], ['router', 1, router.mac]);
    const toRouter = edge(graph, 'self', r.id)
      .evidence.map((e) => e.kind)
      .sort();
    assert.deepEqual(toRouter, ['same-subnet', 'traceroute']);
    for (const f of far) {
      const n = node(graph, `ip:${f.ip}`);
      assert.deepEqual([n.hops, n.hopSource], [2, 'traceroute'], f.ip);
      assert.deepEqual(
        edge(graph, r.id, n.id).evidence.find((e) => e.kind === 'traceroute'),
        { kind: 'traceroute', detail: 'TTL 1 → 2' },
      );
      const record = graph.hops.find((h) => h.ip === f.ip);
      assert.deepEqual(record?.path, [router.ip], `the path to ${f.ip}`);
    }
  });

  it('the LLDP neighbour with its name and port, heard by this machine', () => {
    const { lldp } = lab!;
    const n = node(graph, `ip:${lldp.ip}`);
    assert.equal(n.label, lldp.systemName);
    assert.equal(n.neighbour?.systemName, lldp.systemName);
    assert.equal(n.neighbour?.portId, lldp.portId);
    assert.deepEqual(
      edge(graph, 'self', n.id).evidence.find((e) => e.kind === 'lldp'),
      { kind: 'lldp', detail: `port ${lldp.portId}` },
    );
  });

  it('one traffic edge per IP conversation tshark counts, with its bytes each way', () => {
    const idOf = (ip: string) => (ip === lab!.scanner.ip ? 'self' : `ip:${ip}`);
    // Multicast and broadcast (IGMP, say) are nobody's conversation partner.
    const peer = (ip: string) => !/^(22[4-9]|23\d)\./.test(ip) && !ip.endsWith('.255');
    const conversations = tsharkStats(file).ipConversations.filter((row) => peer(row.a) && peer(row.b));
    const bytes = tsharkDirectedBytes(file);
    const traffic = graph.edges.filter((e) => e.evidence.some((x) => x.kind === 'traffic'));
    assert.equal(traffic.length, conversations.length, `conversations: ${JSON.stringify(conversations)}`);
    assert.ok(conversations.length >= 3, 'the pings crossed the bridge');
    for (const row of conversations) {
      const e = edge(graph, idOf(row.a), idOf(row.b));
      const forward = e.source === idOf(row.a);
      const aToB = bytes.get(`${row.a}>${row.b}`)?.bytes ?? 0;
      const bToA = bytes.get(`${row.b}>${row.a}`)?.bytes ?? 0;
      assert.deepEqual(
        forward ? [e.bytesOut, e.bytesIn] : [e.bytesIn, e.bytesOut],
        [aToB, bToA],
        `${row.a} ↔ ${row.b}`,
      );
    }
    assert.equal(graph.switchedLan, false, 'the bridge recording shows traffic between other hosts');
  });

  it('Trace Hops (topology/trace, as the view asks the helper) finds each hop-2 host behind the router', async () => {
    const { scanner, router, far } = lab!;
    const helper = await startHelper({ namespace: scanner.namespace });
    try {
      const result = await helper.connection.sendRequest(TraceRequest.type, { targets: far.map((f) => f.ip) });
      assert.deepEqual(
        result.records.map((record) => [record.ip, record.hops, record.source, record.path]).sort(),
        far.map((f) => [f.ip, 2, 'traceroute', [router.ip]]).sort(),
        `${JSON.stringify(result)}\n${helper.stderr}`,
      );
      assert.deepEqual(result.warnings, []);
    } finally {
      await helper.shutdown();
    }
  });

  it('without probes, the hop-2 hosts are placed by the TTL their answers arrived with', () => {
    for (const f of lab!.far) {
      const n = node(passive, `ip:${f.ip}`);
      assert.deepEqual([n.hops, n.hopSource], [2, 'ttl'], f.ip);
    }
    assert.equal(passive.hops.length, 0);
  });
});
