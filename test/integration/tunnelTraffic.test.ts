// Real kernel tunnels against tshark: traffic through VXLAN, GENEVE, GRE, gretap, ip6gre and ERSPAN
// links between two lab namespaces, recorded on the underlay, must give tshark's statistics
// (`lanlens stats`), protocol stacks, tunnel fields and columns. A variant this kernel cannot make
// is skipped with the kernel's own words (`ip link add` fails); MPLS has no lab (see
// mplsSkipReason): the hand-made frames of test/fixtures/tunnelFrames.ts cover what none can.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertStatsAsTshark } from '../lab/statsComparison';
import { ourView, tsharkView } from '../lab/tsharkOracle';
import { ourTunnelView, tsharkTunnelView } from '../lab/tsharkTunnelOracle';
import {
  TUNNEL_VARIANTS,
  createTunnelLab,
  kernelSkipReason,
  mplsSkipReason,
  tunnelLabSkipReason,
} from '../lab/traffic/tunnelTraffic';
import type { TunnelLab } from '../lab/traffic/tunnelTraffic';

const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-tunnels-'));
/** Protocol columns of what both tools decode in this traffic (tshark also names IGMP, MLD…). */
const BOTH_DECODE = new Set(['ARP', 'ICMP', 'ICMPv6', 'TCP', 'UDP', 'HTTP', 'VxLAN', 'Geneve', 'GRE', 'ERSPAN']);
const labSkip = tunnelLabSkipReason();
const variants = TUNNEL_VARIANTS.map((variant, index) => ({
  variant,
  index,
  skip: labSkip ?? kernelSkipReason(variant),
}));
// Said once up front, so a run on a kernel without some tunnel types shows which it could not test.
for (const { variant, skip } of variants) if (skip) console.log(`tunnel lab: ${variant.name} skipped: ${skip}`);

describe('real kernel tunnels: lanlens agrees with tshark on the underlay recording', () => {
  let lab: TunnelLab | undefined;
  before(async () => {
    if (variants.some(({ skip }) => !skip)) lab = await createTunnelLab();
  });
  after(() => {
    lab?.destroy();
    if (process.env.LANLENS_KEEP_PCAPS) console.log(`recordings kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  });

  for (const { variant, index, skip } of variants) {
    it(`${variant.name}: statistics, stacks, tunnel fields and columns`, { skip }, async () => {
      const file = path.join(dir, `${variant.name.replace(/\W+/g, '-')}.pcap`);
      await lab!.record(variant, index, file);
      const tshark = await assertStatsAsTshark(file, variant.name);
      assert.ok(
        tshark.hierarchy.some((line) => line.startsWith(`${variant.path} `)),
        `the recording has ${variant.path}: ${tshark.hierarchy.join(', ')}`,
      );
      const inner = variant.path.slice(0, variant.path.lastIndexOf(':'));
      for (const layers of [`${inner}:tcp:http `, `${inner}:udp:data `]) {
        assert.ok(
          tshark.hierarchy.some((line) => line.startsWith(layers)),
          `the recording has ${layers}: ${tshark.hierarchy.join(', ')}`,
        );
      }
      const theirs = tsharkView(file);
      assert.deepEqual(ourView(file), theirs, 'stacks and ports per packet');
      // Per packet, the tunnel headers' fields, and the columns a tunnel decides: the innermost
      // addresses, and the innermost protocol where it is one both decode (Info also holds what
      // tshark learns across packets, such as "(request in 3)").
      const theirTunnels = tsharkTunnelView(file);
      ourTunnelView(file).forEach((ours, i) => {
        const where = `packet ${i + 1}`;
        assert.deepEqual(ours.fields, theirTunnels[i].fields, `${where}: tunnel fields`);
        assert.equal(ours.addresses, theirTunnels[i].addresses, `${where}: source and destination`);
        if (!ours.truncated && BOTH_DECODE.has(theirTunnels[i].protocol)) {
          assert.equal(ours.protocol, theirTunnels[i].protocol, `${where}: protocol`);
        }
      });
    });
  }

  it('mpls', { skip: mplsSkipReason() }, () => undefined);
});
