import { runCommandLine } from './cli';
import type { CommandName, CommandRunner } from './cliOptions';

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
