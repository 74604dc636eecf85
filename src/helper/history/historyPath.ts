import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { HISTORY_FILE } from '../../shared/model/history';

/** Where the data folder is looked up: the environment, the platform, the home folder. */
export interface PathContext {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
}

/**
 * The CLI's history database when `--db` is not given: in the user's data folder, after the XDG
 * base directory rules on Linux (`$XDG_DATA_HOME/lanlens`, else `~/.local/share/lanlens`), in
 * `~/Library/Application Support/LAN Lens` on macOS and `%LOCALAPPDATA%\LAN Lens` on Windows.
 */
export function defaultHistoryPath(context: PathContext = currentContext()): string {
  const { env, platform, home } = context;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'LAN Lens', HISTORY_FILE);
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'LAN Lens', HISTORY_FILE);
  // XDG: a relative XDG_DATA_HOME is invalid and must be ignored.
  const data = env.XDG_DATA_HOME?.startsWith('/') ? env.XDG_DATA_HOME : join(home, '.local', 'share');
  return join(data, 'lanlens', HISTORY_FILE);
}

/**
 * This process's context. Under sudo the CLI has become the invoking user, but HOME may still be
 * root's: the home folder is then the user's own, from the password database.
 */
function currentContext(): PathContext {
  const underSudo = process.env.SUDO_UID !== undefined && process.getuid?.() === Number(process.env.SUDO_UID);
  return {
    env: underSudo ? {} : process.env,
    platform: process.platform,
    home: underSudo ? userInfo().homedir : homedir(),
  };
}
