// LAN Lens's log as VS Code writes it into the profile (the "LAN Lens" output channel's file): a
// test reads from it when the helper started, which the workbench shows nowhere else.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Profile } from './codeServer';
import { waitFor } from './waitFor';

/** The log files of the channel, one per window session: `logs/SESSION/exthostN/lan-lens.lan-lens/LAN Lens.log`. */
function logFiles(profile: Profile): string[] {
  const logs = path.join(profile.userDataDir, 'logs');
  if (!existsSync(logs)) return [];
  return readdirSync(logs).flatMap((session) =>
    readdirSync(path.join(logs, session))
      .filter((host) => host.startsWith('exthost'))
      .map((host) => path.join(logs, session, host, 'lan-lens.lan-lens', 'LAN Lens.log'))
      .filter((file) => existsSync(file)),
  );
}

/**
 * When the extension first started its helper (ms since the Unix epoch), from the log line's own
 * time (`2026-12-03 10:06:29.777 [info] Starting helper …`, the machine's local time); waits for
 * VS Code to write the line.
 */
export async function helperStartedAt(profile: Profile): Promise<number> {
  let started: number | undefined;
  await waitFor(
    () => {
      for (const file of logFiles(profile)) {
        const line = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) \[info\] Starting helper/m.exec(
          readFileSync(file, 'utf8'),
        );
        // Without an offset, a date and time are read as local time, as the log writes them.
        if (line) started = Math.min(started ?? Infinity, new Date(`${line[1]}T${line[2]}`).getTime());
      }
      return started !== undefined;
    },
    { timeoutMs: 10_000, what: `"Starting helper" in LAN Lens's log under ${profile.userDataDir}/logs` },
  );
  return started!;
}
