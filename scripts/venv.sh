#!/usr/bin/env bash
# A Python virtual environment for the checks that need tools from PyPI
# (Conan for scripts/package-test.sh, pip for scripts/newest-deps.sh), in
# build/venv: Debian 12 refuses system-wide pip installs, and the tour and
# the test suites need no Python at all.
#
#   scripts/venv.sh [REQUIREMENT]...   makes the environment if needed, pip
#                                      installs the packages it lacks, prints
#                                      the environment's path
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$PWD/build/venv
if [ ! -x "$venv/bin/python" ]; then
  # Debian's Python with its venv module (python3-venv brings python3 and
  # pip's wheel); another python3 on PATH (pyenv's, say) only if Debian's
  # is not there.
  scripts/install-deps.sh python3-venv >&2
  python=/usr/bin/python3
  [ -x "$python" ] || python=python3
  "$python" -m venv "$venv" >&2
fi
for package in "$@"; do  # a requirement: a name, or a name and versions ("conan>=2,<3")
  if ! "$venv/bin/python" -m pip show --quiet "${package%%[<>=!~]*}" >/dev/null 2>&1; then
    echo "weft: installing $package into $venv" >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$package" >&2
  fi
done
echo "$venv"
