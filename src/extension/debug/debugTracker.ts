import * as vscode from 'vscode';
import type { SocketsTick } from '../../shared/model/sockets';
import type { DebugSessionView } from '../../shared/socketsViewProtocol';
import type { WatchHelper } from '../sockets/socketWatchClient';
import { pidsFromAdapter, pidsFromConfiguration, pidsFromEditor, resumesOnRequest, runChangeOf } from './dapMessages';
import { DebugSessionTraffic } from './debugSessionTraffic';
import type { CaptureView } from './debugSessionTraffic';

/** How long a session's watch goes on after it ended, for the last close events. */
const LINGER_MS = 3000;

/** What the debug views hear about the session they show (the latest top-level session). */
export interface DebugTrafficEvents {
  /** a new session is shown */
  started(session: DebugSessionTraffic): void;
  changed(session: DebugSessionTraffic, view: DebugSessionView): void;
  tick(session: DebugSessionTraffic, tick: SocketsTick): void;
  reset(session: DebugSessionTraffic): void;
}

/** The top-level session of a session (js-debug's child sessions belong to their parent's program). */
function rootOf(session: vscode.DebugSession): vscode.DebugSession {
  let root = session;
  while (root.parentSession) root = root.parentSession;
  return root;
}

/**
 * A debug adapter tracker for every debug type: it reads each session's DAP traffic for the
 * debuggee's pids (process events, attach arguments, runInTerminal, js-debug child sessions,
 * Java's processId) and its pauses, and keeps one DebugSessionTraffic per top-level session.
 */
export class DebugTracker implements vscode.Disposable {
  private readonly sessions = new Map<string, DebugSessionTraffic>();
  private readonly disposables: vscode.Disposable[];
  /** the session the views show: the latest to start */
  current: DebugSessionTraffic | undefined;

  constructor(
    private readonly helper: WatchHelper,
    private readonly events: DebugTrafficEvents,
    private readonly capture: () => CaptureView,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables = [
      vscode.debug.registerDebugAdapterTrackerFactory('*', {
        createDebugAdapterTracker: (session) => this.trackerFor(session),
      }),
      vscode.debug.onDidTerminateDebugSession((session) => this.terminated(session)),
    ];
  }

  /** Capture started or stopped: the attribution mode changes. */
  captureChanged(): void {
    for (const session of this.sessions.values()) session.captureChanged();
  }

  private trackerFor(session: vscode.DebugSession): vscode.DebugAdapterTracker {
    const traffic = this.trafficOf(rootOf(session));
    if (session.parentSession) traffic.learn(pidsFromConfiguration(session.configuration));
    const learn = (pids: ReturnType<typeof pidsFromAdapter>) => {
      if (pids.length === 0) return;
      this.log.info(`Debug ${traffic.info.name}: ${pids.map(({ pid, how }) => `pid ${pid} (${how})`).join(', ')}`);
      traffic.learn(pids);
    };
    return {
      onDidSendMessage: (message: unknown) => {
        learn(pidsFromAdapter(message));
        const change = runChangeOf(message);
        if (change) traffic.runChanged(change);
      },
      onWillReceiveMessage: (message: unknown) => {
        learn(pidsFromEditor(message));
        if (resumesOnRequest(message)) traffic.runChanged('continued');
      },
    };
  }

  private trafficOf(root: vscode.DebugSession): DebugSessionTraffic {
    const known = this.sessions.get(root.id);
    if (known) return known;
    const info = { id: root.id, name: root.name, type: root.type, configuration: root.configuration };
    const traffic: DebugSessionTraffic = new DebugSessionTraffic(
      this.helper,
      info,
      {
        changed: (view) => this.events.changed(traffic, view),
        tick: (tick) => this.events.tick(traffic, tick),
        reset: () => this.events.reset(traffic),
      },
      { capture: this.capture },
    );
    this.sessions.set(root.id, traffic);
    this.current?.dispose();
    this.current = traffic;
    this.events.started(traffic);
    traffic.start();
    return traffic;
  }

  private terminated(session: vscode.DebugSession): void {
    const traffic = this.sessions.get(session.id);
    if (!traffic) return;
    traffic.runChanged('ended');
    this.sessions.delete(session.id);
    // The last close events arrive after the end; then the watch stops and the panel keeps its rows.
    setTimeout(() => traffic.dispose(), LINGER_MS);
  }

  dispose(): void {
    for (const session of this.sessions.values()) session.dispose();
    this.current?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
