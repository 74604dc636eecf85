#!/usr/bin/env bash
# `npm test`: make the machine ready (packages, node_modules, build), then run every check.
# A failed setup is reported as one failed check rather than hiding the runner's summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
setup_status=$?
exec node test/run.mjs --setup-status="$setup_status"
