// The ports of every port scan, and each device's ports as the latest scan of them saw them: a port
// found open that was not is a change (opened), and one found closed or filtered that was open is
// a change too (closed). A port the scan did not probe, or a host that did not answer, proves
// nothing and changes nothing.
import type { SqlDatabase, SqlStatement } from './sqlite';
import type { DeviceWriter } from './deviceWriter';
import type { HostPorts, PortProtocol, PortResult } from '../../shared/model/ports';
import { parsePortSpec } from '../../shared/ports/portSpec';

/** Writes port-scan results of hosts. */
export class PortWriter {
  private readonly insertScanPort: SqlStatement;
  private readonly openPorts: SqlStatement;
  private readonly upsertOpen: SqlStatement;
  private readonly close: SqlStatement;

  constructor(
    db: SqlDatabase,
    private readonly devices: DeviceWriter,
  ) {
    this.insertScanPort = db.prepare(
      `INSERT OR REPLACE INTO scan_ports (activity_id, device_id, protocol, port, state, service, product, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.openPorts = db.prepare('SELECT protocol, port, service FROM device_ports WHERE device_id = ?');
    this.upsertOpen = db.prepare(
      `INSERT INTO device_ports (device_id, protocol, port, service, opened, last_open) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (device_id, protocol, port) DO UPDATE SET service = coalesce(excluded.service, service),
         last_open = max(last_open, excluded.last_open)`,
    );
    this.close = db.prepare('DELETE FROM device_ports WHERE device_id = ? AND protocol = ? AND port = ?');
  }

  /** Records one scanned host's ports under its scan (`activityId`), at `time`. */
  host(activityId: number, deviceId: number, host: HostPorts, time: number): void {
    const open = host.ports.filter((port) => port.state === 'open' || port.state === 'open|filtered');
    for (const port of open) {
      const service = port.service;
      this.insertScanPort.run(
        activityId,
        deviceId,
        port.protocol,
        port.port,
        port.state,
        service?.name ?? null,
        service?.product ?? null,
        service?.version ?? null,
      );
    }
    if (!host.up) return;
    const before = new Map(
      this.openPorts.all(deviceId).map((row) => [`${String(row.protocol)}/${Number(row.port)}`, row]),
    );
    for (const port of open.filter((candidate) => candidate.state === 'open')) {
      const key = `${port.protocol}/${port.port}`;
      this.upsertOpen.run(deviceId, port.protocol, port.port, port.service?.name ?? null, time, time);
      if (!before.has(key)) this.devices.addChange(time, 'port-opened', deviceId, portDetail(host.ip, port));
      before.delete(key);
    }
    for (const row of before.values()) {
      const protocol = String(row.protocol) as PortProtocol;
      const port = Number(row.port);
      if (!probedShut(host, protocol, port)) continue;
      this.close.run(deviceId, protocol, port);
      const service = row.service === null ? undefined : String(row.service);
      this.devices.addChange(time, 'port-closed', deviceId, {
        ip: host.ip,
        protocol,
        port,
        ...(service ? { service } : {}),
      });
    }
  }
}

function portDetail(ip: string, port: PortResult): object {
  return { ip, protocol: port.protocol, port: port.port, ...(port.service ? { service: port.service.name } : {}) };
}

/** Whether this scan probed `port` on the host and found it closed or filtered (open|filtered proves nothing). */
export function probedShut(host: HostPorts, protocol: PortProtocol, port: number): boolean {
  const shut = (state: string) => state === 'closed' || state === 'filtered';
  const listed = host.ports.find((entry) => entry.protocol === protocol && entry.port === port);
  if (listed) return shut(listed.state);
  for (const [state, ranges] of Object.entries(host.notShownPorts?.[protocol] ?? {})) {
    if (!ranges || !shut(state)) continue;
    if (parsePortSpec(ranges).unprefixed.some(([first, last]) => port >= first && port <= last)) return true;
  }
  return false;
}
