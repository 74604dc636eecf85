// The history database's schema, as the list of migrations that build it. A database records the
// last one applied in `PRAGMA user_version`; opening it applies the ones after, each in its own
// transaction. Never edit a migration that has shipped: add the next one. docs/history.md
// describes the tables.

import { MONTHLY_TRAFFIC_SQL } from './monthlyTraffic';
import { ALERTS_SCHEMA_SQL } from '../alerts/alertStore';

/** One step of the schema. */
export interface Migration {
  /** the user_version the database has after it */
  version: number;
  /** what it adds, for the log */
  description: string;
  sql: string;
}

/** Every migration, oldest first; their versions are 1, 2, 3… */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'bandwidth per interface in five tiers, and a key-value table',
    sql: `
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE bandwidth (
        tier TEXT NOT NULL,
        start INTEGER NOT NULL,
        interface TEXT NOT NULL,
        rx INTEGER NOT NULL,
        tx INTEGER NOT NULL,
        peak_rx INTEGER NOT NULL,
        peak_tx INTEGER NOT NULL,
        PRIMARY KEY (tier, start, interface)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description:
      'devices with their addresses, names, presence and ports; scans and captures; traffic per hour and day; changes',
    sql: `
      CREATE TABLE devices (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        mac TEXT,
        vendor TEXT,
        os_family TEXT,
        os_kind TEXT,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL
      );
      CREATE INDEX devices_last_seen ON devices (last_seen);
      CREATE TABLE device_ips (
        device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
        ip TEXT NOT NULL,
        interface TEXT NOT NULL,
        subnet TEXT NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        PRIMARY KEY (device_id, ip)
      ) WITHOUT ROWID;
      CREATE INDEX device_ips_ip ON device_ips (ip);
      CREATE TABLE device_names (
        device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        name TEXT NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        PRIMARY KEY (device_id, source, name)
      ) WITHOUT ROWID;
      CREATE TABLE presence (
        device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        PRIMARY KEY (device_id, first_seen)
      ) WITHOUT ROWID;
      CREATE INDEX presence_last_seen ON presence (last_seen);
      CREATE TABLE device_ports (
        device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
        protocol TEXT NOT NULL,
        port INTEGER NOT NULL,
        service TEXT,
        opened INTEGER NOT NULL,
        last_open INTEGER NOT NULL,
        PRIMARY KEY (device_id, protocol, port)
      ) WITHOUT ROWID;
      CREATE TABLE activities (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        started INTEGER NOT NULL,
        ended INTEGER NOT NULL,
        interface TEXT,
        target TEXT NOT NULL,
        summary TEXT NOT NULL
      );
      CREATE INDEX activities_started ON activities (started);
      CREATE TABLE scan_ports (
        activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
        protocol TEXT NOT NULL,
        port INTEGER NOT NULL,
        state TEXT NOT NULL,
        service TEXT,
        product TEXT,
        version TEXT,
        PRIMARY KEY (activity_id, device_id, protocol, port)
      ) WITHOUT ROWID;
      CREATE INDEX scan_ports_device ON scan_ports (device_id);
      CREATE TABLE changes (
        id INTEGER PRIMARY KEY,
        time INTEGER NOT NULL,
        kind TEXT NOT NULL,
        device_id INTEGER REFERENCES devices (id) ON DELETE CASCADE,
        detail TEXT NOT NULL
      );
      CREATE INDEX changes_time ON changes (time);
      CREATE INDEX changes_device ON changes (device_id);
      CREATE TABLE host_traffic (
        tier TEXT NOT NULL,
        start INTEGER NOT NULL,
        interface TEXT NOT NULL,
        addr TEXT NOT NULL,
        mac TEXT,
        bytes_in INTEGER NOT NULL,
        bytes_out INTEGER NOT NULL,
        packets_in INTEGER NOT NULL,
        packets_out INTEGER NOT NULL,
        PRIMARY KEY (tier, start, interface, addr)
      ) WITHOUT ROWID;
      CREATE TABLE protocol_traffic (
        tier TEXT NOT NULL,
        start INTEGER NOT NULL,
        interface TEXT NOT NULL,
        protocol TEXT NOT NULL,
        frames INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        PRIMARY KEY (tier, start, interface, protocol)
      ) WITHOUT ROWID;
      CREATE TABLE flow_traffic (
        tier TEXT NOT NULL,
        start INTEGER NOT NULL,
        interface TEXT NOT NULL,
        transport TEXT NOT NULL,
        a_addr TEXT NOT NULL,
        a_port INTEGER NOT NULL,
        b_addr TEXT NOT NULL,
        b_port INTEGER NOT NULL,
        app TEXT,
        server_name TEXT,
        bytes_ab INTEGER NOT NULL,
        bytes_ba INTEGER NOT NULL,
        packets_ab INTEGER NOT NULL,
        packets_ba INTEGER NOT NULL,
        PRIMARY KEY (tier, start, interface, transport, a_addr, a_port, b_addr, b_port)
      ) WITHOUT ROWID;
    `,
  },
  { version: 3, description: 'alerts, deliveries to make, and what the alert rules learnt', sql: ALERTS_SCHEMA_SQL },
  { version: 4, description: 'captured traffic per month, summed from the days kept', sql: MONTHLY_TRAFFIC_SQL },
];

/** The schema version this LAN Lens writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
