#!/usr/bin/env bash
# Installs what building weft, its tests, examples and benchmarks needs, from
# Debian 12's packages. Does nothing when everything is there already.
set -euo pipefail
packages=(g++ cmake make libxsimd-dev xtl-dev libtbb-dev doctest-dev libbenchmark-dev clang libclang-rt-14-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "weft: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
