#!/usr/bin/env bash
# `npm test`: make the machine ready (packages, Node 24, node_modules, build), then run every check.
# A failed setup is reported as one failed check rather than hiding the runner's summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
setup_status=$?
# The runner, and every node it starts (tsx tests, the CLI and helper under test), on the project's
# Node 24 rather than the machine's (scripts/projectNode.sh).
source scripts/projectNode.sh || setup_status=1
exec node test/run.mjs --setup-status="$setup_status"
