/**
 * Entry of the helper bundle: `serve` speaks the JSON-RPC protocol on stdio for the extension;
 * anything else is the `lanlens` CLI. Stdout belongs to the protocol in serve mode, so nothing
 * here writes to it except through the connection.
 */
import { runCli } from './cli/cli';
import { startProtocolServer } from './server/protocolServer';

function serve(): void {
  process.on('uncaughtException', (error) => {
    // The extension forwards stderr to its log and restarts a crashed helper.
    process.stderr.write(`fatal: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
  startProtocolServer({ input: process.stdin, output: process.stdout, exit: (code) => process.exit(code) });
}

const command = process.argv[2];
if (command === 'serve') {
  serve();
} else {
  runCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`lanlens: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
