#!/usr/bin/env bash
# Installs the Debian 12 packages ffp8 needs (skips the apt round-trip when all are present).
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config
  libfmt-dev libcli11-dev nlohmann-json3-dev libgtest-dev googletest libmpfr-dev libgmp-dev
  verilator libsystemc-dev iverilog yosys opensta qflow-tech-osu018 nextpnr-ice40 fpga-icestorm
  dataset-fashion-mnist python3-numpy zlib1g-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
