// The dashboard's own UI state, persisted with setState so a reloaded panel comes back as it was.
// What comes back is checked field by field: it may come from an older version of the view.
import type { FlowFilter, FlowSortKey, SortOrder } from './flowQuery';

/** What the overview tab remembers. */
export interface OverviewState {
  /** interface whose bandwidth is drawn; '' for all */
  chartInterface: string;
  /** seconds shown when not zoomed */
  spanSeconds: number;
}

/** What the conversations tab remembers. */
export interface FlowsViewState {
  filter: FlowFilter;
  sort: SortOrder<FlowSortKey>;
}

/** What the packets tab remembers. */
export interface PacketsViewState {
  filter: string;
  paused: boolean;
}

export interface UiState {
  tab: string;
  capture: { iface: string; filter: string };
  overview: OverviewState;
  flows: FlowsViewState;
  packets: PacketsViewState;
}

export const defaultUiState: UiState = {
  tab: 'overview',
  capture: { iface: '', filter: '' },
  overview: { chartInterface: '', spanSeconds: 300 },
  flows: { filter: { host: '', port: '', protocol: '' }, sort: { key: 'bytes', descending: true } },
  packets: { filter: '', paused: false },
};

const sortKeys: FlowSortKey[] = [
  'a',
  'b',
  'protocol',
  'packets',
  'bytes',
  'bytesAtoB',
  'bytesBtoA',
  'duration',
  'lastSeen',
  'state',
];

type Loose = Record<string, unknown> | undefined;
const record = (value: unknown): Loose =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
const str = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);
const bool = (value: unknown, fallback: boolean) => (typeof value === 'boolean' ? value : fallback);

/** A valid UiState from whatever was persisted (defaults for anything missing or malformed). */
export function restoreUiState(value: unknown): UiState {
  const d = defaultUiState;
  const ui = record(value);
  const capture = record(ui?.capture);
  const overview = record(ui?.overview);
  const flows = record(ui?.flows);
  const flowFilter = record(flows?.filter);
  const sort = record(flows?.sort);
  const packets = record(ui?.packets);
  const span = Number(overview?.spanSeconds);
  return {
    tab: ['overview', 'flows', 'packets'].includes(str(ui?.tab, '')) ? str(ui?.tab, d.tab) : d.tab,
    capture: { iface: str(capture?.iface, ''), filter: str(capture?.filter, '') },
    overview: {
      chartInterface: str(overview?.chartInterface, ''),
      spanSeconds: [30, 60, 300].includes(span) ? span : d.overview.spanSeconds,
    },
    flows: {
      filter: {
        host: str(flowFilter?.host, ''),
        port: str(flowFilter?.port, ''),
        protocol: str(flowFilter?.protocol, ''),
      },
      sort: {
        key: sortKeys.includes(sort?.key as FlowSortKey) ? (sort?.key as FlowSortKey) : d.flows.sort.key,
        descending: bool(sort?.descending, d.flows.sort.descending),
      },
    },
    packets: { filter: str(packets?.filter, ''), paused: bool(packets?.paused, false) },
  };
}
