import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserFacingError } from '../userFacingError';
import type { HelperLaunch } from './helperProcess';
import type { NodeRuntime } from './nodeRuntime';
import { chooseNodeRuntime } from './nodeRuntime';

/** The command line for the helper plus where its Node came from. */
export interface HelperLaunchPlan {
  launch: HelperLaunch;
  runtime: NodeRuntime;
}

/** Builds `<node> dist/helper.js serve`, choosing the Node as chooseNodeRuntime describes. */
export function planHelperLaunch(extensionPath: string, nodePathSetting: string): HelperLaunchPlan {
  const script = path.join(extensionPath, 'dist', 'helper.js');
  if (!fs.existsSync(script)) {
    throw new UserFacingError(
      `The LAN Lens helper is missing (${script}). Rebuild the extension with "npm run build".`,
    );
  }
  const runtime = chooseNodeRuntime(nodePathSetting, extensionPath, {
    exists: (file) => fs.existsSync(file),
    readText: (file) => fs.readFileSync(file, 'utf8'),
  });
  return { launch: { command: runtime.command, args: [script, 'serve'], cwd: extensionPath }, runtime };
}
