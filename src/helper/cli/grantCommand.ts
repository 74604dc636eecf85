import type { CliOutput, CommandRunner } from './cliOptions';
import { privilegeStatus } from '../privilege/captureAccess';
import { GrantError, runGrant } from '../privilege/grantCapture';
import type { GrantMode } from '../privilege/grantCapture';

/**
 * `lanlens grant` / `lanlens revoke`: one pkexec prompt (or, under sudo, lanlens-capd's grant mode
 * directly for the invoking user), then the capture privilege as it now stands. Exit 0 done, 1 not
 * done (the reason printed), 2 bad arguments.
 */
export async function grantCommand(mode: GrantMode, rest: string[], output: CliOutput): Promise<number> {
  if (rest.length) return (output.err(`lanlens: ${mode} takes no arguments, got: ${rest.join(' ')}`), 2);
  try {
    const report = await runGrant(mode);
    if (report) output.out(report);
  } catch (error) {
    if (!(error instanceof GrantError)) throw error;
    output.err(`lanlens: ${mode}: ${error.message}`);
    return 1;
  }
  // Under sudo this process is root, whose own view of capture says nothing about the user's.
  if (process.getuid?.() !== 0) output.out(privilegeStatus().summary);
  return 0;
}

/** `lanlens grant` */
export const grantCli: CommandRunner = (_values, rest, output) => grantCommand('grant', rest, output);
