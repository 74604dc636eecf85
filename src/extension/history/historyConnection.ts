// Keeps the helper's history open: `history/open` at every helper start and settings change, and
// the way out of a damaged, locked or newer database (rename it aside and start afresh) offered
// once per kind of problem, never in a loop. No vscode here: the UI comes in through HistoryUi.
import type { HelperClient } from '../helperClient/helperClient';
import { errorMessage } from '../userFacingError';
import { HistoryFailedNotification, HistoryOpenRequest } from '../../shared/historyProtocol';
import type { HistorySettings, HistoryStatus } from '../../shared/model/history';

/** A problem status. */
type HistoryProblem = HistoryStatus & { state: 'problem' };

/** What the user chose about a history problem. */
export type HistoryChoice = 'startAfresh' | 'showLog' | undefined;

/** How the connection talks to the user. */
export interface HistoryUi {
  /** shows the problem; `startAfresh` says whether renaming the file aside would help */
  problem(problem: HistoryProblem, startAfresh: boolean): Thenable<HistoryChoice>;
  showLog(): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

/** The extension's side of the history database. */
export class HistoryConnection {
  private current: HistoryStatus = { state: 'closed' };
  private readonly shown = new Set<string>();
  private readonly listeners = new Set<(status: HistoryStatus) => void>();
  private readonly subscriptions: { dispose(): void }[];

  constructor(
    private readonly helper: HelperClient,
    private readonly path: string,
    private readonly settings: () => HistorySettings,
    private readonly ui: HistoryUi,
  ) {
    this.subscriptions = [
      helper.onDidStart(() => void this.open()),
      helper.onNotification(HistoryFailedNotification.type, (status) => void this.update(status)),
    ];
  }

  /** The database's state as last reported. */
  get status(): HistoryStatus {
    return this.current;
  }

  /** Calls `listener` whenever the state changes; dispose to stop. */
  onDidChange(listener: (status: HistoryStatus) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Opens (or reconfigures) the database in the running helper; `startAfresh` renames the old one aside first. */
  async open(startAfresh = false): Promise<HistoryStatus> {
    try {
      const status = await this.helper.request(HistoryOpenRequest.type, {
        path: this.path,
        settings: this.settings(),
        startAfresh,
      });
      if (status.state === 'open' && status.movedAsideTo) {
        this.ui.log('info', `History: the old database was renamed to ${status.movedAsideTo}; a new one was started.`);
      }
      await this.update(status);
    } catch (error) {
      this.ui.log('warn', `History could not be opened: ${errorMessage(error)}`);
    }
    return this.current;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.listeners.clear();
  }

  private async update(status: HistoryStatus): Promise<void> {
    this.current = status;
    for (const listener of [...this.listeners]) listener(status);
    if (status.state !== 'problem') return;
    // The same problem again (every helper start finds it) is not asked about again.
    if (this.shown.has(status.kind)) return;
    this.shown.add(status.kind);
    const canStartAfresh = status.kind === 'corrupt' || status.kind === 'locked' || status.kind === 'newer';
    if (status.kind === 'unavailable') {
      this.ui.log('warn', `History is off: ${status.message}`);
      return;
    }
    const choice = await this.ui.problem(status, canStartAfresh);
    if (choice === 'showLog') this.ui.showLog();
    if (choice === 'startAfresh') {
      this.shown.delete(status.kind);
      await this.open(true);
    }
  }
}
