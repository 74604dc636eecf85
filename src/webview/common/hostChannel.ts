// The view's end of the webview transport: messages from the extension host arrive as window
// `message` events, and go back through the VS Code API.
import { ViewErrorNotification } from '../../shared/webviewProtocol';
import { WebviewEndpoint } from '../../shared/webviewTransport';
import type { VsCodeApi } from './vscodeApi';

/** Connects a transport endpoint to the host; errors thrown in the view are reported to the host's log. */
export function connectToHost(api: Pick<VsCodeApi<unknown>, 'postMessage'>): WebviewEndpoint {
  const endpoint: WebviewEndpoint = new WebviewEndpoint(
    (message) => api.postMessage(message),
    (error, method) => reportError(endpoint, error, method),
  );
  window.addEventListener('message', (event: MessageEvent<unknown>) => endpoint.handle(event.data));
  window.addEventListener('error', (event) => reportError(endpoint, event.error ?? event.message, 'window'));
  window.addEventListener('unhandledrejection', (event) => reportError(endpoint, event.reason, 'promise'));
  return endpoint;
}

function reportError(endpoint: WebviewEndpoint, error: unknown, where: string): void {
  const message = `${where}: ${error instanceof Error ? error.message : String(error)}`;
  endpoint.sendNotification(ViewErrorNotification.type, {
    message,
    stack: error instanceof Error ? error.stack : undefined,
  });
}
