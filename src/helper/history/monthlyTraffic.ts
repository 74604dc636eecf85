// Migration 4: captured traffic per month, as bandwidth has it, so a month's top hosts, protocols
// and flows are one row each rather than thirty. Existing databases get their months summed from
// the day rows they hold (local calendar months, as periodStart cuts them: SQLite's 'localtime'
// reads the same zone as the helper's Date).

const MONTH_OF_DAY = `CAST(strftime('%s', start / 1000, 'unixepoch', 'localtime', 'start of month', 'utc') AS INTEGER) * 1000`;

/** The migration's SQL. */
export const MONTHLY_TRAFFIC_SQL = `
  INSERT INTO host_traffic (tier, start, interface, addr, mac, bytes_in, bytes_out, packets_in, packets_out)
    SELECT 'month', ${MONTH_OF_DAY} AS month, interface, addr, max(mac), sum(bytes_in), sum(bytes_out), sum(packets_in), sum(packets_out)
    FROM host_traffic WHERE tier = 'day' GROUP BY month, interface, addr;
  INSERT INTO protocol_traffic (tier, start, interface, protocol, frames, bytes)
    SELECT 'month', ${MONTH_OF_DAY} AS month, interface, protocol, sum(frames), sum(bytes)
    FROM protocol_traffic WHERE tier = 'day' GROUP BY month, interface, protocol;
  INSERT INTO flow_traffic (tier, start, interface, transport, a_addr, a_port, b_addr, b_port, app, server_name,
      bytes_ab, bytes_ba, packets_ab, packets_ba)
    SELECT 'month', ${MONTH_OF_DAY} AS month, interface, transport, a_addr, a_port, b_addr, b_port, max(app), max(server_name),
      sum(bytes_ab), sum(bytes_ba), sum(packets_ab), sum(packets_ba)
    FROM flow_traffic WHERE tier = 'day' GROUP BY month, interface, transport, a_addr, a_port, b_addr, b_port;
`;
