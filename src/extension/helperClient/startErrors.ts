import { SettingKey } from '../contributionIds';
import { UserFacingError } from '../userFacingError';
import type { HelperRuntime } from './helperRuntime';

const NODE_HINT = 'a Node.js 22 or later executable';

/** Turns a failed spawn (ENOENT, EACCES…) into a message that names the setting to fix. */
export function spawnFailure(runtime: HelperRuntime, error: unknown): UserFacingError {
  const code = (error as { code?: unknown } | undefined)?.code;
  const reason = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  const fix = { kind: 'openSetting', setting: SettingKey.helperNodePath } as const;
  switch (runtime.source) {
    case 'setting':
      return new UserFacingError(
        `The LAN Lens helper could not start: "${runtime.command}" from the setting ${SettingKey.helperNodePath} cannot be run (${reason}). Set it to ${NODE_HINT}, or clear it to use VS Code's own runtime.`,
        fix,
      );
    case 'host':
      return new UserFacingError(
        `The LAN Lens helper could not start: VS Code's own runtime, "${runtime.command}", cannot be run (${reason}). Set ${SettingKey.helperNodePath} to ${NODE_HINT}.`,
        fix,
      );
  }
}

/** How a process ended, for messages: `exit code 1` or `signal SIGSEGV`. */
export function describeExit(code: number | null, signal: string | null): string {
  if (signal !== null) return `signal ${signal}`;
  return code === null ? 'an unknown status' : `exit code ${code}`;
}
