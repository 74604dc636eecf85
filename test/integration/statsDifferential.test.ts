import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { createPcapFile } from '../../src/helper/capture/pcapWriter';
import { LinkType } from '../../src/helper/decode/linkType';
import { runOk } from '../lab/exec';
import { createLab, labSkipReason } from '../lab/lab';
import { assertStatsAsTshark, lanlensSnapshot } from '../lab/statsComparison';
import { appTrafficSkipReason, recordAppTraffic } from '../lab/traffic/appTraffic';
import { handMadeFrames } from '../fixtures/handMadeFrames';
import { linkFrames } from '../fixtures/linkFrames';
import { neighbourFrames } from '../fixtures/neighbourFrames';
import { tunnelFrames } from '../fixtures/tunnelFrames';
import { missingTool } from '../lab/tsharkOracle';
import { ipFrame, tcp } from '../fixtures/testFrames';
import type { FrameSpec } from '../fixtures/testFrames';

const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-statsdiff-'));
// LANLENS_KEEP_PCAPS=1 keeps the recordings for a look with Wireshark.
after(() => {
  if (process.env.LANLENS_KEEP_PCAPS) console.log(`recordings kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
});

interface Frame {
  bytes: Buffer;
  /** length on the wire when the frame was cut by the snap length */
  wireLength?: number;
}

function writePcap(name: string, linkType: number, frames: Frame[]): string {
  const file = path.join(dir, name);
  const writer = createPcapFile(file, { linkType });
  frames.forEach((frame, i) =>
    writer.write(
      1_700_000_000 + Math.floor(i / 10),
      (i % 10) * 1e8,
      frame.bytes,
      0,
      frame.bytes.length,
      frame.wireLength,
    ),
  );
  writer.close();
  return file;
}

/** Edge cases for counting: port reuse, a host talking to itself, cut and broken headers, ICMP errors. */
function edgeFrames(): Frame[] {
  const frames: Frame[] = [];
  const push = (spec: FrameSpec) => frames.push({ bytes: ipFrame(spec) });
  // A connection, closed, then the same ports again: tshark starts a second TCP stream.
  for (const round of [0, 1]) {
    push(tcp('10.0.0.1', '10.0.0.2', 40000, 9000, 0x02));
    push(tcp('10.0.0.2', '10.0.0.1', 9000, 40000, 0x12));
    push(tcp('10.0.0.1', '10.0.0.2', 40000, 9000, 0x18, 10 + round));
    push(tcp('10.0.0.1', '10.0.0.2', 40000, 9000, 0x11));
    push(tcp('10.0.0.2', '10.0.0.1', 9000, 40000, 0x11));
  }
  // A reset, and a flow whose start was not captured.
  push(tcp('10.0.0.3', '10.0.0.2', 40001, 9000, 0x02));
  push(tcp('10.0.0.2', '10.0.0.3', 9000, 40001, 0x14));
  push(tcp('10.0.0.4', '10.0.0.2', 40002, 9000, 0x10, 100));
  // A host talking to itself, over UDP and TCP.
  push({ src: '10.0.0.5', dst: '10.0.0.5', protocol: 'udp', sport: 7000, dport: 7000, payload: 3 });
  push(tcp('10.0.0.5', '10.0.0.5', 7001, 7002, 0x02));
  // UDP with no payload, IPv6 TCP and UDP, ICMP echo.
  push({ src: '10.0.0.6', dst: '10.0.0.7', protocol: 'udp', sport: 1, dport: 2 });
  push(tcp('fd00::1', 'fd00::2', 1000, 2000, 0x02));
  push({ src: 'fd00::2', dst: 'fd00::1', protocol: 'udp', sport: 2000, dport: 1000, payload: 5 });
  push({ src: '10.0.0.6', dst: '10.0.0.7', protocol: 'icmp' });
  // Cut by the snap length inside the TCP header, and inside the IP header.
  const long = ipFrame(tcp('10.0.0.8', '10.0.0.9', 5000, 6000, 0x10, 200));
  frames.push({ bytes: long.subarray(0, 14 + 20 + 10), wireLength: long.length });
  frames.push({ bytes: long.subarray(0, 14 + 12), wireLength: long.length });
  frames.push(...bogusHeaderFrames());
  return frames;
}

/** Headers that contradict themselves: tshark stops with a note (no conversation, no `_ws.malformed`). */
function bogusHeaderFrames(): Frame[] {
  const udp = () => ipFrame({ src: '10.0.0.10', dst: '10.0.0.11', protocol: 'udp', sport: 1, dport: 2, payload: 4 });
  const edit = (frame: Buffer, change: (frame: Buffer) => void) => (change(frame), { bytes: frame });
  return [
    // IPv4: a bogus version, a header length below 20, each also with fragment bits; a total length below 20.
    edit(udp(), (f) => (f[14] = 0x55)),
    edit(udp(), (f) => (f[14] = 0x44)),
    edit(udp(), (f) => ((f[14] = 0x55), f.writeUInt16BE(0x2001, 20))),
    edit(udp(), (f) => ((f[14] = 0x44), f.writeUInt16BE(0x2001, 20))),
    edit(udp(), (f) => f.writeUInt16BE(16, 16)),
    // IPv6 with a bogus version; TCP with a header length below 20; UDP with a length below 8.
    edit(
      ipFrame({ src: 'fd00::1', dst: 'fd00::2', protocol: 'udp', sport: 1, dport: 2, payload: 4 }),
      (f) => (f[14] = 0x50),
    ),
    edit(ipFrame(tcp('10.0.0.12', '10.0.0.13', 1, 2, 0x18, 4)), (f) => (f[14 + 20 + 12] = 0x40)),
    edit(udp(), (f) => f.writeUInt16BE(4, 14 + 20 + 4)),
  ];
}

describe('lanlens stats counts as tshark does', { skip: missingTool('tshark') }, () => {
  it("on the decoders' hand-made frames (tunnelled ones too), one file per link type", async () => {
    const all = [...handMadeFrames, ...linkFrames, ...neighbourFrames, ...tunnelFrames];
    for (const linkType of [...new Set(all.map((frame) => frame.linkType))]) {
      const frames = all.filter((frame) => frame.linkType === linkType).map((frame) => ({ bytes: frame.bytes }));
      await assertStatsAsTshark(writePcap(`handmade-${linkType}.pcap`, linkType, frames), `link type ${linkType}`);
    }
  });

  it('on edge cases: port reuse, self talk, resets, IPv6, headers cut by the snap length', async () => {
    await assertStatsAsTshark(writePcap('edges.pcap', LinkType.Ethernet, edgeFrames()), 'edge cases');
  });
});

// The lab: suite `stats`, 10.213.51.0/24 (and IPv6 fd13:51::/64).
const SUITE = 'stats';
const BRIDGE_IP = '10.213.51.1';

/** Waits until a child prints `text` (on stdout or stderr), or fails when it exits first. */
function whenSays(child: ChildProcess, text: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let said = '';
    const listen = (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes(text)) resolve();
    };
    child.stdout?.on('data', listen);
    child.stderr?.on('data', listen);
    child.on('exit', (code) => reject(new Error(`${what} exited ${code}: ${said}`)));
    setTimeout(() => reject(new Error(`${what} did not say "${text}": ${said}`)), 15_000).unref();
  });
}

/** Sends each hex argument after the first (the interface) as one raw frame. */
const SEND_FRAMES = `
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
for frame in sys.argv[2:]:
    s.send(bytes.fromhex(frame))
`;

/** UDP and TCP frames between the two lab hosts, tagged for VLAN 51 (and one double-tagged). */
function vlanFrames(): Buffer[] {
  const tag = (frame: Buffer, tags: number[]) =>
    Buffer.concat([
      frame.subarray(0, 12),
      ...tags.map((id, i) =>
        Buffer.from([i < tags.length - 1 ? 0x88 : 0x81, i < tags.length - 1 ? 0xa8 : 0x00, id >> 8, id & 0xff]),
      ),
      frame.subarray(12),
    ]);
  const macs = { srcMac: '02:13:51:00:00:11' };
  const udp = ipFrame({
    ...macs,
    src: '10.213.51.193',
    dst: '10.213.51.194',
    protocol: 'udp',
    sport: 5100,
    dport: 5101,
    payload: 30,
  });
  const syn = ipFrame({ ...macs, ...tcp('10.213.51.193', '10.213.51.194', 5200, 5201, 0x02) });
  const v6 = ipFrame({
    ...macs,
    src: 'fd13:51::11',
    dst: 'fd13:51::12',
    protocol: 'udp',
    sport: 5300,
    dport: 5301,
    payload: 8,
  });
  return [tag(udp, [51]), tag(udp, [51]), tag(syn, [51]), tag(v6, [51]), tag(udp, [100, 51])];
}

/**
 * Records ICMP and ICMPv6 echoes, neighbour discovery, ARP, TCP and UDP over IPv4 and IPv6,
 * fragmented datagrams, a reset, ICMP errors and VLAN-tagged frames, captured in the first host.
 */
async function recordNetworkTraffic(file: string): Promise<void> {
  const children: ChildProcess[] = [];
  const lab = await createLab({
    suite: SUITE,
    bridgeIp: BRIDGE_IP,
    hosts: [
      { ip: '10.213.51.11', mac: '02:13:51:00:00:11' },
      { ip: '10.213.51.12', mac: '02:13:51:00:00:12' },
    ],
  });
  try {
    const [one, two] = lab.hosts as [(typeof lab.hosts)[0], (typeof lab.hosts)[0]];
    const inside = (namespace: string, ...args: string[]) =>
      runOk('ip', ['netns', 'exec', namespace, ...args], { timeoutMs: 30_000 });
    for (const [host, n] of [
      [one, 11],
      [two, 12],
    ] as const) {
      await inside(host.namespace, 'ip', '-6', 'addr', 'add', `fd13:51::${n}/64`, 'dev', 'eth0', 'nodad');
    }
    const echo = spawn('ip', [
      'netns',
      'exec',
      two.namespace,
      process.execPath,
      path.join(__dirname, '../lab/statsEcho.mjs'),
    ]);
    children.push(echo);
    await whenSays(echo, 'ready', 'statsEcho.mjs');
    const tcpdump = spawn('ip', [
      'netns',
      'exec',
      one.namespace,
      'tcpdump',
      '-Z',
      'root',
      '--immediate-mode',
      '-n',
      '-U',
      '-s',
      '0',
      '-i',
      'eth0',
      '-w',
      file,
    ]);
    children.push(tcpdump);
    await whenSays(tcpdump, 'listening on', 'tcpdump');
    await inside(one.namespace, 'busybox', 'ping', '-c', '2', '-W', '2', '10.213.51.12');
    await inside(one.namespace, 'busybox', 'ping', '-c', '2', '-W', '2', 'fd13:51::12');
    await inside(
      one.namespace,
      process.execPath,
      path.join(__dirname, '../lab/statsTraffic.mjs'),
      '10.213.51.12',
      'fd13:51::12',
    );
    // This kernel may lack 802.1Q interfaces, so tagged frames go out through a packet socket.
    await inside(
      one.namespace,
      'python3',
      '-c',
      SEND_FRAMES,
      'eth0',
      ...vlanFrames().map((frame) => frame.toString('hex')),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await new Promise((resolve) => {
      tcpdump.on('exit', resolve);
      tcpdump.kill('SIGINT');
    });
  } finally {
    for (const child of children) child.kill('SIGKILL');
    lab.destroy();
  }
}

describe('lanlens stats counts as tshark does on traffic recorded in a namespace lab', () => {
  it(
    'application traffic: DNS, HTTP, TLS with SNI, SSH, FTP, SMTP, DHCP, NTP, SSDP, NBNS, mDNS, LLMNR; and the names it learns',
    { skip: missingTool('tshark') ?? appTrafficSkipReason() },
    async () => {
      const file = path.join(dir, 'apps.pcap');
      const recording = await recordAppTraffic({ suite: SUITE, bridgeIp: BRIDGE_IP, file });
      const tshark = await assertStatsAsTshark(file, 'application traffic');
      for (const app of ['dns', 'http', 'tls', 'ssh', 'dhcp']) {
        assert.ok(
          tshark.hierarchy.some((line) => line.includes(`:${app} `)),
          `the recording has ${app}: ${tshark.hierarchy.join(', ')}`,
        );
      }
      const snapshot = await lanlensSnapshot(file);
      const names = snapshot.dnsNames.map((entry) => `${entry.source} ${entry.addr} ${entry.name}`);
      assert.ok(names.includes(`dns ${recording.serverIp} ${recording.expected.httpHost}`), names.join(', '));
      const serverNames = new Set(snapshot.flows.map((flow) => flow.serverName));
      for (const name of recording.expected.tlsServerNames) assert.ok(serverNames.has(name), `SNI ${name}`);
      const dhcp = snapshot.devices.find((device) => device.source === 'dhcp' && device.hostname);
      assert.equal(dhcp?.hostname, recording.expected.dhcpHostname);
      assert.equal(dhcp?.vendorClass, recording.expected.dhcpVendorClass);
      assert.equal(dhcp?.mac, recording.dhcpClientMac);
    },
  );

  it(
    'network traffic: ICMP and ICMPv6, ARP and NDP, IPv6, a VLAN, fragments, resets, ICMP errors',
    { skip: missingTool('tshark') ?? missingTool('tcpdump') ?? missingTool('busybox') ?? labSkipReason() },
    async () => {
      const file = path.join(dir, 'network.pcap');
      await recordNetworkTraffic(file);
      const tshark = await assertStatsAsTshark(file, 'network traffic');
      for (const path of [
        'eth:vlan:ip:tcp',
        'eth:ip:icmp',
        'eth:ipv6:icmpv6',
        'eth:arp',
        'eth:ip:data',
        'eth:ipv6:udp',
      ]) {
        assert.ok(
          tshark.hierarchy.some((line) => line.startsWith(`${path} `)),
          `the recording has ${path}: ${tshark.hierarchy.join(', ')}`,
        );
      }
      const snapshot = await lanlensSnapshot(file);
      const devices = snapshot.devices.map((device) => `${device.source} ${device.ip} ${device.mac}`);
      assert.ok(devices.includes('arp 10.213.51.12 02:13:51:00:00:12'), devices.join(', '));
      assert.ok(devices.includes('ndp fd13:51::12 02:13:51:00:00:12'), devices.join(', '));
    },
  );
});
