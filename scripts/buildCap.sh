#!/usr/bin/env bash
# Brings node_modules/cap up to date with LAN Lens's fork of cap in native/cap and builds it with
# node-gyp. npm installs the fork as a copy (`install-links` in .npmrc) and builds it on every
# `npm ci`; this script does the same after the fork's sources change in a checkout, without a
# whole reinstall. Quick when nothing changed. Needs build-essential and python3; no libpcap headers.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '[setup] %s\n' "$*"; }
# node-gyp needs Node's headers: the project's Node 24's (scripts/projectNode.sh, which setup
# sources first), else this Node's own when it has them, so nothing is downloaded.
headers="$(dirname "$(dirname "$(command -v node)")")"
if [[ -z ${npm_config_nodedir:-} && -f $headers/include/node/node_api.h ]]; then export npm_config_nodedir="$headers"; fi

# A node_modules from before the fork (cap 0.2.1 from the registry, say a worktree's copy of an old
# install) lacks the fork's dependencies: only a clean install brings them.
wanted=$(node -p "JSON.stringify(require('./native/cap/package.json').dependencies)")
installed=$(node -p "JSON.stringify(require('./node_modules/cap/package.json').dependencies)" 2>/dev/null || true)
if [[ $wanted != "$installed" ]]; then
  say "node_modules/cap is not the fork in native/cap: npm ci"
  npm ci --no-audit --no-fund
  exit 0
fi

parts=(LICENSE README.md binding.gyp package.json lib src)
fresh=1
[[ -f node_modules/cap/build/Release/cap.node ]] || fresh=0
for part in "${parts[@]}"; do
  if ! diff -rq "native/cap/$part" "node_modules/cap/$part" >/dev/null 2>&1; then fresh=0; fi
done
# Built against other headers (an install from before the tooling moved to the project's Node 24).
if [[ -n ${npm_config_nodedir:-} ]] && ! grep -qF "\"nodedir\": \"$npm_config_nodedir\"" node_modules/cap/build/config.gypi 2>/dev/null; then
  fresh=0
fi
((fresh)) && exit 0

say "building the capture module (native/cap) into node_modules/cap"
# Copies replace the files rather than write into them: a worktree's node_modules may be hard links.
rm -rf node_modules/cap/build
for part in "${parts[@]}"; do
  rm -rf "node_modules/cap/$part"
  cp -R "native/cap/$part" "node_modules/cap/$part"
done
if ! npm rebuild cap --foreground-scripts=false >/dev/null; then
  rm -rf node_modules/cap/build
  say "building native/cap failed: see the compiler's messages above (needs build-essential and python3)"
  exit 1
fi
