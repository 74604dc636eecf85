import type { SettingKey } from './contributionIds';

/** What the error message's button does. */
export type ErrorAction =
  /** opens the Settings editor at this setting */
  | { kind: 'openSetting'; setting: SettingKey }
  /** reveals the "LAN Lens" log */
  | { kind: 'showLog' };

/** An error whose message is written for the user and already says how to fix it. */
export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';

  constructor(
    message: string,
    readonly action: ErrorAction = { kind: 'showLog' },
  ) {
    super(message);
  }
}

/** The message of anything thrown, for a log line or a notification. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}
