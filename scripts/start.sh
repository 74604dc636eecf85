#!/usr/bin/env bash
# `npm start`: set up (Debian packages, Node 24 and code-server in .cache/vscode, node_modules),
# package LAN Lens as a VSIX, then serve it in a real VS Code on 127.0.0.1 with a demo lab (root)
# to scan. Ctrl+C stops code-server and removes the lab.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/projectNode.sh
node scripts/package.mjs --target linux-x64
exec node --import tsx test/workbench/serveWorkbench.ts
