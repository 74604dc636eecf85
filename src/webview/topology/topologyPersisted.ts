// What the view persists with setState, so a reloaded panel comes back as it was: the layout,
// the filters, the zoom, the selection and every node's position per layout. What comes back is
// checked field by field: it may come from an older version.
import type { TopologyLayoutKind } from '../../shared/topology/topologyModel';
import { oneOf, record, str } from '../common/looseValues';
import type { TopologyFilters } from './topologyFilters';
import { NO_FILTERS } from './topologyFilters';

/** The view's persisted state. */
export interface TopologyPersisted {
  layout: TopologyLayoutKind;
  filters: TopologyFilters;
  transform?: { k: number; x: number; y: number };
  /** node id */
  selected?: string;
  /** node id → [x, y] in layout units, per layout */
  positions: Partial<Record<TopologyLayoutKind, Record<string, [number, number]>>>;
}

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** A valid state from whatever was persisted. */
export function restoreTopologyState(value: unknown): TopologyPersisted {
  const saved = record(value);
  const filters = record(saved?.filters);
  const transform = record(saved?.transform);
  const positions: TopologyPersisted['positions'] = {};
  for (const layout of ['network', 'conversations'] as const) {
    const table = record(record(saved?.positions)?.[layout]);
    if (!table) continue;
    const kept: Record<string, [number, number]> = {};
    for (const [id, point] of Object.entries(table)) {
      if (Array.isArray(point) && finite(point[0]) && finite(point[1])) kept[id] = [point[0], point[1]];
    }
    positions[layout] = kept;
  }
  return {
    layout: oneOf(saved?.layout, ['network', 'conversations'] as const, 'network'),
    filters: {
      subnet: str(filters?.subnet, NO_FILTERS.subnet),
      kind: str(filters?.kind, NO_FILTERS.kind),
      windowMs: finite(filters?.windowMs) ? filters.windowMs : 0,
      search: str(filters?.search, ''),
    },
    transform:
      transform && finite(transform.k) && finite(transform.x) && finite(transform.y) && transform.k > 0
        ? { k: transform.k, x: transform.x, y: transform.y }
        : undefined,
    selected: typeof saved?.selected === 'string' ? saved.selected : undefined,
    positions,
  };
}
