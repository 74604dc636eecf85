// The dashboard's tabs, in the order shown. A new tab is its own file exporting a ViewSpec, plus
// one entry here; its id is then a ViewId, and an id that is not one is a compile error.
import { formatCount } from '../../shared/format/displayFormat';
import type { View, ViewContext, ViewSpec } from './dashboardView';
import { flowsTab } from './flowsView';
import { overviewTab } from './overviewView';
import { packetsTab } from './packetsView';
import type { TrafficModel } from './trafficModel';

/** Every tab by its id (the DOM's `#tab-<id>`, and what the persisted UI state names). */
export const dashboardViews = {
  overview: overviewTab,
  flows: flowsTab,
  packets: packetsTab,
};

/** A tab's id. */
export type ViewId = keyof typeof dashboardViews;

/** What each tab persists, by id. */
export type ViewStates = { [K in ViewId]: (typeof dashboardViews)[K] extends ViewSpec<infer S> ? S : never };

/** The ids in tab order. */
export const viewIds = Object.keys(dashboardViews) as ViewId[];

/** The registry seen per id, so the compiler pairs each spec with its own state. */
const specs: { [K in ViewId]: ViewSpec<ViewStates[K]> } = dashboardViews;

/** One value per tab, by id. */
function perView<T>(make: <K extends ViewId>(id: K) => T): { [K in ViewId]: T } {
  return Object.fromEntries(viewIds.map((id) => [id, make(id)])) as { [K in ViewId]: T };
}

/** Each tab's state from whatever was persisted under its id. */
export function restoreViewStates(persisted: Record<string, unknown> | undefined): ViewStates {
  return Object.fromEntries(viewIds.map((id) => [id, specs[id].restore(persisted?.[id])])) as ViewStates;
}

/** Builds every tab's view; `save` persists a tab's state under its id. */
export function createViews(
  context: ViewContext,
  states: ViewStates,
  save: <K extends ViewId>(id: K, state: ViewStates[K]) => void,
): { [K in ViewId]: View } {
  return perView((id) => specs[id].create(context, states[id], (state) => save(id, state)));
}

/** A tab's label: its title, with its figure when it has one (`Packets (1,234)`). */
export function tabLabel(id: ViewId, model: TrafficModel): string {
  const spec: ViewSpec<unknown> = specs[id];
  return spec.count ? `${spec.title} (${formatCount(spec.count(model))})` : spec.title;
}
