#!/usr/bin/env bash
# Applies patches/ to node_modules (patch-package) and rebuilds the native module cap with them:
# `postinstall` runs it after every npm install/ci, setup.sh when the patch changed since. The stamp
# in node_modules/cap records which patch the build holds. See patches/cap+0.2.1.patch for why.
set -euo pipefail
cd "$(dirname "$0")/.."
patch-package() { node node_modules/patch-package/index.js "$@"; }
stamp=node_modules/cap/.lanlens-patch
if [[ -f $stamp ]] && ! cmp -s "$stamp" patches/cap+0.2.1.patch; then
  # The build holds an older version of the patch: take it out (with patch-package, whose diffs
  # ignore whitespace at line ends), so the new one meets cap's own sources.
  old=node_modules/.lanlens-old-patches
  rm -rf "$old" && mkdir -p "$old" && cp "$stamp" "$old/cap+0.2.1.patch"
  patch-package --reverse --patch-dir "$old"
  rm -rf "$old" "$stamp"
fi
patch-package
# node-gyp needs headers: this Node's own when it has them, so nothing is downloaded.
headers="$(dirname "$(dirname "$(command -v node)")")"
if [[ -z ${npm_config_nodedir:-} && -f $headers/include/node/node.h ]]; then export npm_config_nodedir="$headers"; fi
npm rebuild cap --foreground-scripts=false >/dev/null
cp patches/cap+0.2.1.patch "$stamp"
