/** Something to release, in the shape of `vscode.Disposable`. */
export interface Disposable {
  dispose(): void;
}

/** Subscribes a listener, in the shape of `vscode.Event` (so it plugs into `context.subscriptions`). */
export type Event<T> = (listener: (value: T) => void) => Disposable;

/**
 * A tiny `vscode.EventEmitter` without `vscode`, so the stores that use it run in unit tests under
 * plain Node. A listener that throws does not stop the others.
 */
export class Emitter<T> implements Disposable {
  private readonly listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        console.error('LAN Lens: a listener failed', error);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
