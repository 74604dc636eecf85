#!/usr/bin/env bash
# Makes this checkout ready to build, test and run: Debian packages (installed when root,
# otherwise the exact command is printed), the Nodes the tooling and tests run on (24 and 22 from the
# npm registry), node_modules, the build, and a loadable native `cap` (the fork in native/cap).
# Idempotent and quick when nothing is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*"; }

# dnsmasq-base is the dnsmasq binary without the system service the `dnsmasq` package would start;
# the lab runs its own instances inside namespaces. The second line is the real VS Code: code-server's
# native modules build against those libraries, and the end-to-end tests drive Debian's Chromium.
# tshark is the oracle the decoder tests compare against; iperf3 drives the live capture test.
# vsftpd, redis-server, mosquitto and samba are lab services the identification tests start inside
# namespaces with their own configuration, and lldpd announces LLDP and CDP neighbours in one; nfdump's
# nfcapd is the IPFIX collector the flow-export test runs on loopback: they are installed without
# starting (or enabling) their system services. libpcap0.8 is the libpcap the
# capture module loads at run time (it needs no headers to build); build-essential and python3 build
# it with node-gyp. iputils-ping is ordinary lab traffic in the alert tests, and python3-aiosmtpd the
# SMTP sink on loopback their e-mail is delivered to; python3-debugpy is the Python debug adapter the
# debug e2e test runs a program under (Debian's /usr/bin/python3, not a pyenv one).
lab_daemons=(vsftpd redis-server mosquitto smbd nmbd samba-ad-dc lldpd nfdump)
packages=(libpcap0.8 build-essential python3 iproute2 nmap arp-scan tcpdump tshark time dnsmasq-base nftables
  dnsutils busybox curl openssl openssh-client openssh-server iperf3 vsftpd redis-server mosquitto samba lldpd nfdump
  iputils-ping python3-aiosmtpd python3-debugpy
  pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev chromium)
missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ $status == *"ok installed"* ]] || missing+=("$package")
done
if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]]; then
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # wireshark-common otherwise asks whether non-root users may capture; answer no, without asking.
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
    apt-get update -qq
    # policy-rc.d answering 101 tells maintainer scripts not to start services during this install.
    made_policy=
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
      printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && made_policy=1
    fi
    install_status=0
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || install_status=$?
    if [[ -n $made_policy ]]; then rm -f /usr/sbin/policy-rc.d; fi
    ((install_status == 0)) || exit "$install_status"
    if [[ -d /run/systemd/system ]]; then
      for daemon in "${lab_daemons[@]}"; do systemctl disable --now "$daemon" >/dev/null 2>&1 || true; done
    fi
  else
    say "missing Debian packages: ${missing[*]}"
    say "install them with: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
  fi
fi

# Node 24 from the npm registry, whatever the machine's node is (CI's is Debian's Node 20): npm,
# node-gyp (the capture module, native/cap, against its headers), the build and the tests all run
# on it from here on. Node 22 comes too: the capture module's tests load the same binary in it.
bash scripts/setupNodeRuntimes.sh
source scripts/projectNode.sh
# npm writes node_modules/.package-lock.json on every install: older than the lockfile means stale.
# `npm ci` copies native/cap into node_modules/cap and builds it (its `install` script).
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "npm ci"
  npm ci --no-audit --no-fund
fi
# A checkout whose native/cap changed since the install: copy and rebuild it.
bash scripts/buildCap.sh

say "building"
node esbuild.js

# One Node-API binary serves every Node and VS Code's Electron: check that it loads here (the tests
# load it in Node 22 and 24 too).
if ! load_error=$(node -e "require('cap').Cap.prototype.stats" 2>&1); then
  say "the native module cap does not load with $(command -v node) ($(node -v)):"
  printf '%s\n' "$load_error" | head -5 >&2
  say "fix: bash scripts/buildCap.sh   (needs build-essential and python3)"
  exit 1
fi
# The workbench `npm start` and the end-to-end tests run LAN Lens in (cached in .cache/vscode).
bash scripts/setupCodeServer.sh
say "ready"
