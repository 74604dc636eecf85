import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserFacingError } from '../userFacingError';
import { HELPER_MALLOC_ENV, helperV8Flags } from '../../shared/helperMemory';
import type { HelperLaunch } from './helperProcess';
import type { HelperRuntime } from './helperRuntime';
import { chooseHelperRuntime } from './helperRuntime';

/** The command line for the helper plus where its runtime came from. */
export interface HelperLaunchPlan {
  launch: HelperLaunch;
  runtime: HelperRuntime;
}

/**
 * Builds `<runtime> <V8 flags> dist/helper.js serve`, the runtime chosen as chooseHelperRuntime
 * describes, with the memory settings of helperMemory.ts; `hostExecPath` is the extension host's own
 * executable.
 */
export function planHelperLaunch(
  extensionPath: string,
  nodePathSetting: string,
  hostExecPath: string = process.execPath,
): HelperLaunchPlan {
  const script = path.join(extensionPath, 'dist', 'helper.js');
  if (!fs.existsSync(script)) {
    throw new UserFacingError(
      `The LAN Lens helper is missing (${script}). Rebuild the extension with "npm run build".`,
    );
  }
  const runtime = chooseHelperRuntime(nodePathSetting, hostExecPath);
  return {
    launch: {
      command: runtime.command,
      args: [...helperV8Flags('serve'), script, 'serve'],
      cwd: extensionPath,
      env: { ...HELPER_MALLOC_ENV, ...runtime.env },
    },
    runtime,
  };
}
