/**
 * Request/response with ids, plus notifications, over a postMessage channel: the one transport
 * between the extension host and a webview. Both ends use this class; each gives it its own way to
 * post (`webview.postMessage`, `vscodeApi.postMessage`) and feeds it what arrives.
 * Messages typed by the descriptors in webviewProtocol.ts; anything else arriving is ignored.
 */
import type { WebviewError, WebviewNotificationType, WebviewRequestType } from './webviewProtocol';

/** What crosses postMessage. `lanLens` marks our envelopes (and says which kind). */
export type WireMessage =
  | { lanLens: 'request'; id: number; method: string; params: unknown }
  | { lanLens: 'response'; id: number; result?: unknown; error?: WebviewError }
  | { lanLens: 'notification'; method: string; params: unknown };

/** Thrown by a request handler to answer with a fix the other side can show. */
export class WebviewRequestError extends Error implements WebviewError {
  constructor(
    message: string,
    readonly fix?: string,
  ) {
    super(message);
    this.name = 'WebviewRequestError';
  }
}

type RequestHandler = (params: unknown) => unknown;
type NotificationHandler = (params: unknown) => void;

interface Pending {
  resolve(result: unknown): void;
  reject(error: WebviewRequestError): void;
}

/** Removes a handler again. */
export type Unsubscribe = () => void;

/** One end of the channel. */
export class WebviewEndpoint {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly requestHandlers = new Map<string, RequestHandler>();
  private readonly notificationHandlers = new Map<string, Set<NotificationHandler>>();
  private disposed = false;

  /**
   * @param post sends one message to the other side
   * @param onHandlerError called when a notification handler throws (requests answer with the error instead)
   */
  constructor(
    private readonly post: (message: WireMessage) => unknown,
    private readonly onHandlerError: (error: unknown, method: string) => void = () => undefined,
  ) {}

  sendRequest<P, R>(type: WebviewRequestType<P, R>, params: P): Promise<R> {
    if (this.disposed) return Promise.reject(new WebviewRequestError(`${type.method}: the channel is closed`));
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ lanLens: 'request', id, method: type.method, params });
    });
  }

  sendNotification<P>(type: WebviewNotificationType<P>, params: P): void {
    if (!this.disposed) this.send({ lanLens: 'notification', method: type.method, params });
  }

  /** One handler per method; its return value (or promise) is the answer, a throw the error answer. */
  onRequest<P, R>(type: WebviewRequestType<P, R>, handler: (params: P) => R | Promise<R>): Unsubscribe {
    this.requestHandlers.set(type.method, handler as RequestHandler);
    return () => {
      if (this.requestHandlers.get(type.method) === handler) this.requestHandlers.delete(type.method);
    };
  }

  onNotification<P>(type: WebviewNotificationType<P>, handler: (params: P) => void): Unsubscribe {
    let handlers = this.notificationHandlers.get(type.method);
    if (!handlers) this.notificationHandlers.set(type.method, (handlers = new Set()));
    handlers.add(handler as NotificationHandler);
    return () => handlers.delete(handler as NotificationHandler);
  }

  /** Feeds one received message in; returns false when it is not one of ours. */
  handle(message: unknown): boolean {
    if (this.disposed || !isWireMessage(message)) return false;
    switch (message.lanLens) {
      case 'response':
        this.settle(message);
        break;
      case 'notification':
        for (const handler of this.notificationHandlers.get(message.method) ?? []) {
          try {
            handler(message.params);
          } catch (error) {
            this.onHandlerError(error, message.method);
          }
        }
        break;
      case 'request':
        void this.answer(message.id, message.method, message.params);
        break;
    }
    return true;
  }

  /** Rejects every request still waiting and ignores what arrives later. */
  dispose(): void {
    this.disposed = true;
    for (const pending of this.pending.values()) pending.reject(new WebviewRequestError('the channel was closed'));
    this.pending.clear();
  }

  private settle(message: { id: number; result?: unknown; error?: WebviewError }): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.error) pending.reject(new WebviewRequestError(message.error.message, message.error.fix));
    else pending.resolve(message.result);
  }

  private async answer(id: number, method: string, params: unknown): Promise<void> {
    const handler = this.requestHandlers.get(method);
    try {
      if (!handler) throw new WebviewRequestError(`no handler for ${method}`);
      const result = await handler(params);
      this.send({ lanLens: 'response', id, result });
    } catch (error) {
      this.send({ lanLens: 'response', id, error: toWebviewError(error) });
    }
  }

  private send(message: WireMessage): void {
    if (this.disposed) return;
    const sent = this.post(message);
    // webview.postMessage answers with a thenable; a rejection means the other side is gone.
    if (sent && typeof (sent as PromiseLike<unknown>).then === 'function') {
      (sent as PromiseLike<unknown>).then(undefined, (error: unknown) => this.onHandlerError(error, 'postMessage'));
    }
  }
}

/** The error answer for anything a handler threw. */
export function toWebviewError(error: unknown): WebviewError {
  if (error instanceof Error) {
    const fix = (error as { fix?: unknown }).fix;
    return typeof fix === 'string' ? { message: error.message, fix } : { message: error.message };
  }
  return { message: String(error) };
}

function isWireMessage(value: unknown): value is WireMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Record<string, unknown>;
  switch (message.lanLens) {
    case 'request':
      return typeof message.id === 'number' && typeof message.method === 'string';
    case 'response':
      return (
        typeof message.id === 'number' &&
        (message.error === undefined ||
          (typeof message.error === 'object' &&
            message.error !== null &&
            typeof (message.error as WebviewError).message === 'string'))
      );
    case 'notification':
      return typeof message.method === 'string';
    default:
      return false;
  }
}
