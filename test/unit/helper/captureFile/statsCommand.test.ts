import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../../src/helper/cli/commands';
import { createPcapFile } from '../../../../src/helper/capture/pcapWriter';
import type { TrafficSnapshot } from '../../../../src/shared/model/traffic';
import { neighbourFrames } from '../../../fixtures/neighbourFrames';
import { ipFrame } from '../../../fixtures/testFrames';

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (text) => out.push(text), err: (text) => err.push(text) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('lanlens stats', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-stats-'));
  const file = path.join(dir, 'two.pcap');

  before(() => {
    const writer = createPcapFile(file, { linkType: 1 });
    const frames = [
      ipFrame({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 'udp', sport: 4000, dport: 4001, payload: 10 }),
      ipFrame({ src: '10.0.0.2', dst: '10.0.0.1', protocol: 'udp', sport: 4001, dport: 4000, payload: 30 }),
      ipFrame({ src: 'fd00::1', dst: 'fd00::2', protocol: 'tcp', sport: 5000, dport: 5001, flags: 0x02 }),
    ];
    frames.forEach((frame, i) => writer.write(1_700_000_000, i * 1000, frame, 0, frame.length));
    writer.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the tables tshark prints, as aligned text', async () => {
    const result = await cli('stats', file);
    assert.equal(result.code, 0, result.err);
    assert.match(result.out, /3 packets/);
    for (const heading of [
      'Protocol hierarchy',
      'IPv4 conversations (1)',
      'IPv6 conversations (1)',
      'IPv4 endpoints',
      'IPv6 endpoints',
      'Top talkers',
      'TCP conversations (1)',
      'UDP conversations (1)',
      'DNS names (0)',
    ]) {
      assert.ok(result.out.includes(heading), heading);
    }
    assert.match(result.out, /10\.0\.0\.1\s+10\.0\.0\.2\s+1\s+52\s+1\s+72\s+2\s+124/);
    assert.match(result.out, /\[fd00::1\]:5000\s+\[fd00::2\]:5001/);
  });

  it('prints the snapshot as JSON with --json', async () => {
    const result = await cli('stats', file, '--json');
    assert.equal(result.code, 0);
    const snapshot = JSON.parse(result.out) as TrafficSnapshot;
    assert.equal(snapshot.counters.packets, 3);
    assert.equal(snapshot.flows.length, 2);
    assert.equal(snapshot.recent.length, 3);
  });

  it('counts a file cut short up to the damage and warns with its offset', async () => {
    const cut = path.join(dir, 'cut.pcap');
    writeFileSync(cut, readFileSync(file).subarray(0, -5));
    const result = await cli('stats', cut);
    assert.equal(result.code, 0);
    assert.match(result.out, /2 packets/);
    assert.match(result.err, /warning: .*truncated packet record at offset \d+.*the 2 packets before it are counted/);
  });

  it('prints the LLDP/CDP neighbours, control characters and all made harmless, and carries them in --json', async () => {
    const neighbours = path.join(dir, 'neighbours.pcap');
    const writer = createPcapFile(neighbours, { linkType: 1 });
    neighbourFrames.forEach((each, i) => writer.write(1_700_000_000 + i, 0, each.bytes, 0, each.bytes.length));
    writer.close();
    const result = await cli('stats', neighbours);
    assert.ok(result.out.includes(`LLDP/CDP neighbours (${neighbourFrames.length})`), result.out);
    assert.match(
      result.out,
      /LLDP\s+02:00:00:00:00:99\s+ge-0\/0\/1\s+switch1\s+Juniper switch\s+Bridge\s+10\.0\.0\.254, fd00::fe\s+100\s+120/,
    );
    assert.match(result.out, /CDP\s+router1\s+GigabitEthernet0\/1\s+-\s+Cisco IOS Software, C2960 Software Copyright/);
    const json = JSON.parse((await cli('stats', neighbours, '--json')).out) as TrafficSnapshot;
    assert.deepEqual(json.neighbours.map((row) => `${row.protocol} ${row.chassisId} ${row.portId}`).sort(), [
      'cdp ap<img src=x> Gi0',
      'cdp router1 GigabitEthernet0/1',
      'cdp sw2 Fa0/2',
      'lldp 02:00:00:00:00:99 02:00:00:00:00:99',
      'lldp 02:00:00:00:00:99 ge-0/0/1',
      'lldp 10.1.2.3 17',
      'lldp cc pc',
    ]);
  });

  const bad: [string[], RegExp][] = [
    [['stats'], /stats takes one capture file, got 0/],
    [['stats', 'a.pcap', 'b.pcap'], /got 2/],
    [['stats', '/nonexistent/x.pcap'], /cannot open \/nonexistent\/x.pcap: no such file/],
    [['stats', __filename], /not a pcap or pcapng file at offset 0/],
  ];
  for (const [args, message] of bad) {
    it(`lanlens ${args.join(' ')} → exit 2`, async () => {
      const result = await cli(...args);
      assert.equal(result.code, 2);
      assert.match(result.err, message);
      assert.equal(result.out, '');
    });
  }
});

describe('lanlens stats piped into a reader that stops early', () => {
  const repoRoot = path.resolve(__dirname, '../../../..');
  const cliPath = path.join(repoRoot, 'bin/lanlens.js');
  const built = existsSync(path.join(repoRoot, 'dist/lanlens-stats.js'));
  const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-epipe-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits quietly when the pipe closes (as `| head` does)', { skip: !built && 'dist/ is not built' }, async () => {
    // Thousands of conversations: a report far larger than a pipe's buffer.
    const file = path.join(dir, 'many.pcap');
    const writer = createPcapFile(file, { linkType: 1 });
    for (let i = 0; i < 4000; i++) {
      const frame = ipFrame({
        src: `10.1.${i >> 8}.${i & 255}`,
        dst: '10.2.0.1',
        protocol: 'udp',
        sport: 4000,
        dport: 53,
      });
      writer.write(1_700_000_000, i, frame, 0, frame.length);
    }
    writer.close();
    const child = spawn(process.execPath, [cliPath, 'stats', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Read one chunk, then go away.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /EPIPE|Error/);
  });
});
