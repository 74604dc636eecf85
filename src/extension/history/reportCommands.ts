// "LAN Lens: Generate Report…" (a day, week or month, finished or so far; HTML or Markdown; saved
// where the user says) and the scheduled reports, wired to VS Code's files, settings and messages.
import * as vscode from 'vscode';
import { CommandId } from '../contributionIds';
import { safeCommand } from '../commands/reportError';
import type { HelperClient } from '../helperClient/helperClient';
import type { HistoryConnection } from './historyConnection';
import { parseReportSettings } from './historySettings';
import { ReportScheduler } from './reportScheduler';
import { periodStart } from '../../shared/history/periods';
import { reportFileName } from '../../shared/history/reportSchedule';
import { HistoryReportRequest } from '../../shared/historyProtocol';
import type { HistoryUnit } from '../../shared/model/history';
import type { ReportFormat } from '../../shared/model/report';

/** What the report commands need. */
export interface ReportCommandParts {
  context: vscode.ExtensionContext;
  helper: HelperClient;
  history: HistoryConnection;
  log: vscode.LogOutputChannel;
}

const PERIODS: { label: string; unit: HistoryUnit; previous: boolean }[] = [
  { label: 'Yesterday', unit: 'day', previous: true },
  { label: 'Today so far', unit: 'day', previous: false },
  { label: 'Last week', unit: 'week', previous: true },
  { label: 'This week so far', unit: 'week', previous: false },
  { label: 'Last month', unit: 'month', previous: true },
  { label: 'This month so far', unit: 'month', previous: false },
];

/** Registers Generate Report… and starts the scheduled reports; returns the scheduler (tests call check). */
export function registerReportCommands(parts: ReportCommandParts): ReportScheduler {
  const { context, helper, history, log } = parts;
  const defaultFolder = vscode.Uri.joinPath(context.globalStorageUri, 'reports').fsPath;
  const settings = () => {
    const parsed = parseReportSettings((key) => vscode.workspace.getConfiguration().get(key), defaultFolder);
    for (const problem of parsed.problems) log.warn(`Setting ignored: ${problem}`);
    return parsed.settings;
  };
  const scheduler = new ReportScheduler({
    helper,
    history,
    settings,
    exists: async (file) => {
      try {
        await vscode.workspace.fs.stat(vscode.Uri.file(file));
        return true;
      } catch {
        return false;
      }
    },
    write: (file, text) => writeText(vscode.Uri.file(file), text),
    now: () => Date.now(),
    log: (level, message) => log[level](message),
    written: (file) => void offerToOpen(`LAN Lens wrote its scheduled report ${file}.`, vscode.Uri.file(file)),
  });
  const generate = async () => {
    if (history.status.state !== 'open') {
      void vscode.window.showWarningMessage('LAN Lens has no history open, so there is nothing to report yet.');
      return;
    }
    const period = await vscode.window.showQuickPick(PERIODS, {
      title: 'Generate Report',
      placeHolder: 'Which period? Finished, or so far',
    });
    if (!period) return;
    const formats = [
      { label: 'HTML', description: 'one file with charts, opens in any browser', format: 'html' as ReportFormat },
      { label: 'Markdown', description: 'tables, for notes and wikis', format: 'md' as ReportFormat },
    ];
    const chosen = await vscode.window.showQuickPick(formats, {
      title: 'Generate Report',
      placeHolder: 'Which format?',
    });
    if (!chosen) return;
    const now = Date.now();
    const at = period.previous ? periodStart(now, period.unit) - 1 : now;
    const name = reportFileName({ unit: period.unit, from: periodStart(at, period.unit) }, chosen.format);
    const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(settings().folder);
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(base, name),
      filters: chosen.format === 'html' ? { HTML: ['html'] } : { Markdown: ['md'] },
      title: 'Save the LAN Lens report',
    });
    if (!target) return;
    const report = await helper.request(HistoryReportRequest.type, { unit: period.unit, at, format: chosen.format });
    await writeText(target, report.text);
    log.info(`Report written: ${target.fsPath}`);
    void offerToOpen(`Report written to ${target.fsPath}.`, target);
  };
  context.subscriptions.push(
    scheduler,
    vscode.commands.registerCommand(CommandId.generateReport, safeCommand(log, 'Generate Report', generate)),
  );
  return scheduler;
}

async function writeText(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

/** Says a report was written, with Open: HTML in the browser, Markdown in an editor. */
async function offerToOpen(message: string, uri: vscode.Uri): Promise<void> {
  const open = 'Open';
  if ((await vscode.window.showInformationMessage(message, open)) !== open) return;
  if (uri.fsPath.endsWith('.html')) await vscode.env.openExternal(uri);
  else await vscode.window.showTextDocument(uri);
}
