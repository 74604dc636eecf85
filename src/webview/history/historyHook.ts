// What the history view shows the tests through `window.lanLensHistory` (installed by
// historyTestHook.ts): a type of its own, so the tests can name it without the DOM.
import type { HistoryViewState } from '../../shared/historyViewProtocol';

/** `window.lanLensHistory`. */
export interface HistoryTestHook {
  /** the state the view drew last */
  state(): HistoryViewState | undefined;
}
