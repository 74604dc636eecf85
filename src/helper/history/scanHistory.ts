// What a scan, a port scan and a capture leave in the history, from their results.
import type { Sighting } from './deviceWriter';
import type { HistoryWrite } from './historyWriter';
import type { Activity } from '../../shared/model/history';
import type { PortScanRequest, PortScanResult } from '../../shared/model/ports';
import type { ScanResult } from '../../shared/model/scan';

/** The scan as an activity, and every device it found as a sighting at the scan's end. */
export function scanWrite(result: ScanResult, ended: number): HistoryWrite {
  return (writer) => {
    const activity: Activity = {
      kind: 'scan',
      started: ended - result.durationMs,
      ended,
      interface: result.interface,
      target: result.cidr,
      summary: {
        method: result.method,
        hosts: result.devices.length,
        partial: result.partial,
        cancelled: result.cancelled,
      },
    };
    writer.addActivity(activity);
    for (const device of result.devices) {
      const names = device.hostname ? [{ name: device.hostname, source: device.hostnameSource ?? 'dns' }] : [];
      writer.devices.sight({
        ip: device.ip,
        mac: device.mac,
        interface: device.interface,
        subnet: device.subnet,
        time: Math.min(device.lastSeen, ended),
        vendor: device.vendor,
        names,
      });
    }
  };
}

/** The port scan as an activity, each host that answered as a sighting, and its ports. */
export function portScanWrite(
  request: Pick<PortScanRequest, 'targets'>,
  result: PortScanResult,
  ended: number,
): HistoryWrite {
  return (writer) => {
    const answered = result.hosts.filter((host) => host.up || host.ports.some((port) => port.state === 'open'));
    const openPorts = answered.reduce(
      (sum, host) => sum + host.ports.filter((port) => port.state === 'open').length,
      0,
    );
    const activityId = writer.addActivity({
      kind: 'ports',
      started: ended - result.durationMs,
      ended,
      target: request.targets.join(' '),
      summary: { method: result.method, hosts: answered.length, openPorts, cancelled: result.cancelled },
    });
    for (const host of answered) {
      const sighting: Sighting = {
        ip: host.ip,
        mac: host.mac,
        interface: '',
        subnet: '',
        time: ended,
        names: (host.names ?? []).map((entry) => ({ name: entry.name, source: entry.source })),
        os: host.os ? { family: host.os.family, kind: host.os.kind } : undefined,
      };
      const deviceId = writer.devices.sight(sighting);
      writer.ports.host(activityId, deviceId, host, ended);
    }
  };
}
