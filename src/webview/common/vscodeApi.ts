// VS Code's webview API, acquired once (a second acquireVsCodeApi() call throws), and the view's
// persisted state: setState survives a reload of the panel and is what the panel serializer gets.

/** The part of the webview API LAN Lens uses. */
export interface VsCodeApi<State> {
  postMessage(message: unknown): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<State>(): VsCodeApi<State>;

let api: VsCodeApi<unknown> | undefined;

/** The API of this webview. */
export function vscodeApi<State>(): VsCodeApi<State> {
  api ??= acquireVsCodeApi<unknown>();
  return api as VsCodeApi<State>;
}

/**
 * A typed slice of the persisted state, written at most once per `delayMs` (setState serialises the
 * whole object, and filters change on every key press).
 */
export class PersistedState<State extends object> {
  private current: State;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `initial`: what getState() gave, checked by the caller (it may come from an older version). */
  constructor(
    private readonly api: VsCodeApi<State>,
    initial: State,
    private readonly delayMs = 250,
  ) {
    this.current = initial;
    // A change still waiting for its timer would be lost when the panel reloads or is disposed
    // (VS Code drops a hidden webview's page): write it as the page goes.
    globalThis.addEventListener?.('pagehide', () => this.timer !== undefined && this.flush());
  }

  get(): Readonly<State> {
    return this.current;
  }

  update(patch: Partial<State>): void {
    this.current = { ...this.current, ...patch };
    this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.api.setState(this.current);
  }
}
