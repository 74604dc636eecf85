/**
 * The extension ⇄ helper message of the encrypted event log, in the style of helperProtocol.ts.
 * The key lives in VS Code's SecretStorage and reaches the helper only in this request: never in
 * argv, the environment or a setting.
 */
import { RequestType } from 'vscode-jsonrpc/lib/common/api';

/** Parameters of `eventlog/open`. */
export interface EventLogOpenParams {
  /** absolute path of the log file (created when missing, appended to otherwise) */
  path: string;
  /** the current key: 32 bytes in base64. Another key for the log already open rotates it. */
  key: string;
}

/**
 * Opens the event log for appending (alerts, scans, captures, new devices, permission changes),
 * each record sealed with AES-256-GCM; answers how many records it holds and the key's id.
 */
export namespace EventLogOpenRequest {
  export const method = 'eventlog/open' as const;
  export const type = new RequestType<EventLogOpenParams, { records: number; keyId: string }, void>(method);
}
