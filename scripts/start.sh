#!/usr/bin/env bash
# `npm start`, until the VS Code entry point lands: as root, scan a throw-away demo lab of
# namespaced hosts (removed on exit or Ctrl+C); otherwise list this machine's interfaces.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [[ $(id -u) == 0 ]]; then
  exec node --import tsx test/lab/demoLab.ts
fi
node bin/lanlens.js interfaces
cat <<'TEXT'

The demo scans a lab of simulated hosts that lives in network namespaces, which only root can
create: run `sudo npm start` to see it. Without root, `node bin/lanlens.js scan --yes` would scan
your real network by TCP connect probes; nothing is scanned here unless you ask for it.
TEXT
