// Application decoding against tshark: the hand-made application frames, and DNS, HTTP, TLS, DHCP…
// traffic recorded in a namespace lab, must give tshark's protocol, fields and Info column packet
// by packet. Needs tshark (and the lab's tools and root for the recorded part).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPcapFile } from '../../src/helper/capture/pcapWriter';
import { appTrafficSkipReason, recordAppTraffic } from '../lab/traffic/appTraffic';
import type { AppTrafficRecording } from '../lab/traffic/appTraffic';
import { missingTool } from '../lab/tsharkOracle';
import { appFrames } from '../fixtures/appFrames';
import { neighbourFrames } from '../fixtures/neighbourFrames';
import { ourAppView, sameInfoExpected, tsharkAppView } from '../lab/tsharkAppOracle';
import type { AppView } from '../lab/tsharkAppOracle';

const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-app-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Compares every packet of `file`; returns both views and the protocols seen. */
function assertSameAsTshark(file: string): { theirs: AppView[]; ours: AppView[] } {
  const theirs = tsharkAppView(file);
  const ours = ourAppView(file);
  assert.equal(ours.length, theirs.length, 'packet count');
  for (let i = 0; i < theirs.length; i++) {
    const where = `packet ${i + 1} of ${path.basename(file)}`;
    assert.equal(ours[i].app, theirs[i].app, `${where}: app protocol`);
    assert.deepEqual(ours[i].fields, theirs[i].fields, `${where}: fields`);
    if (sameInfoExpected(theirs[i])) assert.equal(ours[i].info, theirs[i].info, `${where}: Info column`);
  }
  return { theirs, ours };
}

describe('application decoding agrees with tshark', { skip: missingTool('tshark') }, () => {
  it('on the hand-made application frames', () => {
    const file = path.join(dir, 'app-handmade.pcap');
    const frames = [...appFrames, ...neighbourFrames];
    const writer = createPcapFile(file, { linkType: appFrames[0].linkType });
    frames.forEach((frame, i) => writer.write(1700000000 + i, 0, frame.bytes, 0, frame.bytes.length));
    writer.close();
    const { theirs } = assertSameAsTshark(file);
    assert.deepEqual(
      theirs.map((view) => view.app),
      frames.map((frame) => frame.protocol),
    );
  });
});

describe(
  'application decoding agrees with tshark on traffic recorded in a namespace lab',
  {
    skip: missingTool('tshark') ?? appTrafficSkipReason(),
  },
  () => {
    let recording: AppTrafficRecording;
    before(async () => {
      recording = await recordAppTraffic({ suite: 'appf', bridgeIp: '10.213.50.1', file: path.join(dir, 'lab.pcap') });
    });

    it('same app protocol, fields and Info column per packet', () => {
      const { theirs } = assertSameAsTshark(recording.file);
      const seen = new Set(theirs.map((view) => view.app));
      for (const name of [
        'dns',
        'mdns',
        'llmnr',
        'nbns',
        'http',
        'ssdp',
        'tls',
        'ssh',
        'ftp',
        'smtp',
        'dhcp',
        'ntp',
        'data',
      ]) {
        assert.ok(seen.has(name), `the recording holds ${name}: ${[...seen].join(', ')}`);
      }
    });

    it('the fields the clients sent are there (the comparison is not vacuous)', () => {
      const fields = tsharkAppView(recording.file).map((view) => view.fields);
      const values = (key: string) => new Set(fields.flatMap((f) => (f[key] ? f[key].split('|') : [])));
      for (const name of recording.expected.dnsNames) assert.ok(values('queryName').has(name), name);
      assert.ok(values('host').has(recording.expected.httpHost));
      for (const name of recording.expected.tlsServerNames) assert.ok(values('sni').has(name), name);
      assert.ok(values('dhcpHostname').has(recording.expected.dhcpHostname));
      assert.ok(values('dhcpVendor').has(recording.expected.dhcpVendorClass));
      assert.ok([...values('sshBanner')].some((banner) => banner.startsWith('SSH-2.0-OpenSSH')));
    });
  },
);
