#!/usr/bin/env bash
# `npm run bench`: host discovery on a 40-host namespace lab, LAN Lens against nmap and arp-scan;
# port scans (all ports of one host, top 1000 of 40 hosts; SYN and connect) against nmap;
# live capture at increasing packet rates, LAN Lens's drops against tcpdump's; decoding in memory
# (packets/s of decodePacket and decodeApp on fixed frame mixes); reading a generated
# 1,000,000-packet pcap: lanlens stats against tshark -z conv,ip and tcpdump's raw read, and the same pcap
# opened in the running helper as the pcap editor opens it (the warm path); a generated 3 GB pcap of
# 20,000,000 packets opened the same way: time to its first page and to its statistics and the
# helper's peak RSS, beside tshark and the raw read (needs about 5 GB of free disk); service identification
# of four hosts against nmap -sV; then startup in a real VS Code: activation time in the extension
# host, the helper's start on VS Code's own runtime (beside the machine's Node 20 it used before)
# and the VSIX's size; then the traffic dashboard's render time in Chromium with 1,000 flows
# and 10,000 packets; then the topology view in Chromium: layout time at 200, 1,000 and 5,000
# nodes, pan/zoom frame time, and the time to apply a capture tick; and what IPFIX export adds to
# a capture's tick at 10,000 and 100,000 flows; and following a debuggee's 1,000 sockets: the
# watch's tick beside ss -tinp, capture attribution, and the time from a connect to its row; and
# the alert engine's cost: in memory per packet and per tick, and on a live capture at 300,000
# packets/s beside the same capture without it (CPU and drops); and the history after a simulated
# month (insert time, file size, every history view and report query, beside the sqlite3 shell
# importing the same flow rows) and what recording costs a live capture.
# Needs root (the lab is built from network namespaces).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/projectNode.sh # every figure on the project's Node 24, not the machine's
if [[ $(id -u) != 0 ]]; then
  echo "bench: the lab needs root to create network namespaces: sudo npm run bench" >&2
  exit 1
fi
status=0
node --import tsx bench/arpSweep.bench.ts || status=$?
node --import tsx bench/portScan.bench.ts || status=$?
node --import tsx bench/liveCapture.bench.ts || status=$?
node --import tsx bench/decode.bench.ts || status=$?
node --import tsx bench/statsFile.bench.ts || status=$?
node --import tsx bench/warmOpen.bench.ts || status=$?
node --import tsx bench/hugeCapture.bench.ts || status=$?
node --import tsx bench/services.bench.ts || status=$?
node --import tsx bench/startup.bench.ts || status=$?
node --import tsx bench/dashboardRender.bench.ts || status=$?
node --import tsx bench/topologyRender.bench.ts || status=$?
node --import tsx bench/ipfixExport.bench.ts || status=$?
node --import tsx bench/alertEngine.bench.ts || status=$?
node --import tsx bench/alertEngineLive.bench.ts || status=$?
node --import tsx bench/debugSockets.bench.ts || status=$?
node --import tsx bench/historyMonth.bench.ts || status=$?
# The README states only figures measured here: its figures block is rewritten from them.
node scripts/readmeFigures.mjs || status=$?
exit "$status"
