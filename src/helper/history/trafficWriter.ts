// Traffic of captures per hour, day and month: bytes in and out of each host, the protocol mix, and
// the busiest flows. Everything is added (never replaced), so captures and helper restarts within
// one hour add up; each row is added to its hour, its day and its month at once.
import type { SqlDatabase, SqlStatement } from './sqlite';
import { periodStart } from '../../shared/history/periods';
import type { FlowTotals, HostTotals, ProtocolTotals } from '../../shared/model/history';

/** Traffic tiers, with how long they are kept (ms) before the retention setting caps them. */
export const TRAFFIC_TIERS = ['hour', 'day', 'month'] as const;

/** Adds traffic to the hour and day rows holding `time`, in the caller's transaction. */
export class TrafficWriter {
  private readonly host: SqlStatement;
  private readonly protocol: SqlStatement;
  private readonly flow: SqlStatement;

  constructor(db: SqlDatabase) {
    this.host = db.prepare(
      `INSERT INTO host_traffic (tier, start, interface, addr, mac, bytes_in, bytes_out, packets_in, packets_out)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tier, start, interface, addr) DO UPDATE SET
       mac = coalesce(excluded.mac, mac), bytes_in = bytes_in + excluded.bytes_in, bytes_out = bytes_out + excluded.bytes_out,
       packets_in = packets_in + excluded.packets_in, packets_out = packets_out + excluded.packets_out`,
    );
    this.protocol = db.prepare(
      `INSERT INTO protocol_traffic (tier, start, interface, protocol, frames, bytes) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (tier, start, interface, protocol) DO UPDATE SET frames = frames + excluded.frames, bytes = bytes + excluded.bytes`,
    );
    this.flow = db.prepare(
      `INSERT INTO flow_traffic (tier, start, interface, transport, a_addr, a_port, b_addr, b_port, app, server_name,
         bytes_ab, bytes_ba, packets_ab, packets_ba) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tier, start, interface, transport, a_addr, a_port, b_addr, b_port) DO UPDATE SET
       app = coalesce(excluded.app, app), server_name = coalesce(excluded.server_name, server_name),
       bytes_ab = bytes_ab + excluded.bytes_ab, bytes_ba = bytes_ba + excluded.bytes_ba,
       packets_ab = packets_ab + excluded.packets_ab, packets_ba = packets_ba + excluded.packets_ba`,
    );
  }

  /** Adds one host's bytes of `time`'s hour on `iface`. */
  addHost(iface: string, time: number, host: HostTotals): void {
    for (const tier of TRAFFIC_TIERS) {
      this.host.run(
        tier,
        periodStart(time, tier),
        iface,
        host.addr,
        host.mac ?? null,
        host.bytesIn,
        host.bytesOut,
        host.packetsIn,
        host.packetsOut,
      );
    }
  }

  /** Adds one protocol's frames of `time`'s hour on `iface`. */
  addProtocol(iface: string, time: number, protocol: ProtocolTotals): void {
    for (const tier of TRAFFIC_TIERS) {
      this.protocol.run(tier, periodStart(time, tier), iface, protocol.protocol, protocol.frames, protocol.bytes);
    }
  }

  /** Adds one flow's bytes of `time`'s hour on `iface`. */
  addFlow(iface: string, time: number, flow: FlowTotals): void {
    for (const tier of TRAFFIC_TIERS) {
      this.flow.run(
        tier,
        periodStart(time, tier),
        iface,
        flow.transport,
        flow.aAddr,
        flow.aPort,
        flow.bAddr,
        flow.bPort,
        flow.app ?? null,
        flow.serverName ?? null,
        flow.bytesAtoB,
        flow.bytesBtoA,
        flow.packetsAtoB,
        flow.packetsBtoA,
      );
    }
  }
}
