// The columns of the conversations table: endpoints labelled with known names (tooltips list
// everything known), protocol, server name, counts, sizes, times and TCP state.
import type { FlowSummary } from '../../shared/model/traffic';
import {
  formatBytes,
  formatClock,
  formatCount,
  formatDuration,
  formatEndpoint,
} from '../../shared/format/displayFormat';
import type { Column } from '../common/virtualTable';
import { flowProtocol } from './flowQuery';
import type { FlowSortKey } from './flowQuery';
import { hostLabel } from './hostNames';
import type { TrafficModel } from './trafficModel';

/** A right-aligned, sortable column of figures. */
function figure(
  id: FlowSortKey,
  label: string,
  width: number,
  text: (flow: FlowSummary) => string,
): Column<FlowSummary> {
  return { id, label, width, numeric: true, sortable: true, text };
}

/** One side's endpoint, with the name known for its address: `10.0.0.2:443 (nas.lab)`. */
function endpointColumn(model: TrafficModel, side: 'a' | 'b'): Column<FlowSummary> {
  const addrOf = (flow: FlowSummary) => (side === 'a' ? flow.aAddr : flow.bAddr);
  return {
    id: side,
    label: side === 'a' ? 'Address A' : 'Address B',
    width: 190,
    grow: 2,
    sortable: true,
    text: (flow) => {
      const addr = addrOf(flow);
      const label = hostLabel(model, addr);
      const named = label.label === addr ? '' : ` (${label.label})`;
      return `${formatEndpoint(addr, side === 'a' ? flow.aPort : flow.bPort)}${named}`;
    },
    title: (flow) => {
      const text = hostLabel(model, addrOf(flow)).title;
      return side === 'b' && flow.serverName ? `${text}\nserver name: ${flow.serverName}` : text;
    },
  };
}

/** Every column, in the order shown. */
export function flowColumns(model: TrafficModel): Column<FlowSummary>[] {
  return [
    endpointColumn(model, 'a'),
    endpointColumn(model, 'b'),
    { id: 'protocol', label: 'Protocol', width: 90, sortable: true, text: flowProtocol },
    { id: 'server', label: 'Server name', width: 140, grow: 1, text: (flow) => flow.serverName ?? '' },
    figure('packets', 'Packets', 80, (f) => formatCount(f.packetsAtoB + f.packetsBtoA)),
    figure('bytes', 'Bytes', 85, (f) => formatBytes(f.bytesAtoB + f.bytesBtoA)),
    figure('bytesAtoB', 'A → B', 85, (f) => formatBytes(f.bytesAtoB)),
    figure('bytesBtoA', 'B → A', 85, (f) => formatBytes(f.bytesBtoA)),
    figure('duration', 'Duration', 90, (f) => formatDuration(f.lastSeen - f.firstSeen)),
    figure('lastSeen', 'Last seen', 90, (f) => formatClock(f.lastSeen, false)),
    { id: 'state', label: 'TCP state', width: 95, sortable: true, text: (f) => f.tcpState ?? '' },
  ];
}
