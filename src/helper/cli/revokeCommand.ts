import type { CommandRunner } from './cliOptions';
import { grantCommand } from './grantCommand';

/** `lanlens revoke`: undoes `lanlens grant` for this user (see grantCommand.ts). */
export const revokeCli: CommandRunner = (_values, rest, output) => grantCommand('revoke', rest, output);
