#!/usr/bin/env bash
# Installs the Debian 12 packages a script needs, and only those; does
# nothing when they are all there. Through sudo when not run as root.
#
#   scripts/install-deps.sh [SET | PACKAGE]...
#
# SET is one of
#   tour    what building weft's examples needs: a compiler, CMake, xsimd, oneTBB
#   tests   tour, and doctest for the test suites
#   mpi     Open MPI, for the optional weft::mpi module (libopenmpi-dev, openmpi-bin)
# Any other word is a Debian package name (clang for the sanitizer builds,
# xtensor-dev for the compile-time comparison, ...): each script names
# what it needs beyond these sets.
set -euo pipefail
packages=()
for word in "$@"; do
  case $word in
    tour) packages+=(g++ cmake make libxsimd-dev xtl-dev libtbb-dev) ;;
    tests) packages+=(g++ cmake make libxsimd-dev xtl-dev libtbb-dev doctest-dev) ;;
    mpi) packages+=(libopenmpi-dev openmpi-bin) ;;
    *) packages+=("$word") ;;
  esac
done
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -gt 0 ] || exit 0
# (A package named twice is installed once.)
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
echo "weft: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "weft: run as root, or install sudo, to install ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
