import { SettingKey } from '../contributionIds';
import { UserFacingError } from '../userFacingError';
import type { NodeRuntime } from './nodeRuntime';

const NODE_HINT = 'a Node.js 20+ executable (the one LAN Lens was built with)';

/** Turns a failed spawn (ENOENT, EACCES…) into a message that names the setting to fix. */
export function spawnFailure(runtime: NodeRuntime, error: unknown): UserFacingError {
  const code = (error as { code?: unknown } | undefined)?.code;
  const reason = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  const fix = { kind: 'openSetting', setting: SettingKey.helperNodePath } as const;
  switch (runtime.source) {
    case 'setting':
      return new UserFacingError(
        `The LAN Lens helper could not start: "${runtime.command}" from the setting ${SettingKey.helperNodePath} cannot be run (${reason}). Set it to ${NODE_HINT}, or clear it to use the default.`,
        fix,
      );
    case 'runtime':
      return new UserFacingError(
        `The LAN Lens helper could not start: the Node.js recorded at build time, "${runtime.command}", cannot be run (${reason}). Rebuild LAN Lens, or set ${SettingKey.helperNodePath} to ${NODE_HINT}.`,
        fix,
      );
    case 'path':
      return new UserFacingError(
        reason === 'ENOENT'
          ? `The LAN Lens helper could not start: no "node" executable on PATH. Install Node.js 20 or later, or set ${SettingKey.helperNodePath} to ${NODE_HINT}.`
          : `The LAN Lens helper could not start: "node" on PATH cannot be run (${reason}). Set ${SettingKey.helperNodePath} to ${NODE_HINT}.`,
        fix,
      );
  }
}

/** How a process ended, for messages: `exit code 1` or `signal SIGSEGV`. */
export function describeExit(code: number | null, signal: string | null): string {
  if (signal !== null) return `signal ${signal}`;
  return code === null ? 'an unknown status' : `exit code ${code}`;
}
