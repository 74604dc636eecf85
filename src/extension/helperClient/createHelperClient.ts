import * as vscode from 'vscode';
import type { LogLevel } from '../../shared/helperProtocol';
import { readSettings } from '../settings';
import { reportError } from '../commands/reportError';
import { HelperClient } from './helperClient';
import { planHelperLaunch } from './helperLaunch';

const SHOW_LOG = 'Show Helper Log';

/** The helper client wired to VS Code: settings, the "LAN Lens" log, and notifications. */
export function createHelperClient(extensionPath: string, log: vscode.LogOutputChannel): HelperClient {
  return new HelperClient({
    plan: () => planHelperLaunch(extensionPath, readSettings().settings.helperNodePath),
    log: {
      trace: (message) => log.trace(message),
      debug: (message) => log.debug(message),
      info: (message) => log.info(message),
      warn: (message) => log.warn(message),
      error: (message) => log.error(message),
    },
    logLevel: () => protocolLevel(log.logLevel),
    events: {
      captureProblem: (problem) => {
        log.warn(`Capture unavailable (${problem.code}): ${problem.message} Fix: ${problem.fix}`);
        const message = `LAN Lens: ${problem.message} Until then scans are unprivileged and may miss quiet hosts. To fix: ${problem.fix}`;
        void vscode.window.showWarningMessage(message, SHOW_LOG).then((choice) => {
          if (choice === SHOW_LOG) log.show();
        });
      },
      failed: (error) => void reportError(error, log, 'LAN Lens helper'),
    },
  });
}

function protocolLevel(level: vscode.LogLevel): LogLevel {
  switch (level) {
    case vscode.LogLevel.Trace:
      return 'trace';
    case vscode.LogLevel.Debug:
      return 'debug';
    case vscode.LogLevel.Info:
      return 'info';
    case vscode.LogLevel.Warning:
      return 'warn';
    default:
      return 'error';
  }
}
