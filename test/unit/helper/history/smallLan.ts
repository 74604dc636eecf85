// Three days of a small LAN in a history database, for the query, CLI, view and report tests: a
// printer that stays (and opens a port), a phone with a hostile name that left, a capture, and
// ten days of bandwidth on two interfaces, and an alert about the phone.
import { insertAlerts } from '../../../../src/helper/alerts/alertStore';
import { BandwidthWriter } from '../../../../src/helper/history/bandwidthHistory';
import { CaptureHistory } from '../../../../src/helper/history/captureHistory';
import type { HistoryDb } from '../../../../src/helper/history/historyDatabase';
import { HistoryWriter } from '../../../../src/helper/history/historyWriter';
import { portScanWrite, scanWrite } from '../../../../src/helper/history/scanHistory';
import type { HostPorts } from '../../../../src/shared/model/ports';
import { device } from '../../extension/deviceFixtures';
import { delta, flow, host } from '../../shared/trafficFixtures';
import { openTempHistory, scanResult } from './historyFixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The phone's name, which must only ever be shown as text. */
export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

/** The small LAN's history as of `now`; a temporary file. */
export function smallLan(now: number): HistoryDb {
  const history = openTempHistory();
  const writer = new HistoryWriter(history.db);
  const printer = { ip: '10.213.0.11', mac: '02:00:00:00:00:11', hostname: 'printer', hostnameSource: 'mdns' as const };
  const phone = {
    ip: '10.213.0.12',
    mac: '02:00:00:00:00:12',
    hostname: HOSTILE_NAME,
    hostnameSource: 'dhcp' as const,
  };
  const earlier = now - 3 * DAY;
  scanWrite(
    scanResult([device({ ...printer, lastSeen: earlier }), device({ ...phone, lastSeen: earlier })]),
    earlier,
  )(writer);
  scanWrite(scanResult([device({ ...printer, lastSeen: now - HOUR })]), now - HOUR)(writer);
  portScanWrite({ targets: ['10.213.0.11'] }, portScan([631]), now - 2 * DAY)(writer);
  portScanWrite({ targets: ['10.213.0.11'] }, portScan([631, 9100]), now - 2 * HOUR)(writer);
  const capture = new CaptureHistory('br-t', '', now - 3 * HOUR);
  capture.tick(
    delta('c', 1, {
      hosts: [
        { ...host('10.213.0.11', now), bytesIn: 9000, bytesOut: 1000 },
        { ...host('10.213.0.99', now), bytesIn: 50 },
      ],
      flows: [{ ...flow('f', now, 100), serverName: 'printer.lan' }],
      protocols: [
        { path: 'eth', frames: 100, bytes: 6000 },
        { path: 'eth:ip', frames: 100, bytes: 6000 },
        { path: 'eth:ip:tcp', frames: 100, bytes: 6000 },
      ],
    }),
    now - 3 * HOUR,
  );
  capture.end(now - 3 * HOUR + 1000);
  for (const write of capture.take(now, true)) write(writer);
  const bandwidth = new BandwidthWriter(history.db);
  for (let day = 0; day < 10; day++) {
    for (const [name, scale] of [
      ['eth0', 1_000_000],
      ['wlan0', 10_000],
    ] as const) {
      const rx = (day + 1) * scale;
      const minute = now - day * DAY - 2 * HOUR;
      bandwidth.add({ interface: name, start: minute, rx, tx: rx / 10, minuteRx: rx, minuteTx: rx / 10 });
    }
  }
  insertAlerts(history.db, [
    {
      id: 'a1',
      rule: 'new-device',
      severity: 'medium',
      time: now - HOUR / 2,
      title: `New device ${HOSTILE_NAME} (10.213.0.12)`,
      devices: [{ ip: phone.ip, mac: phone.mac, name: HOSTILE_NAME }],
      evidence: [],
      interface: 'br-t',
    },
  ]);
  return history;
}

function portScan(open: number[]) {
  const printer: HostPorts = {
    ip: '10.213.0.11',
    mac: '02:00:00:00:00:11',
    up: true,
    ports: open.map((port) => ({ port, protocol: 'tcp', state: 'open', reason: 'syn-ack' })),
    notShown: {},
    notShownPorts: { tcp: { closed: '1-1000' } },
  };
  return {
    scanId: 'p',
    method: 'syn' as const,
    hosts: [printer],
    cancelled: false,
    warnings: [],
    durationMs: 5,
    probesSent: 5,
  };
}
