import { runCommandLine } from './cli';
import { parseOptions, privilegeOf } from './cliOptions';
import type { CommandName, CommandRunner } from './cliOptions';
import { becomeInvokingUser } from '../os/dropPrivileges';

/** Runs the command line of this process with `commands`, writing to stdout/stderr and setting the exit code. */
export function startCli(commands: Partial<Record<CommandName, CommandRunner>>): void {
  // `lanlens stats big.pcap | head`: the reader has gone, so the rest of the output has nowhere to go.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  const output = {
    out: (text: string) => process.stdout.write(`${text}\n`),
    err: (text: string) => process.stderr.write(`${text}\n`),
  };
  if (!dropRoot(process.argv.slice(2))) return;
  runCommandLine(process.argv.slice(2), output, commands).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`lanlens: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

/** Under sudo, becomes the invoking user before anything is read (see privilegeOf); false when that failed. */
function dropRoot(argv: string[]): boolean {
  let need: ReturnType<typeof privilegeOf> = 'none';
  try {
    const { values, positionals } = parseOptions(argv);
    need = privilegeOf(positionals[0], values);
  } catch {
    // a bad command line: runCommandLine says what is wrong, with no privilege
  }
  if (need === 'root') return true;
  try {
    becomeInvokingUser(need === 'capture');
    return true;
  } catch (error) {
    process.stderr.write(`lanlens: cannot drop root: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
    return false;
  }
}
