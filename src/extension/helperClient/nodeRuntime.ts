import * as path from 'node:path';

/** Where the helper's Node executable came from, so a failure can name the fix. */
export type NodeRuntimeSource =
  /** the `lanLens.helper.nodePath` setting */
  | 'setting'
  /** `dist/runtime.json`, written by the build */
  | 'runtime'
  /** `node` looked up on PATH */
  | 'path';

/** The Node executable to run the helper with. */
export interface NodeRuntime {
  command: string;
  source: NodeRuntimeSource;
  /** why a better source was skipped, for the log */
  note?: string;
}

/** The file system calls the choice needs, injected so it is testable. */
export interface RuntimeFs {
  exists(file: string): boolean;
  readText(file: string): string;
}

/**
 * Picks the Node the native capture module was built for: the setting if set, else the build's
 * `dist/runtime.json` if it names an existing file, else `node` on PATH. Never the extension
 * host's own executable: that is Electron, whose ABI differs.
 */
export function chooseNodeRuntime(setting: string, extensionPath: string, fs: RuntimeFs): NodeRuntime {
  if (setting !== '') return { command: setting, source: 'setting' };
  const runtimeFile = path.join(extensionPath, 'dist', 'runtime.json');
  if (!fs.exists(runtimeFile)) return { command: 'node', source: 'path', note: `${runtimeFile} does not exist` };
  let nodePath: unknown;
  try {
    nodePath = (JSON.parse(fs.readText(runtimeFile)) as { nodePath?: unknown }).nodePath;
  } catch (error) {
    return { command: 'node', source: 'path', note: `${runtimeFile} is unreadable: ${String(error)}` };
  }
  if (typeof nodePath !== 'string' || nodePath === '') {
    return { command: 'node', source: 'path', note: `${runtimeFile} has no nodePath` };
  }
  if (!fs.exists(nodePath)) {
    return { command: 'node', source: 'path', note: `${nodePath} from ${runtimeFile} does not exist` };
  }
  return { command: nodePath, source: 'runtime' };
}
