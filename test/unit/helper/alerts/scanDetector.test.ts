import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ipFrame, tcp } from '../../../fixtures/testFrames';
import { T0, alertHarness } from './alertHarness';

const SYN = 0x02;
const SYN_ACK = 0x12;
const ACK = 0x10;
const RST = 0x04;
const RST_ACK = 0x14;
const FIN_ACK = 0x11;
const PUSH_ACK = 0x18;
const SCANNER = '10.0.0.66';
const TARGET = '10.0.0.9';

type Lab = ReturnType<typeof alertHarness>;

/** SYN answered by a reset: a closed port. */
function refused(lab: Lab, src: string, dst: string, port: number, time: number): void {
  lab.send(ipFrame(tcp(src, dst, 40000, port, SYN)), time);
  lab.send(ipFrame(tcp(dst, src, port, 40000, RST_ACK)), time + 1);
}

/** nmap's SYN scan of an open port: SYN, SYN-ACK, and the scanner's kernel resets. */
function halfOpen(lab: Lab, src: string, dst: string, port: number, time: number): void {
  lab.send(ipFrame(tcp(src, dst, 40000, port, SYN)), time);
  lab.send(ipFrame(tcp(dst, src, port, 40000, SYN_ACK)), time + 1);
  lab.send(ipFrame(tcp(src, dst, 40000, port, RST)), time + 2);
}

/** A whole connection that carried a request and an answer. */
function connection(lab: Lab, src: string, dst: string, sport: number, port: number, time: number): void {
  const frames = [
    tcp(src, dst, sport, port, SYN),
    tcp(dst, src, port, sport, SYN_ACK),
    tcp(src, dst, sport, port, ACK),
    tcp(src, dst, sport, port, PUSH_ACK, 100),
    tcp(dst, src, port, sport, PUSH_ACK, 400),
    tcp(src, dst, sport, port, FIN_ACK),
    tcp(dst, src, port, sport, FIN_ACK),
    tcp(src, dst, sport, port, ACK),
  ];
  frames.forEach((spec, i) => lab.send(ipFrame(spec), time + i));
}

describe('port scans and address sweeps (Zeek defaults)', () => {
  it('refused attempts on 15 ports of one host within 5 minutes are one port scan', () => {
    const lab = alertHarness();
    for (let port = 1; port <= 14; port++) refused(lab, SCANNER, TARGET, port, T0 + port * 100);
    lab.tick(T0 + 2000);
    assert.deepEqual(lab.of('port-scan'), [], '14 ports are not a scan');
    for (let port = 15; port <= 40; port++) refused(lab, SCANNER, TARGET, port, T0 + 2000 + port * 100);
    lab.tick(T0 + 7000);
    const scans = lab.of('port-scan');
    assert.equal(scans.length, 1);
    assert.equal(scans[0].severity, 'medium');
    assert.match(scans[0].title, /^10\.0\.0\.66 scanned 15 ports of 10\.0\.0\.9: 1, 2, 3/);
    assert.deepEqual(
      scans[0].devices.map((device) => [device.ip, device.role]),
      [
        [SCANNER, 'scanner'],
        [TARGET, 'target'],
      ],
    );
    assert.match(scans[0].evidence[0].text, /TCP 10\.0\.0\.66 → 10\.0\.0\.9:1, refused/);
  });

  it("nmap's half-open probes of open ports count as failed attempts", () => {
    const lab = alertHarness();
    for (let port = 1; port <= 15; port++) halfOpen(lab, SCANNER, TARGET, 8000 + port, T0 + port * 10);
    lab.tick(T0 + 1000);
    assert.equal(lab.of('port-scan').length, 1);
    assert.match(lab.of('port-scan')[0].evidence[0].text, /reset after SYN-ACK/);
  });

  it('unanswered SYNs count once 5 seconds have passed', () => {
    const lab = alertHarness();
    for (let port = 1; port <= 15; port++) lab.send(ipFrame(tcp(SCANNER, TARGET, 40000, port, SYN)), T0 + port);
    lab.tick(T0 + 1000);
    assert.deepEqual(lab.of('port-scan'), []);
    lab.engine.clock(T0 + 6000);
    assert.equal(lab.of('port-scan').length, 1);
    assert.match(lab.of('port-scan')[0].evidence[0].text, /no answer/);
  });

  it('a SYN answered in the next tick is not an attempt that failed', () => {
    const lab = alertHarness();
    for (let port = 1; port <= 20; port++) {
      lab.send(ipFrame(tcp(SCANNER, TARGET, 40000 + port, port, SYN)), T0 + port);
    }
    lab.tick(T0 + 1000);
    for (let port = 1; port <= 20; port++) {
      lab.send(ipFrame(tcp(TARGET, SCANNER, port, 40000 + port, SYN_ACK)), T0 + 1100 + port);
      lab.send(ipFrame(tcp(SCANNER, TARGET, 40000 + port, port, ACK)), T0 + 1200 + port);
      lab.send(ipFrame(tcp(SCANNER, TARGET, 40000 + port, port, PUSH_ACK, 50)), T0 + 1300 + port);
    }
    lab.tick(T0 + 2000);
    lab.engine.clock(T0 + 10_000);
    assert.deepEqual(lab.of('port-scan'), []);
  });

  it('many completed connections to many ports of one host are no scan', () => {
    const lab = alertHarness();
    for (let port = 1; port <= 40; port++) connection(lab, SCANNER, TARGET, 50000 + port, 8000 + port, T0 + port * 20);
    lab.tick(T0 + 1000);
    lab.engine.clock(T0 + 10_000);
    assert.deepEqual(lab.of('port-scan', 'address-sweep'), []);
  });

  it('failed attempts on one port of 25 hosts are an address sweep; 24 are not', () => {
    const lab = alertHarness();
    for (let host = 1; host <= 24; host++) refused(lab, SCANNER, `10.0.1.${host}`, 22, T0 + host * 10);
    lab.tick(T0 + 1000);
    assert.deepEqual(lab.of('address-sweep'), []);
    refused(lab, SCANNER, '10.0.1.25', 22, T0 + 1100);
    lab.tick(T0 + 2000);
    const [sweep] = lab.of('address-sweep');
    assert.match(sweep?.title ?? '', /^10\.0\.0\.66 swept port 22 of 25 hosts: 10\.0\.1\.1, /);
    assert.deepEqual(sweep?.data, { scanner: SCANNER, port: 22, hosts: 25 });
    assert.deepEqual(lab.of('port-scan'), []);
  });

  it('attempts further apart than the window do not add up', () => {
    const lab = alertHarness();
    for (let port = 1; port <= 10; port++) refused(lab, SCANNER, TARGET, port, T0 + port);
    lab.tick(T0 + 1000);
    for (let port = 11; port <= 20; port++) refused(lab, SCANNER, TARGET, port, T0 + 301_000 + port);
    lab.tick(T0 + 302_000);
    assert.deepEqual(lab.of('port-scan'), []);
  });

  it('the thresholds are settings', () => {
    const lab = alertHarness({ settings: { portScan: { ports: 3 } } });
    for (let port = 1; port <= 3; port++) refused(lab, SCANNER, TARGET, port, T0 + port);
    lab.tick(T0 + 1000);
    assert.equal(lab.of('port-scan').length, 1);
    const off = alertHarness({ settings: { portScan: { enabled: false } } });
    for (let port = 1; port <= 30; port++) refused(off, SCANNER, TARGET, port, T0 + port);
    off.tick(T0 + 1000);
    assert.deepEqual(off.of('port-scan'), []);
  });
});
