// A HelperClient talking to fixtures/fakeHelper.js (a real child process and real JSON-RPC), with
// its log lines collected.
import * as path from 'node:path';
import { HelperClient } from '../../../src/extension/helperClient/helperClient';

const fixture = path.join(__dirname, 'fixtures', 'fakeHelper.js');

export function fakeHelperClient(mode = 'ok'): { client: HelperClient; lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (message: string) => void lines.push(`${level}: ${message}`);
  const client = new HelperClient({
    plan: () => ({
      launch: { command: process.execPath, args: [fixture, 'serve', mode], cwd: __dirname },
      runtime: { command: process.execPath, source: 'setting', env: {} },
    }),
    log: {
      trace: write('trace'),
      debug: write('debug'),
      info: write('info'),
      warn: write('warn'),
      error: write('error'),
    },
    logLevel: () => 'debug',
    events: { captureProblem: () => undefined, failed: () => undefined },
    timeouts: { initializeMs: 5_000, shutdownMs: 300, exitGraceMs: 300, killGraceMs: 300 },
  });
  return { client, lines };
}

/** Resolves once `condition` holds; rejects after `ms`. */
export async function until(condition: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
