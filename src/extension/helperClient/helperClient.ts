import type { CancellationToken, NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc/node';
import { ErrorCodes, ResponseError } from 'vscode-jsonrpc/node';
import type { CaptureStatus } from '../../shared/model/capture';
import type { ScanRequest, ScanResult } from '../../shared/model/scan';
import type {
  ConfirmIdentifyParams,
  InterfacesResult,
  LogLevel,
  ScanProgressParams,
} from '../../shared/helperProtocol';
import { InterfacesRequest, ScanRequestMessage } from '../../shared/helperProtocol';
import { UserFacingError } from '../userFacingError';
import type { HelperLaunchPlan } from './helperLaunch';
import type { HelperLogger, SessionTimeouts } from './helperSession';
import { HelperSession } from './helperSession';
import { RestartPolicy } from './restartPolicy';

/** Problems the client reports on its own, outside any request. */
export interface HelperClientEvents {
  /** capture is unavailable; fired at most once per client */
  captureProblem(problem: NonNullable<CaptureStatus['problem']>): void;
  /** a background restart failed or restarting gave up */
  failed(error: UserFacingError): void;
}

/** What the client needs from the extension; no vscode types, so it runs under plain Node in tests. */
export interface HelperClientOptions {
  /** computed on every start, so a changed setting applies to the next one */
  plan(): HelperLaunchPlan;
  log: HelperLogger;
  logLevel(): LogLevel;
  events: HelperClientEvents;
  restartPolicy?: RestartPolicy;
  timeouts?: Partial<SessionTimeouts>;
  now?: () => number;
}

const DEFAULT_TIMEOUTS: SessionTimeouts = {
  initializeMs: 10_000,
  shutdownMs: 2_000,
  exitGraceMs: 1_000,
  killGraceMs: 1_000,
};

/**
 * The extension's handle on the helper. Starts it lazily on the first request, restarts it with
 * backoff when it crashes, and stops restarting after a crash loop until a request asks again.
 */
export class HelperClient {
  private current: Promise<HelperSession> | undefined;
  private live: HelperSession | undefined;
  private stopping: Promise<void> | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private gaveUp = false;
  private disposed = false;
  private captureProblemShown = false;
  private readonly progress = new Map<string, (params: ScanProgressParams) => void>();
  private readonly listeners = new Map<string, Set<(params: unknown) => void>>();
  private readonly endListeners = new Set<(reason: string) => void>();
  private readonly startListeners = new Set<() => void>();
  private readonly policy: RestartPolicy;
  private readonly timeouts: SessionTimeouts;

  constructor(private readonly options: HelperClientOptions) {
    this.policy = options.restartPolicy ?? new RestartPolicy();
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  }

  /** The helper's interfaces (starts the helper if needed). */
  async listInterfaces(): Promise<InterfacesResult> {
    const session = await this.session();
    return this.guard(session, session.connection.sendRequest(InterfacesRequest.type));
  }

  /** Runs a scan; `onProgress` gets the scan's progress notifications; cancelling the token cancels the request. */
  async scan(
    request: ScanRequest,
    token: CancellationToken,
    onProgress: (params: ScanProgressParams) => void,
  ): Promise<ScanResult> {
    const session = await this.session();
    this.progress.set(request.scanId, onProgress);
    try {
      return await this.guard(session, session.connection.sendRequest(ScanRequestMessage.type, request, token));
    } finally {
      this.progress.delete(request.scanId);
    }
  }

  /** Sends any request of the protocol (starts the helper if needed); cancelling the token cancels it. */
  async request<P, R>(type: RequestType<P, R, void>, params: P, token?: CancellationToken): Promise<R> {
    const session = await this.session();
    return this.guard(session, session.connection.sendRequest(type, params, token));
  }

  /** Sends a request without params (starts the helper if needed); cancelling the token cancels it. */
  async request0<R>(type: RequestType0<R, void>, token?: CancellationToken): Promise<R> {
    const session = await this.session();
    return this.guard(session, session.connection.sendRequest(type, token));
  }

  /** Listens to a notification from this and every later helper process; dispose to stop. */
  /**
   * Answers the helper's ports/confirmIdentify: the port scan commands ask the user; without them
   * service detection is skipped.
   */
  confirmIdentify: (params: ConfirmIdentifyParams) => Promise<boolean> = () => Promise.resolve(false);

  onNotification<P>(type: NotificationType<P>, listener: (params: P) => void): { dispose(): void } {
    const method = type.method;
    let set = this.listeners.get(method);
    if (!set) this.listeners.set(method, (set = new Set()));
    const entry = listener as (params: unknown) => void;
    set.add(entry);
    return { dispose: () => set.delete(entry) };
  }

  /**
   * Called whenever a helper process that was running ends, expectedly or not (with how it ended):
   * whatever it held, such as a live capture, is gone.
   */
  onDidEndSession(listener: (reason: string) => void): { dispose(): void } {
    this.endListeners.add(listener);
    return { dispose: () => this.endListeners.delete(listener) };
  }

  /**
   * Calls `listener` each time a helper process has started and initialized, restarts included:
   * the moment to renew what a helper keeps only per process (such as the bandwidth watch).
   */
  onDidStart(listener: () => void): { dispose(): void } {
    this.startListeners.add(listener);
    return { dispose: () => this.startListeners.delete(listener) };
  }

  /** What the running helper said about capture when it started; undefined while none runs. */
  get captureStatus(): CaptureStatus | undefined {
    return this.live?.info?.capture;
  }

  /** Whether a helper process is currently up and initialized. */
  get running(): boolean {
    return this.live !== undefined;
  }

  /** The running helper's process id (as it reported it), undefined while none runs. */
  get pid(): number | undefined {
    return this.live?.info?.pid;
  }

  /** Stops the helper if it runs; the next request starts a new one. */
  async stop(): Promise<void> {
    this.clearRestart();
    this.stopping ??= this.stopCurrent().finally(() => (this.stopping = undefined));
    return this.stopping;
  }

  /** Stops the helper for good (extension deactivation). */
  dispose(): Promise<void> {
    this.disposed = true;
    return this.stop();
  }

  private async session(): Promise<HelperSession> {
    if (this.disposed) throw new UserFacingError('LAN Lens is shutting down.');
    if (this.stopping) await this.stopping;
    this.clearRestart();
    if (this.gaveUp) {
      // An explicit request after giving up is the user asking to try again.
      this.gaveUp = false;
      this.policy.reset();
    }
    this.current ??= this.start();
    return this.current;
  }

  private async start(): Promise<HelperSession> {
    try {
      const session = await HelperSession.start(this.options.plan(), {
        log: this.options.log,
        logLevel: this.options.logLevel(),
        timeouts: this.timeouts,
        onProgress: (params) => this.progress.get(params.scanId)?.(params),
        onNotification: (method, params) => this.dispatch(method, params),
        onExit: (exited) => this.onExit(exited),
        confirmIdentify: (params) => this.confirmIdentify(params),
      });
      this.live = session;
      const problem = session.info?.capture.problem;
      if (problem && !session.info?.capture.available && !this.captureProblemShown) {
        this.captureProblemShown = true;
        this.options.events.captureProblem(problem);
      }
      // After this start's promise settles, so a listener's own request reuses this session.
      queueMicrotask(() => {
        for (const listener of [...this.startListeners]) listener();
      });
      return session;
    } catch (error) {
      this.current = undefined;
      throw error;
    }
  }

  private dispatch(method: string, params: unknown): void {
    for (const listener of [...(this.listeners.get(method) ?? [])]) {
      try {
        listener(params);
      } catch (error) {
        this.options.log.error(`Handling ${method} failed: ${error instanceof Error ? error.stack : String(error)}`);
      }
    }
  }

  private onExit(session: HelperSession): void {
    if (session !== this.live) return; // a start that failed reports through its own rejection
    this.live = undefined;
    this.current = undefined;
    for (const listener of [...this.endListeners]) listener(session.exit ?? 'unknown');
    if (session.expectedExit || this.disposed) return;
    const decision = this.policy.recordCrash((this.options.now ?? Date.now)());
    if (decision.restart) {
      this.options.log.warn(`Restarting the helper in ${decision.delayMs} ms (crash ${decision.crashesInWindow}).`);
      this.restartTimer = setTimeout(() => {
        this.restartTimer = undefined;
        this.session().catch((error: unknown) => this.options.events.failed(asUserFacing(error)));
      }, decision.delayMs);
      return;
    }
    this.gaveUp = true;
    const { maxCrashes, minutes } = this.policy.describeWindow();
    this.options.events.failed(
      new UserFacingError(
        `The LAN Lens helper crashed ${maxCrashes} times in ${minutes} minutes (last: ${session.exit ?? 'unknown'}), so it is not restarted automatically. The LAN Lens log says why; the next scan starts it again.`,
      ),
    );
  }

  /** Turns "connection disposed" rejections into a message that says the helper died. */
  private async guard<T>(session: HelperSession, request: Promise<T>): Promise<T> {
    try {
      return await request;
    } catch (error) {
      const lost =
        error instanceof ResponseError &&
        (error.code === ErrorCodes.PendingResponseRejected || error.code === ErrorCodes.ConnectionInactive);
      if (!lost || session.expectedExit) throw error;
      throw new UserFacingError(
        `The LAN Lens helper stopped before answering (${session.exit ?? 'connection lost'}). It restarts on its own; the LAN Lens log says why it stopped.`,
      );
    }
  }

  private async stopCurrent(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    this.live = undefined;
    if (!current) return;
    const session = await current.catch(() => undefined);
    if (!session) return;
    await session.stop();
    for (const listener of [...this.endListeners]) listener(`stopped (${session.exit ?? 'exit'})`);
  }

  private clearRestart(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
  }
}

function asUserFacing(error: unknown): UserFacingError {
  if (error instanceof UserFacingError) return error;
  return new UserFacingError(`Restarting the LAN Lens helper failed: ${String(error)}`);
}
