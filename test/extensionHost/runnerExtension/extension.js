// Runs LAN Lens's extension-host suite inside code-server, whose web workbench has no
// `--extensionTestsPath`: when the workspace holds the harness's lanlens-tests.json, load the
// bundled suite it names and call its run(), exactly as @vscode/test-electron would.
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

exports.activate = () => {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return;
  const configFile = path.join(folder.uri.fsPath, 'lanlens-tests.json');
  if (!fs.existsSync(configFile)) return;
  const { bundle, resultsFile } = JSON.parse(fs.readFileSync(configFile, 'utf8'));
  // run() writes the results itself; a suite that dies before that still leaves a trace.
  const crashed = (error) => {
    if (resultsFile && !fs.existsSync(resultsFile)) {
      fs.writeFileSync(resultsFile, JSON.stringify({ crashed: String(error?.stack ?? error) }));
    }
  };
  setTimeout(() => {
    try {
      Promise.resolve(require(bundle).run()).catch(crashed);
    } catch (error) {
      crashed(error);
    }
  }, 0);
};
