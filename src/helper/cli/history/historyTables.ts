// `lanlens history devices|top|changes`: the history's records as tables.
import type { HistorySubcommand } from './historyContext';
import { renderTable } from '../table';
import { queryChanges } from '../../history/queries/changeQuery';
import { queryDevices } from '../../history/queries/deviceQuery';
import { queryTopTraffic } from '../../history/queries/trafficQuery';
import { formatBytes, formatCount, formatEndpoint } from '../../../shared/format/displayFormat';
import { displayText, formatMinute } from '../../../shared/format/displayText';
import { describeChange, formatAgo } from '../../../shared/history/historyText';

const DAY_MS = 86_400_000;
/** Rows of each table `history top` prints. */
const TOP_ROWS = 10;

/** `history devices [--since T]`: every device known (seen since T), the last seen first. */
export const devices: HistorySubcommand = ({ history, values, now, since }, output) => {
  const known = queryDevices(history.db, { since });
  if (values.json) return (output.out(JSON.stringify(known, null, 2)), 0);
  if (known.length === 0) return (output.out('No devices in the history yet: run `lanlens scan`.'), 0);
  const rows = known.map((device) => [
    device.mac ?? '-',
    device.ip || '-',
    displayText(device.name, 40) ?? '-',
    displayText(device.vendor, 30) ?? '-',
    device.os ? `${device.os.family} ${device.os.kind}` : '-',
    device.openPorts.map((port) => `${port.port}/${port.protocol}`).join(',') || '-',
    formatMinute(device.firstSeen),
    formatAgo(device.lastSeen, now),
  ]);
  output.out(renderTable(['MAC', 'IP', 'NAME', 'VENDOR', 'OS', 'OPEN PORTS', 'FIRST SEEN', 'LAST SEEN'], rows));
  output.out(`${formatCount(known.length)} devices`);
  return 0;
};

/** `history top [--since T] [-i IF]`: the busiest hosts, protocols and flows captured (default: the last 24 hours). */
export const top: HistorySubcommand = ({ history, values, now, since }, output) => {
  const traffic = queryTopTraffic(history.db, {
    from: since ?? now - DAY_MS,
    to: now + 1,
    interface: values.interface,
    limit: TOP_ROWS,
  });
  if (values.json) return (output.out(JSON.stringify(traffic, null, 2)), 0);
  if (traffic.hosts.length === 0)
    return (output.out('No captured traffic in that time: captures are what `top` counts.'), 0);
  output.out(`Captured traffic from ${formatMinute(traffic.from)} to ${formatMinute(traffic.to)}\n`);
  const hostRows = traffic.hosts.map((host) => [
    host.addr,
    host.mac ?? '-',
    formatBytes(host.bytesIn),
    formatBytes(host.bytesOut),
    formatBytes(host.bytesIn + host.bytesOut),
  ]);
  output.out(renderTable(['HOST', 'MAC', '↓ IN', '↑ OUT', 'TOTAL'], hostRows));
  const protocolRows = traffic.protocols.map((protocol) => [
    protocol.protocol,
    formatCount(protocol.frames),
    formatBytes(protocol.bytes),
  ]);
  output.out(`\n${renderTable(['PROTOCOL', 'FRAMES', 'BYTES'], protocolRows)}`);
  const flowRows = traffic.flows.map((flow) => [
    flow.transport,
    formatEndpoint(flow.aAddr, flow.aPort),
    formatEndpoint(flow.bAddr, flow.bPort),
    displayText(flow.serverName, 40) ?? flow.app ?? '-',
    formatBytes(flow.bytesAtoB),
    formatBytes(flow.bytesBtoA),
  ]);
  output.out(`\n${renderTable(['FLOW', 'A', 'B', 'SERVER', 'A→B', 'B→A'], flowRows)}`);
  return 0;
};

/** `history changes [--since T]`: new devices and addresses, ports opened and closed, devices gone (default: 7 days). */
export const changes: HistorySubcommand = ({ history, values, now, since }, output) => {
  const list = queryChanges(history.db, since ?? now - 7 * DAY_MS, now + 1);
  if (values.json) return (output.out(JSON.stringify(list, null, 2)), 0);
  if (list.length === 0) return (output.out('Nothing changed in that time.'), 0);
  output.out(
    renderTable(
      ['WHEN', 'CHANGE'],
      list.map((change) => [formatMinute(change.time), describeChange(change)]),
    ),
  );
  return 0;
};
