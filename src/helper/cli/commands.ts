import { bandwidthCli } from './bandwidthCommand';
import { captureCli } from './captureCommand';
import { runCommandLine } from './cli';
import type { CliOutput, CommandName, CommandRunner } from './cliOptions';
import { grantCli } from './grantCommand';
import { historyCli } from './historyCommand';
import { identifyCli } from './identifyCommand';
import { interfacesCli } from './interfacesCommand';
import { portsCli } from './portsCommand';
import { revokeCli } from './revokeCommand';
import { scanCli } from './scanCommand';
import { socketsCli } from './socketsCommand';
import { statsCli } from './statsCommand';
import { topologyCli } from './topologyCommand';
import { logCli } from './logCommand';
import { reportCli } from './reportCommand';
import { watchCli } from './watchCommand';

/** Every command, for the helper bundle (which is also the CLI of last resort). */
export const allCommands: Record<CommandName, CommandRunner> = {
  interfaces: interfacesCli,
  scan: scanCli,
  stats: statsCli,
  identify: identifyCli,
  bandwidth: bandwidthCli,
  capture: captureCli,
  ports: portsCli,
  topology: topologyCli,
  grant: grantCli,
  revoke: revokeCli,
  history: historyCli,
  sockets: socketsCli,
  watch: watchCli,
  log: logCli,
  report: reportCli,
};

/** Parses argv and runs any command; returns the process exit code. */
export function runCli(argv: string[], output: CliOutput): Promise<number> {
  return runCommandLine(argv, output, allCommands);
}
