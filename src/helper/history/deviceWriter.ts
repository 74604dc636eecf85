// Devices as the history keeps them: one row per MAC (or per address, for a host seen only beyond a
// router), every address it held and when, its names with their sources, vendor, OS guess, and when
// it was present. A device or address seen for the first time is a change.
import type { SqlDatabase, SqlStatement } from './sqlite';
import type { NameSource } from '../../shared/model/history';

/** Sightings closer than this (ms) to a device's last presence extend it; further apart, a new one begins. */
export const PRESENCE_GAP_MS = 15 * 60_000;

/** One device seen at one moment, by a scan or in captured traffic. */
export interface Sighting {
  ip: string;
  /** lower case with colons; absent for a host known only by its address */
  mac?: string;
  /** '' when not known (a port scan's host): an address's known interface is then kept */
  interface: string;
  /** the subnet it was seen in, CIDR; '' when not known */
  subnet: string;
  /** ms since the Unix epoch */
  time: number;
  vendor?: string;
  /** names learnt for it, with where each came from (hostile) */
  names?: { name: string; source: NameSource }[];
  os?: { family: string; kind: string };
}

/** The key of a device: its MAC, else its address. */
export function deviceKey(sighting: Pick<Sighting, 'ip' | 'mac'>): string {
  return sighting.mac ?? `ip:${sighting.ip}`;
}

/** Writes sightings; each returns the device's row id. */
export class DeviceWriter {
  private readonly find: SqlStatement;
  private readonly rekey: SqlStatement;
  private readonly insert: SqlStatement;
  private readonly update: SqlStatement;
  private readonly findIp: SqlStatement;
  private readonly upsertIp: SqlStatement;
  private readonly upsertName: SqlStatement;
  private readonly lastPresence: SqlStatement;
  private readonly extendPresence: SqlStatement;
  private readonly insertPresence: SqlStatement;
  private readonly change: SqlStatement;
  /** whether the last `device` call created the device */
  private isNew = false;

  constructor(db: SqlDatabase) {
    this.find = db.prepare('SELECT id FROM devices WHERE key = ?');
    this.rekey = db.prepare('UPDATE devices SET key = ?, mac = ? WHERE key = ?');
    this.insert = db.prepare(
      'INSERT INTO devices (key, mac, vendor, os_family, os_kind, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.update = db.prepare(
      `UPDATE devices SET vendor = coalesce(?, vendor), os_family = coalesce(?, os_family), os_kind = coalesce(?, os_kind),
         first_seen = min(first_seen, ?), last_seen = max(last_seen, ?) WHERE id = ?`,
    );
    this.findIp = db.prepare('SELECT 1 AS known FROM device_ips WHERE device_id = ? AND ip = ?');
    this.upsertIp = db.prepare(
      `INSERT INTO device_ips (device_id, ip, interface, subnet, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (device_id, ip) DO UPDATE SET interface = coalesce(nullif(excluded.interface, ''), interface),
         subnet = coalesce(nullif(excluded.subnet, ''), subnet),
         first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)`,
    );
    this.upsertName = db.prepare(
      `INSERT INTO device_names (device_id, source, name, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (device_id, source, name) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen)`,
    );
    this.lastPresence = db.prepare(
      'SELECT first_seen, last_seen FROM presence WHERE device_id = ? AND first_seen <= ? ORDER BY first_seen DESC LIMIT 1',
    );
    this.extendPresence = db.prepare('UPDATE presence SET last_seen = ? WHERE device_id = ? AND first_seen = ?');
    this.insertPresence = db.prepare(
      'INSERT OR IGNORE INTO presence (device_id, first_seen, last_seen) VALUES (?, ?, ?)',
    );
    this.change = db.prepare('INSERT INTO changes (time, kind, device_id, detail) VALUES (?, ?, ?, ?)');
  }

  /** Records one sighting: the device (new ones are a change), its address, names and presence. */
  sight(sighting: Sighting): number {
    const id = this.device(sighting);
    const { ip, time } = sighting;
    const knownIp = this.findIp.get(id, ip) !== undefined;
    this.upsertIp.run(id, ip, sighting.interface, sighting.subnet, time, time);
    if (!knownIp && !this.isNew) this.addChange(time, 'address-new', id, { ip });
    for (const { name, source } of sighting.names ?? []) this.upsertName.run(id, source, name, time, time);
    this.present(id, time);
    return id;
  }

  /** Records a change of a device at `time`. */
  addChange(time: number, kind: string, deviceId: number | null, detail: object): void {
    this.change.run(time, kind, deviceId, JSON.stringify(detail));
  }

  private device(sighting: Sighting): number {
    const key = deviceKey(sighting);
    let row = this.find.get(key);
    // A host first known by its address alone, now seen with its MAC: the same device.
    if (!row && sighting.mac && this.find.get(`ip:${sighting.ip}`)) {
      this.rekey.run(key, sighting.mac, `ip:${sighting.ip}`);
      row = this.find.get(key);
    }
    const { time, vendor = null, os } = sighting;
    this.isNew = row === undefined;
    if (row) {
      const id = Number(row.id);
      this.update.run(vendor, os?.family ?? null, os?.kind ?? null, time, time, id);
      return id;
    }
    const inserted = this.insert.run(
      key,
      sighting.mac ?? null,
      vendor,
      os?.family ?? null,
      os?.kind ?? null,
      time,
      time,
    );
    const id = Number(inserted.lastInsertRowid);
    this.addChange(time, 'device-new', id, { ip: sighting.ip, ...(sighting.mac ? { mac: sighting.mac } : {}) });
    return id;
  }

  /** Extends the device's presence before `time` when `time` is within PRESENCE_GAP_MS of it, else starts a new one. */
  private present(id: number, time: number): void {
    const last = this.lastPresence.get(id, time);
    const first = Number(last?.first_seen);
    const end = Number(last?.last_seen);
    if (last && time <= end) return;
    if (last && time - end <= PRESENCE_GAP_MS) {
      this.extendPresence.run(time, id, first);
      return;
    }
    // After a gap (or before anything known): a presence of its own.
    this.insertPresence.run(id, time, time);
  }
}
