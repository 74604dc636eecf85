// What the Run and Debug view's "Network" tree shows of a debug session, as plain data: the
// attribution mode, the process tree with each process's rates and connections, and the errors.
// No vscode, so it is tested alone; debugNetworkView.ts turns it into tree items.
import { formatBytes, formatByteRate, formatCountOf, formatEndpoint } from '../../shared/format/displayFormat';
import { processLabel } from '../../shared/model/sockets';
import type { ProcessEntry, SocketRow } from '../../shared/model/sockets';
import { processForest } from '../../shared/sockets/processForest';
import type { ProcessTreeNode } from '../../shared/sockets/processForest';
import type { SocketsState } from '../../shared/sockets/socketsState';
import type { AttributionMode, DebugSessionView } from '../../shared/socketsViewProtocol';

/** One node of the tree. */
export interface DebugTreeNode {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** a codicon name */
  icon: string;
  children?: DebugTreeNode[];
  /** marks failed connections and exited processes */
  tone?: 'error' | 'muted';
}

/** The attribution modes as people read them. */
export const ATTRIBUTION_LABELS: Record<AttributionMode, string> = {
  exact: 'Exact: its sockets, with captured packets',
  'by-socket': 'By socket: the debug port’s owner',
  'sockets-only': 'Sockets only: the kernel’s socket table, no capture',
  unscoped: 'Unscoped: every process of yours',
};

function connectionNode(row: SocketRow): DebugTreeNode {
  const failed = row.outcome === 'refused' || row.outcome === 'timeout' || row.outcome === 'reset';
  const bytes =
    row.bytesAcked === undefined ? '' : ` · ↑ ${formatBytes(row.bytesAcked)} ↓ ${formatBytes(row.bytesReceived ?? 0)}`;
  return {
    id: `socket:${row.id}`,
    label: formatEndpoint(row.remoteAddress, row.remotePort) || formatEndpoint(row.localAddress, row.localPort),
    description: `${row.protocol} ${failed ? row.outcome : row.state}${bytes}`,
    tooltip: `${row.protocol} ${formatEndpoint(row.localAddress, row.localPort)} → ${formatEndpoint(row.remoteAddress, row.remotePort)}`,
    icon: failed ? 'error' : row.closedAt === undefined ? 'plug' : 'debug-disconnect',
    ...(failed ? { tone: 'error' as const } : row.closedAt !== undefined ? { tone: 'muted' as const } : {}),
  };
}

function processNode(entry: ProcessEntry, state: SocketsState, children: DebugTreeNode[]): DebugTreeNode {
  const traffic = state.traffic.find((candidate) => candidate.pid === entry.pid);
  const rows = [...state.rows.values()].filter((row) => row.pid === entry.pid);
  const rates = traffic
    ? `↑ ${formatByteRate(traffic.sendBytesPerSecond)} ↓ ${formatByteRate(traffic.receiveBytesPerSecond)} · `
    : '';
  return {
    id: `process:${entry.pid}:${entry.startTime}`,
    label: `${processLabel(entry)} ${entry.pid}`,
    description: entry.exitedAt === undefined ? `${rates}${formatCountOf(rows.length, 'connection')}` : 'exited',
    tooltip: entry.command ?? entry.name,
    icon: 'server-process',
    children: [...children, ...rows.map(connectionNode)],
    ...(entry.exitedAt !== undefined ? { tone: 'muted' as const } : {}),
  };
}

/** The process tree: each process under its parent when the parent is watched too. */
function processNodes(state: SocketsState): DebugTreeNode[] {
  const build = (node: ProcessTreeNode): DebugTreeNode => processNode(node.entry, state, node.children.map(build));
  return processForest([...state.processes.values()]).map(build);
}

/** The whole tree of a session. */
export function debugTree(view: DebugSessionView, state: SocketsState): DebugTreeNode[] {
  const errors = [...state.rows.values()].filter((row) => row.outcome && row.outcome !== 'closed');
  const nodes: DebugTreeNode[] = [
    {
      id: 'mode',
      label: ATTRIBUTION_LABELS[view.attribution],
      description: view.name,
      tooltip: view.attributionNote,
      icon: view.attribution === 'unscoped' ? 'warning' : 'pass',
    },
  ];
  if (view.attribution !== 'unscoped') nodes.push(...processNodes(state));
  if (errors.length > 0)
    nodes.push({
      id: 'errors',
      label: `Errors (${errors.length})`,
      icon: 'error',
      tone: 'error',
      children: errors.map(connectionNode),
    });
  return nodes;
}
