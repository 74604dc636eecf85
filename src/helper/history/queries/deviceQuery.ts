// Known devices, each with its latest address and name and the ports open on it now: one query
// per table, joined here, so a thousand devices cost four scans rather than a thousand lookups.
import type { SqlDatabase, SqlValue } from '../sqlite';
import type { KnownDevice, KnownPort, NameSource } from '../../../shared/model/history';

/** Which devices: those seen since `since` (all when absent), or only `ids`. */
export interface DeviceQuery {
  since?: number;
  ids?: readonly number[];
}

/** Known devices, the last seen first. */
export function queryDevices(db: SqlDatabase, query: DeviceQuery = {}): KnownDevice[] {
  const since = query.since ?? 0;
  const where = query.ids ? `id IN (${query.ids.map(() => '?').join(',') || 'NULL'})` : 'last_seen >= ?';
  const params: SqlValue[] = query.ids ? [...query.ids] : [since];
  const devices = db
    .prepare(
      `SELECT id, mac, vendor, os_family, os_kind, first_seen, last_seen FROM devices WHERE ${where} ORDER BY last_seen DESC, id`,
    )
    .all(...params);
  if (devices.length === 0) return [];
  const scope = `device_id IN (SELECT id FROM devices WHERE ${where})`;
  const ips = group(
    db
      .prepare(`SELECT device_id, ip, interface, subnet FROM device_ips WHERE ${scope} ORDER BY last_seen DESC`)
      .all(...params),
  );
  const names = group(
    db
      .prepare(`SELECT device_id, name, source FROM device_names WHERE ${scope} ORDER BY last_seen DESC`)
      .all(...params),
  );
  const ports = group(
    db
      .prepare(
        `SELECT device_id, protocol, port, service FROM device_ports WHERE ${scope} ORDER BY protocol DESC, port`,
      )
      .all(...params),
  );
  return devices.map((row) => {
    const id = Number(row.id);
    const addresses = ips.get(id) ?? [];
    const name = names.get(id)?.[0];
    const known: KnownDevice = {
      id,
      ip: String(addresses[0]?.ip ?? ''),
      ips: addresses.map((address) => String(address.ip)),
      interface: String(addresses[0]?.interface ?? ''),
      subnet: String(addresses[0]?.subnet ?? ''),
      firstSeen: Number(row.first_seen),
      lastSeen: Number(row.last_seen),
      openPorts: (ports.get(id) ?? []).map((port) => knownPort(port)),
    };
    if (row.mac !== null) known.mac = String(row.mac);
    if (row.vendor !== null) known.vendor = String(row.vendor);
    if (row.os_family !== null) known.os = { family: String(row.os_family), kind: String(row.os_kind ?? 'unknown') };
    if (name) {
      known.name = String(name.name);
      known.nameSource = String(name.source) as NameSource;
    }
    return known;
  });
}

/** Deletes a device and all it had (addresses, names, presences, ports, changes); false when there was none. */
export function forgetDevice(db: SqlDatabase, id: number): boolean {
  return Number(db.prepare('DELETE FROM devices WHERE id = ?').run(id).changes) > 0;
}

function knownPort(row: Record<string, SqlValue>): KnownPort {
  const port: KnownPort = { protocol: row.protocol === 'udp' ? 'udp' : 'tcp', port: Number(row.port) };
  if (row.service !== null) port.service = String(row.service);
  return port;
}

/** Rows by their `device_id`, in the order given. */
function group(rows: Record<string, SqlValue>[]): Map<number, Record<string, SqlValue>[]> {
  const byDevice = new Map<number, Record<string, SqlValue>[]>();
  for (const row of rows) {
    const id = Number(row.device_id);
    let list = byDevice.get(id);
    if (!list) byDevice.set(id, (list = []));
    list.push(row);
  }
  return byDevice;
}
