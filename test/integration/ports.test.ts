// `lanlens ports` on a namespace lab against nmap on the same lab, port by port: SYN vs nmap -sS,
// connect (as root and as nobody) vs nmap -sT, UDP vs nmap -sU. The lab has listeners on unusual
// ports, a host that drops all IP, ports an nft rule drops (filtered), rejects with a TCP reset
// (closed) or with ICMP admin-prohibited (filtered), a dnsmasq DNS and a UDP echo (open), closed
// UDP ports (ICMP port unreachable) and an address nobody holds (down). Bad input fails first.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import type { PortScanResult } from '../../src/shared/model/ports';
import { lanlens, lanlensAsNobody, unprivilegedSuite } from '../lab/cli';
import type { RunResult } from '../lab/exec';
import { run, runOk } from '../lab/exec';
import type { Lab } from '../lab/lab';
import { createLab, labSkipReason, sentPackets } from '../lab/lab';
import { lanLensPorts, nmapPorts, portDifferences, stateCounts } from '../lab/portOracle';

const skip = labSkipReason();
const SUBNET = '10.213.60'; // this suite's own /24
const SERVICES = `${SUBNET}.11`;
const SILENT = `${SUBNET}.12`;
const PLAIN = `${SUBNET}.13`;
const NOBODY_HOME = `${SUBNET}.99`;
const TARGETS = [SERVICES, SILENT, PLAIN, NOBODY_HOME];
const TCP_PORTS = '1-1100,2222,5000-5010,6000,7000-7002,8081,31337,40000';
const UDP_PORTS = 'U:53,123,161,5005,5006,7777,9999';

// Inside the services host: dropped ports are filtered, a TCP reset is closed, ICMP admin-prohibited is filtered.
const firewall = `table ip f {
  chain in {
    type filter hook input priority 0; policy accept;
    tcp dport 5000-5010 drop
    tcp dport 6000 reject with tcp reset
    tcp dport 7000-7002 reject with icmp type admin-prohibited
    udp dport 5005 drop
    udp dport 5006 reject with icmp type admin-prohibited
  }
}
`;

// A UDP echo: whatever arrives (even an empty datagram) goes back.
const udpEcho = `
const socket = require('node:dgram').createSocket('udp4');
socket.on('message', (message, peer) => socket.send(message, peer.port, peer.address));
socket.bind(Number(process.argv[2]), process.argv[1], () => console.log('ready'));`;

function parsePorts(result: RunResult): PortScanResult {
  assert.equal(result.code, 0, `exit ${result.code}\n${result.stderr}`);
  try {
    return JSON.parse(result.stdout) as PortScanResult;
  } catch {
    throw new Error(`lanlens did not print one JSON document:\n${result.stdout}\n--- stderr\n${result.stderr}`);
  }
}

function assertEqualStates(ours: PortScanResult, nmap: Awaited<ReturnType<typeof nmapPorts>>, what: string): void {
  const mine = lanLensPorts(ours);
  console.log(
    `# ${what}: LAN Lens ${ours.durationMs} ms (${stateCounts(mine)}); nmap ${Math.round(nmap.run.ms)} ms (${stateCounts(nmap.states)})`,
  );
  assert.deepEqual(portDifferences(mine, nmap.states), [], `${what}: port states differ from nmap's`);
  assert.ok(mine.size >= 3, `${what}: only ${mine.size} hosts up`);
}

describe('lanlens ports on a namespace lab, against nmap', { skip }, () => {
  let lab: Lab;
  const children: ChildProcess[] = [];

  before(async () => {
    lab = await createLab({
      suite: 'ports',
      bridgeIp: `${SUBNET}.1`,
      hosts: [
        {
          ip: SERVICES,
          mac: '02:00:00:00:60:11',
          tcpPorts: [2222, 8081, 31337, 40000, 1025],
          dnsServer: true,
          ptrName: 'services.lab.test',
        },
        { ip: SILENT, mac: '02:00:00:00:60:12', silent: true },
        { ip: PLAIN, mac: '02:00:00:00:60:13', tcpPorts: [22, 80, 443] },
      ],
    });
    const services = lab.hosts[0].namespace;
    await runOk('ip', ['netns', 'exec', services, 'nft', '-f', '-'], { input: firewall });
    const echo = spawn('ip', ['netns', 'exec', services, process.execPath, '-e', udpEcho, SERVICES, '7777'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(echo);
    await new Promise<void>((resolve, reject) => {
      echo.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      echo.on('exit', (code) => reject(new Error(`UDP echo exited ${code}`)));
    });
  });

  after(() => {
    for (const child of children) child.kill('SIGKILL');
    lab?.destroy();
  });

  const flush = () => run('ip', ['neigh', 'flush', 'dev', lab.bridge]);

  test('SYN scan: every port state equals nmap -sS', { timeout: 180_000 }, async () => {
    await flush();
    const ours = parsePorts(await lanlens(['ports', ...TARGETS, '-p', TCP_PORTS, '--syn', '--json']));
    assert.equal(ours.method, 'syn');
    assert.deepEqual(ours.warnings, []);
    await flush();
    const nmap = await nmapPorts(['-n', '-sS', '-p', TCP_PORTS, ...TARGETS]);
    assertEqualStates(ours, nmap, 'SYN');
    const services = ours.hosts.find((host) => host.ip === SERVICES)!;
    const reasons = new Map(services.ports.map((port) => [port.port, port.reason]));
    assert.equal(reasons.get(7000), 'admin-prohibited');
    assert.equal(reasons.get(5000), 'no-response');
    assert.equal(reasons.get(2222), 'syn-ack');
    assert.equal(services.mac, '02:00:00:00:60:11');
    assert.equal(ours.hosts.find((host) => host.ip === NOBODY_HOME)?.up, false);
  });

  test('connect scan as root: every port state equals nmap -sT', { timeout: 180_000 }, async () => {
    await flush();
    const ours = parsePorts(await lanlens(['ports', ...TARGETS, '-p', TCP_PORTS, '--connect', '--json']));
    assert.equal(ours.method, 'connect');
    await flush();
    const nmap = await nmapPorts(['-n', '-sT', '-p', TCP_PORTS, ...TARGETS]);
    assertEqualStates(ours, nmap, 'connect');
  });

  describe('unprivileged, as nobody', () => {
    const nobody = unprivilegedSuite();

    test('auto falls back to connect, says why, and states equal nmap -sT', { timeout: 180_000 }, async () => {
      await flush();
      const result = await lanlensAsNobody(nobody(), ['ports', ...TARGETS, '-p', TCP_PORTS, '--json']);
      const ours = parsePorts(result);
      assert.equal(ours.method, 'connect');
      assert.match(result.stderr, /CAP_NET_RAW/);
      assert.ok(
        ours.warnings.some((warning) => /setcap|sudo/.test(warning)),
        ours.warnings.join('\n'),
      );
      await flush();
      const nmap = await nmapPorts(['-n', '-sT', '-p', TCP_PORTS, ...TARGETS]);
      assertEqualStates(ours, nmap, 'connect as nobody');
    });

    test('--syn without privilege is refused with the fix', { timeout: 60_000 }, async () => {
      const result = await lanlensAsNobody(nobody(), ['ports', SERVICES, '-p', '22', '--syn']);
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /CAP_NET_RAW/);
      assert.match(result.stderr, /Grant Capture Permission/);
    });
  });

  test(
    'UDP: DNS and echo open, ICMP closed, dropped open|filtered, equal to nmap -sU',
    { timeout: 180_000 },
    async () => {
      await flush();
      const nmap = await nmapPorts(['-n', '-sU', '-p', UDP_PORTS, SERVICES, SILENT, PLAIN]);
      // Hosts send a few ICMP errors a second at most: let the ones nmap used come back.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await flush();
      const ours = parsePorts(await lanlens(['ports', SERVICES, SILENT, PLAIN, '-p', UDP_PORTS, '--json']));
      assertEqualStates(ours, nmap, 'UDP');
      const states = new Map(ours.hosts.find((host) => host.ip === SERVICES)!.ports.map((port) => [port.port, port]));
      assert.equal(states.get(53)?.state, 'open');
      assert.equal(states.get(53)?.reason, 'udp-response');
      assert.equal(states.get(7777)?.state, 'open');
      assert.equal(states.get(9999)?.state, 'closed');
      assert.equal(states.get(9999)?.reason, 'port-unreach');
      assert.equal(states.get(5005)?.state, 'open|filtered');
    },
  );

  test('the table reads like nmap', { timeout: 60_000 }, async () => {
    const result = await lanlens(['ports', SERVICES, '-p', '2222,6000,7000,5000']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /PORT\s+STATE\s+SERVICE\s+REASON\s+LATENCY/);
    assert.match(result.stdout, /2222\/tcp\s+open\s+\S+\s+syn-ack/);
    assert.match(result.stdout, /6000\/tcp\s+closed\s+\S+\s+reset/);
    assert.match(result.stdout, /7000\/tcp\s+filtered\s+\S+\s+admin-prohibited/);
    assert.match(result.stdout, /5000\/tcp\s+filtered\s+\S+\s+no-response/);
  });

  describe('bad input fails before any probe', () => {
    let sandbox: string;
    before(async () => {
      sandbox = await lab.addSandbox(['10.0.0.1/8', '198.51.100.1/24']);
    });
    const cases: { name: string; args: string[]; message: RegExp }[] = [
      { name: 'port out of range', args: ['10.0.0.5', '-p', '22,70000'], message: /"70000" in "22,70000".*1 to 65535/ },
      { name: 'backwards range', args: ['10.0.0.5', '-p', '100-20'], message: /"100-20": a range must go upward/ },
      { name: 'service name', args: ['10.0.0.5', '-p', 'http'], message: /"http" is not a port or range/ },
      { name: 'bad address', args: ['10.0.0.256', '-p', '22'], message: /"10.0.0.256" is not an IPv4 address/ },
      { name: '--top-ports 0', args: ['10.0.0.5', '--top-ports', '0'], message: /--top-ports must be a whole number/ },
      { name: 'public target', args: ['198.51.100.7', '-p', '22'], message: /outside private.*--yes/ },
      { name: '254 hosts × 1000 ports', args: ['10.0.0.0/24'], message: /254,000.*more than 65,536.*--yes/ },
    ];
    for (const { name, args, message } of cases) {
      test(`${name}: exit 2 with a clear message, nothing sent`, { timeout: 30_000 }, async () => {
        const before = await sentPackets(sandbox);
        const result = await lanlens(['ports', ...args, '--json'], { namespace: sandbox });
        assert.equal(result.code, 2, `exit ${result.code}\n${result.stdout}\n${result.stderr}`);
        assert.match(result.stderr, message);
        assert.equal(result.stdout.trim(), '');
        assert.equal(await sentPackets(sandbox), before, 'packets were sent');
      });
    }
  });
});
