/** Where the helper's runtime came from, so a failure can name the fix. */
export type HelperRuntimeSource =
  /** the `lanLens.helper.nodePath` setting */
  | 'setting'
  /** VS Code's own runtime: the extension host's executable (Electron on the desktop, Node in a VS Code server) */
  | 'host';

/** The executable that runs the helper, and what it adds to the helper's environment. */
export interface HelperRuntime {
  command: string;
  source: HelperRuntimeSource;
  env: Record<string, string>;
}

/**
 * Picks what runs the helper: the machine-scoped setting if set, else VS Code's own runtime, the
 * extension host's `execPath`, as VS Code starts its own helpers. ELECTRON_RUN_AS_NODE=1 makes
 * Electron behave as plain Node (a Node ignores it), so no Node.js install is needed. The capture
 * module is a Node-API binary: it loads in any of them.
 */
export function chooseHelperRuntime(setting: string, hostExecPath: string): HelperRuntime {
  const env = { ELECTRON_RUN_AS_NODE: '1' };
  if (setting !== '') return { command: setting, source: 'setting', env };
  return { command: hostExecPath, source: 'host', env };
}
