// The busiest hosts, protocols and flows of a span, from the monthly rows for whole months, the
// daily rows for whole days (the history view's periods: a day is one row per flow rather than
// twenty-four) and for spans over two days (widened to whole days), else from the hourly rows
// (kept two weeks), so a month is one row per host rather than seven hundred. Each row is added to its hour and its day at once, so
// both give the same sums.
import type { SqlDatabase, SqlValue } from '../sqlite';
import { nextPeriod, periodStart } from '../../../shared/history/periods';
import type { PeriodUnit } from '../../../shared/history/periods';
import type { FlowTotals, HostTotals, ProtocolTotals, TopTraffic } from '../../../shared/model/history';

/** Which traffic: a span, an optional interface, and how many of each. */
export interface TrafficQuery {
  from: number;
  to: number;
  interface?: string;
  limit: number;
}

const TWO_DAYS = 2 * 86_400_000;

/** The span's busiest hosts, protocols and flows, busiest first. */
export function queryTopTraffic(db: SqlDatabase, query: TrafficQuery): TopTraffic {
  const whole = (unit: PeriodUnit) =>
    query.from === periodStart(query.from, unit) && query.to === periodStart(query.to, unit);
  const tier = whole('month') ? 'month' : !whole('day') && query.to - query.from <= TWO_DAYS ? 'hour' : 'day';
  const from = periodStart(query.from, tier);
  const to = tier === 'hour' ? query.to : nextPeriod(periodStart(query.to - 1, tier), tier);
  const only = query.interface === undefined ? '' : ' AND interface = ?';
  const params: SqlValue[] = [tier, from, to, ...(query.interface === undefined ? [] : [query.interface]), query.limit];
  const span = `WHERE tier = ? AND start >= ? AND start < ?${only}`;
  const hosts = db
    .prepare(
      `SELECT addr, max(mac) AS mac, sum(bytes_in) AS bytes_in, sum(bytes_out) AS bytes_out, sum(packets_in) AS packets_in,
         sum(packets_out) AS packets_out FROM host_traffic ${span} GROUP BY addr ORDER BY sum(bytes_in + bytes_out) DESC LIMIT ?`,
    )
    .all(...params)
    .map((row): HostTotals => {
      const host: HostTotals = {
        addr: String(row.addr),
        bytesIn: Number(row.bytes_in),
        bytesOut: Number(row.bytes_out),
        packetsIn: Number(row.packets_in),
        packetsOut: Number(row.packets_out),
      };
      if (row.mac !== null) host.mac = String(row.mac);
      return host;
    });
  const protocols = db
    .prepare(
      `SELECT protocol, sum(frames) AS frames, sum(bytes) AS bytes FROM protocol_traffic ${span} GROUP BY protocol ORDER BY sum(bytes) DESC LIMIT ?`,
    )
    .all(...params)
    .map((row): ProtocolTotals => ({
      protocol: String(row.protocol),
      frames: Number(row.frames),
      bytes: Number(row.bytes),
    }));
  const flows = db
    .prepare(
      `SELECT transport, a_addr, a_port, b_addr, b_port, max(app) AS app, max(server_name) AS server_name, sum(bytes_ab) AS bytes_ab,
         sum(bytes_ba) AS bytes_ba, sum(packets_ab) AS packets_ab, sum(packets_ba) AS packets_ba FROM flow_traffic ${span}
       GROUP BY transport, a_addr, a_port, b_addr, b_port ORDER BY sum(bytes_ab + bytes_ba) DESC LIMIT ?`,
    )
    .all(...params)
    .map((row) => flowTotals(row));
  return { from, to, tier, hosts, protocols, flows };
}

function flowTotals(row: Record<string, SqlValue>): FlowTotals {
  const flow: FlowTotals = {
    transport: String(row.transport) as FlowTotals['transport'],
    aAddr: String(row.a_addr),
    aPort: Number(row.a_port),
    bAddr: String(row.b_addr),
    bPort: Number(row.b_port),
    bytesAtoB: Number(row.bytes_ab),
    bytesBtoA: Number(row.bytes_ba),
    packetsAtoB: Number(row.packets_ab),
    packetsBtoA: Number(row.packets_ba),
  };
  if (row.app !== null) flow.app = String(row.app);
  if (row.server_name !== null) flow.serverName = String(row.server_name);
  return flow;
}
