// The dashboard's own UI state, persisted with setState so a reloaded panel comes back as it was:
// the tab shown, the capture controls' choices, and each tab's own state under its id. What comes
// back is checked field by field (each tab checks its own): it may come from an older version.
import { oneOf, record, str } from '../common/looseValues';
import type { ViewId, ViewStates } from './dashboardViews';
import { restoreViewStates, viewIds } from './dashboardViews';

/** Everything the dashboard persists of its own. */
export type UiState = {
  tab: ViewId;
  capture: { iface: string; filter: string };
} & ViewStates;

/** A valid UiState from whatever was persisted (defaults for anything missing or malformed). */
export function restoreUiState(value: unknown): UiState {
  const ui = record(value);
  const capture = record(ui?.capture);
  return {
    tab: oneOf(ui?.tab, viewIds, viewIds[0]!),
    capture: { iface: str(capture?.iface, ''), filter: str(capture?.filter, '') },
    ...restoreViewStates(ui),
  };
}

/** What a panel opened for the first time shows. */
export const defaultUiState: UiState = restoreUiState(undefined);
