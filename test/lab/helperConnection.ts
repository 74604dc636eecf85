// The helper in server mode (`node bin/lanlens.js serve`), spoken to over JSON-RPC on its stdio as
// the extension does: for tests of what only the server does (ticks, save, surviving failures).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { cliPath } from './cli';
import type { Unprivileged } from './cli';
import {
  ExitNotification,
  HELPER_PROTOCOL_VERSION,
  InitializeRequest,
  ShutdownRequest,
} from '../../src/shared/helperProtocol';

export interface HelperConnection {
  connection: MessageConnection;
  child: ChildProcess;
  /** stderr so far */
  readonly stderr: string;
  /** shutdown request, exit notification; resolves with the exit code */
  shutdown(): Promise<number | null>;
}

/** How to start the helper: extra environment (e.g. SUDO_UID), or as `nobody` (see prepareUnprivileged). */
export interface HelperStartOptions {
  env?: NodeJS.ProcessEnv;
  asNobody?: Unprivileged;
  /** a network namespace to run it in (a lab's scanner) */
  namespace?: string;
}

/** Spawns the helper and initializes it. */
export async function startHelper(options: HelperStartOptions = {}): Promise<HelperConnection> {
  const nobody = options.asNobody;
  const inNamespace = options.namespace ? ['ip', 'netns', 'exec', options.namespace] : [];
  const [command, ...args] = [
    ...inNamespace,
    ...(nobody
      ? ['runuser', '-u', 'nobody', '--', nobody.node, nobody.cli, 'serve']
      : [process.execPath, cliPath, 'serve']),
  ];
  const child = spawn(command, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
    cwd: nobody ? '/' : undefined,
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  connection.listen();
  process.once('exit', () => child.kill('SIGKILL'));
  await connection.sendRequest(InitializeRequest.type, { protocolVersion: HELPER_PROTOCOL_VERSION, logLevel: 'debug' });
  return {
    connection,
    child,
    get stderr() {
      return stderr;
    },
    async shutdown() {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      try {
        await connection.sendRequest(ShutdownRequest.type);
        await connection.sendNotification(ExitNotification.type);
      } catch {
        // a helper that already died answers nothing: the exit code says so
      }
      const code = await exited;
      clearTimeout(timer);
      connection.dispose();
      return code;
    },
  };
}
