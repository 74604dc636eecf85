import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HostPorts, PortResult, PortScanResult } from '../../../../src/shared/model/ports';
import type { ScanResult } from '../../../../src/shared/model/scan';
import { arpFrame, ipFrame } from '../../../fixtures/testFrames';
import { T0, alertHarness } from './alertHarness';

const REPLY = 2;

const scanResult = (devices: { ip: string; mac?: string; isSelf?: boolean }[]): ScanResult => ({
  scanId: 's',
  interface: 'eth0',
  cidr: '10.0.0.0/24',
  method: 'arp',
  partial: false,
  cancelled: false,
  warnings: [],
  durationMs: 1,
  probesSent: 0,
  devices: devices.map((device) => ({
    isGateway: false,
    isSelf: false,
    interface: 'eth0',
    subnet: '10.0.0.0/24',
    firstSeen: T0,
    lastSeen: T0,
    methods: ['arp'],
    ...device,
  })),
});

const port = (number: number, state: PortResult['state'], service?: string): PortResult => ({
  port: number,
  protocol: 'tcp',
  state,
  reason: state === 'open' ? 'syn-ack' : 'reset',
  ...(service ? { service: { name: service, method: 'port-table', confidence: 0.5 } } : {}),
});

const portScan = (hosts: Partial<HostPorts>[]): PortScanResult => ({
  scanId: 'p',
  method: 'syn',
  cancelled: false,
  warnings: [],
  durationMs: 1,
  probesSent: 1,
  hosts: hosts.map((host) => ({ ip: '10.0.0.5', up: true, ports: [], notShown: {}, ...host })),
});

describe('new devices', () => {
  it('devices seen while learning are learnt silently; a new MAC afterwards raises one alert', () => {
    const lab = alertHarness({ learningSince: T0, settings: { newDevice: { learningSeconds: 60 } } });
    lab.send(arpFrame(REPLY, '02:00:00:00:00:0a', '10.0.0.5', '10.0.0.1'), T0 + 1000);
    lab.tick(T0 + 2000);
    lab.engine.scan(scanResult([{ ip: '10.0.0.6', mac: '02:00:00:00:00:0b' }]), T0 + 3000);
    assert.deepEqual(lab.of('new-device'), []);
    for (const second of [61, 62, 63]) {
      lab.send(arpFrame(REPLY, '02:00:00:00:00:0a', '10.0.0.5', '10.0.0.1'), T0 + second * 1000);
      lab.send(arpFrame(REPLY, '00:1b:21:00:00:0c', '10.0.0.7', '10.0.0.1'), T0 + second * 1000);
      lab.tick(T0 + second * 1000 + 500);
    }
    lab.engine.scan(
      scanResult([
        { ip: '10.0.0.6', mac: '02:00:00:00:00:0b' },
        { ip: '10.0.0.7', mac: '00:1b:21:00:00:0c' },
      ]),
      T0 + 70_000,
    );
    const alerts = lab.of('new-device');
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0].title, 'New device: 10.0.0.7 (00:1b:21:00:00:0c), Intel Corporate');
    assert.equal(alerts[0].evidence[0].frame, 3);
    assert.deepEqual(alerts[0].devices, [{ ip: '10.0.0.7', mac: '00:1b:21:00:00:0c', name: undefined, role: 'new' }]);
  });

  it('a scan finds new devices too; this machine and broadcast MACs are never new', () => {
    const lab = alertHarness({ network: { own: new Map([['10.0.0.2', '02:00:00:00:00:02']]) } });
    lab.engine.scan(
      scanResult([
        { ip: '10.0.0.2', mac: '02:00:00:00:00:02', isSelf: true },
        { ip: '10.0.0.8', mac: '02:00:00:00:00:08' },
        { ip: '10.0.0.9' },
      ]),
      T0,
    );
    lab.send(arpFrame(REPLY, 'ff:ff:ff:ff:ff:ff', '10.0.0.10', '10.0.0.1'), T0);
    lab.tick(T0 + 1000);
    assert.deepEqual(
      lab.of('new-device').map((alert) => alert.devices[0].mac ?? alert.devices[0].ip),
      ['02:00:00:00:00:08', '10.0.0.9'],
    );
  });

  it('learning continues while the rule is off, so turning it on raises nothing for old devices', () => {
    const lab = alertHarness({ settings: { newDevice: { enabled: false } } });
    lab.send(arpFrame(REPLY, '02:00:00:00:00:0a', '10.0.0.5', '10.0.0.1'), T0);
    lab.tick(T0 + 1000);
    assert.deepEqual(lab.of('new-device'), []);
    lab.engine.settings.newDevice.enabled = true;
    lab.send(arpFrame(REPLY, '02:00:00:00:00:0a', '10.0.0.5', '10.0.0.1'), T0 + 2000);
    lab.tick(T0 + 3000);
    assert.deepEqual(lab.of('new-device'), []);
  });
});

describe('watched devices', () => {
  it('offline when not seen for offlineSeconds, back when seen again', () => {
    const lab = alertHarness({
      settings: { watchedDevices: { devices: ['10.0.0.5', '02:00:00:00:00:0b'], offlineSeconds: 60 } },
    });
    lab.engine.clock(T0);
    lab.send(arpFrame(REPLY, '02:00:00:00:00:0b', '10.0.0.6', '10.0.0.1'), T0 + 30_000);
    lab.tick(T0 + 30_500);
    lab.engine.clock(T0 + 61_000);
    assert.deepEqual(
      lab.of('device-offline').map((alert) => alert.title),
      ['Watched device 10.0.0.5 is offline: not seen for 1 min 01 s (not once since watching began)'],
    );
    lab.engine.clock(T0 + 91_000);
    assert.equal(lab.of('device-offline').length, 2, 'the MAC, a minute after its last ARP');
    lab.engine.clock(T0 + 200_000);
    assert.equal(lab.of('device-offline').length, 2, 'once per absence');
    lab.send(ipFrame({ src: '10.0.0.5', dst: '10.0.0.1', protocol: 'udp', sport: 1, dport: 2 }), T0 + 201_000);
    lab.tick(T0 + 201_500);
    const [back] = lab.of('device-back');
    assert.match(back?.title ?? '', /^Watched device 10\.0\.0\.5 is back after/);
    assert.match(back?.evidence[0]?.text ?? '', /traffic from 10\.0\.0\.5/);
  });
});

describe('new open ports', () => {
  it('the first scan teaches; a port probed before and now open is new; a port never probed is not', () => {
    const lab = alertHarness();
    lab.engine.ports(
      portScan([
        {
          mac: '02:00:00:00:00:05',
          ports: [port(22, 'open'), port(23, 'closed')],
          notShownPorts: { tcp: { closed: '1-21,24-100' } },
        },
      ]),
      T0,
    );
    assert.deepEqual(lab.of('new-open-port'), []);
    lab.engine.ports(
      portScan([
        { mac: '02:00:00:00:00:05', ports: [port(22, 'open'), port(23, 'open', 'telnet'), port(8080, 'open')] },
      ]),
      T0 + 1000,
    );
    const alerts = lab.of('new-open-port');
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0].title, 'New open port on 10.0.0.5 (02:00:00:00:00:05): tcp/23 (telnet)');
    lab.engine.ports(
      portScan([{ mac: '02:00:00:00:00:05', ports: [port(23, 'open'), port(8080, 'open')] }]),
      T0 + 2000,
    );
    assert.equal(lab.of('new-open-port').length, 1, 'known open ports are not new again');
  });
});

describe('the engine', () => {
  it('holds back alerts past its cap per minute, and says how many once the minute is over', () => {
    const lab = alertHarness({ maxPerMinute: 3 });
    for (let i = 0; i < 10; i++)
      lab.send(arpFrame(REPLY, `02:00:00:00:01:${(16 + i).toString(16)}`, `10.0.0.${20 + i}`, '10.0.0.1'), T0 + i);
    lab.tick(T0 + 1000);
    assert.equal(lab.alerts.length, 3);
    lab.engine.clock(T0 + 61_000);
    const [held] = lab.of('alerts-suppressed');
    assert.equal(held?.title, '7 more alerts were held back (more than 3 a minute): New device');
    assert.deepEqual(held?.data, { held: 7 });
  });
});
