// The debug adapter of type 'debugpy' as the Python extension provides it, reduced to what the
// debug e2e test needs: Debian's debugpy ships its own adapter (python3 -m debugpy.adapter), which
// launches the program and sends the DAP `process` event with its pid.
'use strict';
const vscode = require('vscode');

/** Debian's interpreter, where Debian's python3-debugpy is installed (a pyenv python3 lacks it). */
const PYTHON = '/usr/bin/python3';

exports.activate = (context) => {
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory('debugpy', {
      createDebugAdapterDescriptor: () => new vscode.DebugAdapterExecutable(PYTHON, ['-m', 'debugpy.adapter']),
    }),
  );
};

exports.deactivate = () => undefined;
