// Search and filters: which nodes are drawn (subnet, kind, seen within a time window) and which
// the search picks out (name, address or MAC). Filtering never moves the layout: hidden nodes keep
// their places.
import type { TopologyNode } from '../../shared/topology/topologyModel';

/** The filters, as the toolbar sets them and the view persists them. */
export interface TopologyFilters {
  /** a subnet (CIDR) or '' for all */
  subnet: string;
  /** a node kind or '' for all */
  kind: string;
  /** only nodes seen within this many ms (0: any time) */
  windowMs: number;
  search: string;
}

/** No filter, no search. */
export const NO_FILTERS: TopologyFilters = { subnet: '', kind: '', windowMs: 0, search: '' };

/** The time windows the toolbar offers, in ms (0: any time). */
export const TIME_WINDOWS: readonly [string, number][] = [
  ['any time', 0],
  ['last 5 minutes', 5 * 60_000],
  ['last hour', 3_600_000],
  ['last day', 86_400_000],
];

/** Whether the filters show a node (this machine always). */
export function nodeShown(node: TopologyNode, filters: TopologyFilters, now: number): boolean {
  if (node.kind === 'self') return true;
  if (filters.subnet && node.subnet !== filters.subnet) return false;
  if (filters.kind && node.kind !== filters.kind) return false;
  return !(filters.windowMs > 0 && node.lastSeen > 0 && node.lastSeen < now - filters.windowMs);
}

/** Whether the search text matches a node's name, address or MAC (case-insensitive). */
export function nodeMatches(node: TopologyNode, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (!needle) return false;
  return [node.label, node.ip, node.mac, node.vendor].some((text) => text?.toLowerCase().includes(needle));
}

/** Applies the filters to every node: a 0/1 mask of those shown, and the search's matches (undefined without one). */
export function applyFilters(
  nodes: readonly TopologyNode[],
  filters: TopologyFilters,
  now: number,
  shown: Uint8Array,
): Set<number> | undefined {
  const searching = filters.search.trim() !== '';
  const matches = searching ? new Set<number>() : undefined;
  nodes.forEach((node, i) => {
    shown[i] = nodeShown(node, filters, now) ? 1 : 0;
    if (matches && shown[i] && nodeMatches(node, filters.search)) matches.add(i);
  });
  return matches;
}
