import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import * as readline from 'node:readline';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type {
  ConfirmIdentifyParams,
  InitializeResult,
  LogLevel,
  ScanProgressParams,
} from '../../shared/helperProtocol';
import {
  ConfirmIdentifyRequest,
  describeRuntime,
  ExitNotification,
  HELPER_PROTOCOL_VERSION,
  InitializeRequest,
  LogNotification,
  ScanProgressNotification,
  ShutdownRequest,
} from '../../shared/helperProtocol';
import { SettingKey } from '../contributionIds';
import { errorMessage, UserFacingError } from '../userFacingError';
import type { HelperLaunchPlan } from './helperLaunch';
import { hasExited, killHelperTree, spawnHelper, waitForExit } from './helperProcess';
import { describeExit, spawnFailure } from './startErrors';
import { stderrLevel } from './stderrLevel';

/** Where helper output goes; a vscode LogOutputChannel fits. */
export type HelperLogger = Record<LogLevel, (message: string) => void>;

/** How long each lifecycle step may take, in milliseconds. */
export interface SessionTimeouts {
  initializeMs: number;
  shutdownMs: number;
  /** after `helper/exit`, before SIGTERM */
  exitGraceMs: number;
  /** after SIGTERM, before SIGKILL */
  killGraceMs: number;
}

/** What a session needs from its owner. */
export interface SessionHooks {
  log: HelperLogger;
  logLevel: LogLevel;
  timeouts: SessionTimeouts;
  onProgress(params: ScanProgressParams): void;
  /** every notification without a handler of its own (capture ticks, port-scan progress…) */
  onNotification(method: string, params: unknown): void;
  /** called once when the process exits, whether expected or not */
  onExit(session: HelperSession): void;
  /** the helper asks before identifying services on very many open ports (ports/confirmIdentify) */
  confirmIdentify(params: ConfirmIdentifyParams): Promise<boolean>;
}

const LEVELS = new Set<string>(['trace', 'debug', 'info', 'warn', 'error']);

/** One running helper process and its JSON-RPC connection, from spawn to exit. */
export class HelperSession {
  /** set once `helper/initialize` has answered */
  info: InitializeResult | undefined;
  /** how the process ended, once it has */
  exit: string | undefined;
  /** set before asking the helper to stop, so its exit is not taken for a crash */
  expectedExit = false;

  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly connection: MessageConnection,
    private readonly hooks: SessionHooks,
  ) {}

  /** Spawns the helper, connects, and runs the initialize handshake; rejects with a UserFacingError. */
  static async start(plan: HelperLaunchPlan, hooks: SessionHooks): Promise<HelperSession> {
    const { log } = hooks;
    const from = plan.runtime.source === 'host' ? "VS Code's own runtime" : SettingKey.helperNodePath;
    log.info(`Starting helper on ${from}: ${plan.launch.command} ${plan.launch.args.join(' ')}`);
    const started = performance.now();
    let child: ChildProcessWithoutNullStreams;
    try {
      child = await spawnHelper(plan.launch);
    } catch (error) {
      log.error(`Spawning the helper failed: ${errorMessage(error)}`);
      throw spawnFailure(plan.runtime, error);
    }
    const connection = createMessageConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const session = new HelperSession(child, connection, hooks);
    session.wire();
    try {
      session.info = await session.initialize();
    } catch (error) {
      session.expectedExit = true;
      await session.stop();
      if (error instanceof UserFacingError) throw error;
      const how = session.exit ? `it ended with ${session.exit}` : errorMessage(error);
      throw new UserFacingError(`The LAN Lens helper failed to start: ${how}. The LAN Lens log has its output.`);
    }
    // From spawn to the initialize answer: the runtime's start, the bundle and the capture module loading.
    log.info(`Helper started in ${Math.round(performance.now() - started)} ms.`);
    return session;
  }

  private wire(): void {
    const { child, connection, hooks } = this;
    const { log } = hooks;
    readline.createInterface({ input: child.stderr }).on('line', (line) => log[stderrLevel(line)](`[helper] ${line}`));
    // Writes after the helper died fail with EPIPE; the exit handler reports the real cause.
    child.stdin.on('error', (error) => log.debug(`Helper stdin: ${error.message}`));
    child.once('exit', (code, signal) => {
      this.exit = describeExit(code, signal);
      log[this.expectedExit ? 'info' : 'error'](`Helper (pid ${child.pid}) ended with ${this.exit}.`);
      // Rejects requests still waiting for an answer, so no caller hangs on a dead helper.
      connection.dispose();
      hooks.onExit(this);
    });
    connection.onNotification(LogNotification.type, ({ level, message }) => {
      log[LEVELS.has(level) ? level : 'info'](message);
    });
    connection.onNotification(ScanProgressNotification.type, (params) => hooks.onProgress(params));
    connection.onNotification((method, params) => hooks.onNotification(method, params));
    connection.onRequest(ConfirmIdentifyRequest.type, (params) => hooks.confirmIdentify(params));
    connection.onError(([error]) => log.error(`Helper connection: ${error.message}`));
    connection.listen();
  }

  private async initialize(): Promise<InitializeResult> {
    const { timeouts, logLevel, log } = this.hooks;
    const request = this.connection.sendRequest(InitializeRequest.type, {
      protocolVersion: HELPER_PROTOCOL_VERSION,
      logLevel,
    });
    const info = await withTimeout(request, timeouts.initializeMs, 'helper/initialize');
    if (info.protocolVersion !== HELPER_PROTOCOL_VERSION) {
      throw new UserFacingError(
        `The LAN Lens helper speaks protocol version ${info.protocolVersion} but the extension speaks ${HELPER_PROTOCOL_VERSION}: the build is inconsistent. Rebuild LAN Lens ("npm run build") or reinstall it.`,
      );
    }
    log.info(`Helper ${info.version} running (pid ${info.pid}) on ${describeRuntime(info.node)}.`);
    return info;
  }

  /** shutdown request, exit notification, then SIGTERM and SIGKILL to the process group if it lingers. */
  async stop(): Promise<void> {
    const { child, connection, hooks } = this;
    const { log, timeouts } = hooks;
    this.expectedExit = true;
    if (!hasExited(child) && this.info) {
      try {
        await withTimeout(connection.sendRequest(ShutdownRequest.type), timeouts.shutdownMs, 'helper/shutdown');
      } catch (error) {
        log.warn(`Helper shutdown: ${errorMessage(error)}`);
      }
      try {
        await connection.sendNotification(ExitNotification.type);
      } catch {
        // The helper already closed its end: the wait below settles it.
      }
    }
    if (await waitForExit(child, this.info ? timeouts.exitGraceMs : 0)) {
      // Children the helper started may outlive it in its process group.
      if (process.platform !== 'win32') killHelperTree(child, 'SIGTERM');
    } else {
      log.warn(`Helper (pid ${child.pid}) did not exit; sending SIGTERM to its process group.`);
      killHelperTree(child, 'SIGTERM');
      if (!(await waitForExit(child, timeouts.killGraceMs))) {
        log.warn(`Helper (pid ${child.pid}) ignored SIGTERM; sending SIGKILL.`);
        killHelperTree(child, 'SIGKILL');
        await waitForExit(child, timeouts.killGraceMs);
      }
    }
    connection.dispose();
  }
}

/** Rejects when `promise` has not settled within `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} got no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
