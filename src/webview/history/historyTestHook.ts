import type { HistoryTestHook } from './historyHook';
import type { HistoryViewState } from '../../shared/historyViewProtocol';

/** Installs `window.lanLensHistory`, read-only. */
export function exposeForTests(state: () => HistoryViewState | undefined): void {
  const hook: HistoryTestHook = { state };
  Object.defineProperty(window, 'lanLensHistory', { value: Object.freeze(hook) });
}
