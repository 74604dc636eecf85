// LLDP and CDP as real software sends them: Debian's lldpd, in a namespace of the lab, announces
// itself every second (LLDP, and CDPv2 forced) to the lab's bridge. `lanlens capture` on the
// bridge records the traffic and prints its snapshot; tshark reads the same recording. The
// decoded fields, Info columns and statistics must be tshark's, and the neighbour table must hold
// what lldpd announced. lldpd runs in the foreground as a child of the test, and the lab (with
// anything left running in it) is removed afterwards, also when the test fails.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LinkNeighbour, TrafficSnapshot } from '../../src/shared/model/traffic';
import { startBackground } from '../lab/background';
import type { Background } from '../lab/background';
import { cliPath } from '../lab/cli';
import { runOk } from '../lab/exec';
import { createLab, labSkipReason } from '../lab/lab';
import type { Lab } from '../lab/lab';
import { assertStatsAsTshark, lanlensSnapshot } from '../lab/statsComparison';
import { ourAppView, sameInfoExpected, tsharkAppView } from '../lab/tsharkAppOracle';
import { missingTool } from '../lab/tsharkOracle';

const SUITE = 'lldp';
const BRIDGE_IP = '10.213.57.1'; // this suite's own /24
const HOST = { ip: '10.213.57.11', mac: '02:13:57:00:00:11' };
const NAME = 'lanlens-lab';
const DESCRIPTION = 'LAN Lens lab <img src=x>';
/** lldpcli commands lldpd runs at start: names, a 1 s interval (hold 4: TTL 4 s), a port description */
const CONFIG = `configure system hostname ${NAME}
configure system description "${DESCRIPTION}"
configure lldp tx-interval 1
configure ports eth0 lldp portdescription "lab uplink"
`;

const skip = labSkipReason() ?? missingTool('tshark') ?? missingTool('lldpd');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('LLDP and CDP neighbours announced by lldpd in a namespace lab', { skip }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-lldp-'));
  const file = path.join(dir, 'neighbours.pcap');
  let lab: Lab | undefined;
  let snapshot: TrafficSnapshot;

  before(async () => {
    lab = await createLab({ suite: SUITE, bridgeIp: BRIDGE_IP, hosts: [HOST] });
    // A bridge keeps LLDP's group address (01:80:c2:00:00:0e) to itself unless told to pass it on
    // (bit 14 of the group forwarding mask): then the bridge interface sees it, as a NIC would.
    writeFileSync(`/sys/class/net/${lab.bridge}/bridge/group_fwd_mask`, '16384');
    // lldpd drops to its own user, whose lldpcli must reach the socket and read the configuration.
    chmodSync(dir, 0o755);
    writeFileSync(path.join(dir, 'lldpd.conf'), CONFIG, { mode: 0o644 });
    let lldpd: Background | undefined;
    const capture = startBackground(process.execPath, [
      cliPath,
      'capture',
      '-i',
      lab.bridge,
      '-w',
      file,
      '--duration',
      '7',
      '--json',
    ]);
    try {
      await capture.waitFor(/capturing on/);
      // -l and -ccc: LLDP, CDPv1 and CDPv2 sent without waiting for a peer; -d: in the foreground.
      lldpd = startBackground('ip', [
        'netns',
        'exec',
        lab.hosts[0].namespace,
        'lldpd',
        '-d',
        '-l',
        '-ccc',
        '-I',
        'eth0',
        '-m',
        HOST.ip,
        '-u',
        path.join(dir, 'lldpd.socket'),
        '-O',
        path.join(dir, 'lldpd.conf'),
      ]);
      await sleep(4500);
      // On SIGTERM lldpd says goodbye: an LLDPDU with TTL 0, which the capture still sees.
      await lldpd.stop('SIGTERM');
      const result = await capture.exited;
      assert.equal(result.code, 0, result.stderr);
      snapshot = JSON.parse(result.stdout) as TrafficSnapshot;
    } finally {
      if (lldpd) await lldpd.stop('SIGKILL').catch(() => undefined);
      await capture.stop('SIGKILL').catch(() => undefined);
    }
  });

  after(() => {
    lab?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('LLDP and CDP decode per packet as tshark does: fields and Info', () => {
    const theirs = tsharkAppView(file);
    const ours = ourAppView(file);
    assert.equal(ours.length, theirs.length, 'packet count');
    for (let i = 0; i < theirs.length; i++) {
      assert.equal(ours[i].app, theirs[i].app, `packet ${i + 1}: protocol`);
      assert.deepEqual(ours[i].fields, theirs[i].fields, `packet ${i + 1}: fields`);
      if (sameInfoExpected(theirs[i])) assert.equal(ours[i].info, theirs[i].info, `packet ${i + 1}: Info`);
    }
    const count = (app: string) => theirs.filter((view) => view.app === app).length;
    assert.ok(count('lldp') >= 3 && count('cdp') >= 3, `lldp ${count('lldp')}, cdp ${count('cdp')}`);
    assert.ok(
      theirs.some((view) => view.fields.lldpSystemDescription === DESCRIPTION),
      'the recording holds the description lldpd was given',
    );
  });

  it('lanlens stats counts the recording as tshark does', async () => {
    const tshark = await assertStatsAsTshark(file, 'lldpd recording');
    for (const path of ['eth:lldp', 'eth:llc:cdp']) {
      assert.ok(
        tshark.hierarchy.some((line) => line.startsWith(`${path} `)),
        `${path}: ${tshark.hierarchy.join(', ')}`,
      );
    }
  });

  it('the live capture and the recording hold lldpd as an LLDP and a CDP neighbour', async () => {
    const fromFile = await lanlensSnapshot(file);
    const ids = (rows: LinkNeighbour[]) => rows.map((row) => `${row.protocol} ${row.chassisId} ${row.portId}`).sort();
    assert.deepEqual(ids(snapshot.neighbours), ids(fromFile.neighbours));
    assert.deepEqual(ids(snapshot.neighbours), [`cdp ${NAME} lab uplink`, `lldp ${HOST.mac} ${HOST.mac}`]);
    const lldp = snapshot.neighbours.find((row) => row.protocol === 'lldp')!;
    assert.equal(lldp.chassisIdType, 'mac');
    assert.equal(lldp.systemName, NAME);
    assert.equal(lldp.systemDescription, DESCRIPTION);
    assert.equal(lldp.portDescription, 'lab uplink');
    assert.ok(lldp.managementAddresses.includes(HOST.ip), lldp.managementAddresses.join(', '));
    assert.equal(lldp.sourceMac, HOST.mac);
    assert.equal(lldp.interface, lab!.bridge);
    assert.equal(lldp.ttl, 0, 'the last LLDPDU was the shutdown one');
    assert.ok(lldp.lastSeen > lldp.firstSeen, 'heard more than once');
    const cdp = snapshot.neighbours.find((row) => row.protocol === 'cdp')!;
    assert.ok(cdp.managementAddresses.includes(HOST.ip), cdp.managementAddresses.join(', '));
    assert.equal(cdp.systemDescription, DESCRIPTION);
    assert.ok(cdp.platform, 'lldpd sends a platform');
    // tshark's view of the last CDP message, field by field
    const last = tsharkAppView(file)
      .filter((view) => view.app === 'cdp')
      .pop()!;
    assert.equal(cdp.platform, last.fields.cdpPlatform);
    assert.equal(String(cdp.ttl), last.fields.cdpTtl);
    const stats = await runOk(process.execPath, [cliPath, 'stats', file]);
    assert.match(stats.stdout, /LLDP\/CDP neighbours \(2\)/);
    assert.match(stats.stdout, new RegExp(`CDP\\s+${NAME}\\s+lab uplink`));
  });
});
