#!/usr/bin/env bash
# Installs what building weft, its tests, examples and benchmarks needs, from
# Debian 12's packages. Does nothing when everything is there already.
set -euo pipefail
# git and pkg-config, and Conan below, are for scripts/package-test.sh;
# xtensor for scripts/compile-time.sh's comparison.
packages=(g++ cmake make libxsimd-dev xtl-dev libtbb-dev doctest-dev libbenchmark-dev clang libclang-rt-14-dev
          git pkg-config xtensor-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "weft: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Conan 2, from PyPI (into the python3 on PATH: pyenv's on the project's machines).
if ! conan --version >/dev/null 2>&1; then
  echo "weft: installing conan"
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check conan
fi
