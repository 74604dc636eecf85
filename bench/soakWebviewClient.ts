// The soak's end of its webview process (bench/soakWebview.ts): starts it, answers the page's
// requests for the dashboard state, forwards ticks and resets, and asks for the page's heap.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { FromWebview, ToWebview } from './soakWebview';
import type { DashboardState, DashboardTick } from '../src/shared/webviewProtocol';

/** What the page reported with its heap. */
export interface WebviewHeap {
  usedMiB: number;
  /** times the page asked for the whole state again (it missed a tick) */
  resyncs: number;
  /** ticks forwarded to it */
  ticks: number;
  pageErrors: string[];
}

/** The dashboard page in Chromium, run by a child process. */
export class SoakWebview {
  private readonly heaps = new Map<number, (heap: WebviewHeap) => void>();
  private nextId = 1;
  private failure: string | undefined;

  private constructor(private readonly child: ChildProcess) {}

  /** Starts the page; `state` gives the dashboard state whenever the page asks for it. */
  static async open(state: () => DashboardState): Promise<SoakWebview> {
    const child = fork(path.join(__dirname, 'soakWebview.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const webview = new SoakWebview(child);
    await new Promise<void>((resolve, reject) => {
      child.on('message', (message: FromWebview) => {
        switch (message.kind) {
          case 'opened':
            resolve();
            break;
          case 'state':
            webview.send({ kind: 'state', id: message.id, state: state() });
            break;
          case 'heap':
            webview.heaps.get(message.id)?.(message);
            webview.heaps.delete(message.id);
            break;
          case 'failed':
            webview.failure = message.message;
            reject(new Error(`the dashboard page failed: ${message.message}`));
            break;
        }
      });
      child.once('exit', (code) => {
        webview.failure ??= `its process exited (${code})`;
        reject(new Error(`the dashboard page ended: ${webview.failure}`));
      });
    });
    return webview;
  }

  tick(tick: DashboardTick): void {
    this.send({ kind: 'tick', tick });
  }

  reset(state: DashboardState): void {
    this.send({ kind: 'reset', state });
  }

  /** The page's JS heap after a collection; throws when the page failed or does not answer within 30 s. */
  heap(): Promise<WebviewHeap> {
    if (this.failure) return Promise.reject(new Error(`the dashboard page failed: ${this.failure}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('the dashboard page did not report its heap within 30 s')),
        30_000,
      );
      this.heaps.set(id, (heap) => {
        clearTimeout(timer);
        resolve(heap);
      });
      this.send({ kind: 'heap', id });
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.send({ kind: 'close' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  private send(message: ToWebview): void {
    if (this.child.connected) this.child.send(message);
  }
}
