/**
 * Entry of the helper bundle: `serve` speaks the JSON-RPC protocol on stdio for the extension;
 * anything else is the `lanlens` CLI. Stdout belongs to the protocol in serve mode, so nothing
 * here writes to it except through the connection.
 */
import { allCommands } from './cli/commands';
import { startCli } from './cli/startCli';
import { becomeInvokingUser } from './os/dropPrivileges';
import { startProtocolServer } from './server/protocolServer';

function serve(): void {
  process.on('uncaughtException', (error) => {
    // The extension forwards stderr to its log and restarts a crashed helper.
    process.stderr.write(`fatal: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
  // Started as root for a user (sudo): that user from here on, with only the capture capabilities.
  // A failure is fatal: never serve as root by mistake.
  const uid = becomeInvokingUser(true);
  const startNote =
    uid === undefined
      ? undefined
      : `started as root for uid ${uid}: now that user, keeping only CAP_NET_RAW and CAP_NET_ADMIN`;
  startProtocolServer({ input: process.stdin, output: process.stdout, exit: (code) => process.exit(code), startNote });
}

const command = process.argv[2];
if (command === 'serve') {
  serve();
} else {
  startCli(allCommands);
}
