#!/usr/bin/env bash
# Package tests (the last step of scripts/test.sh; runs on its own too).
# Installs weft into a prefix and builds and runs the consumer program of
# tests/package/ every way a user can get weft: find_package (a default and
# a serial, scalar install, and an install on a machine without oneTBB;
# the mpi component, found and not found), add_subdirectory (with and
# without oneTBB, and with a demanding user's warnings as errors under g++
# and clang, weft::mpi too), FetchContent and pkg-config; a kernel compiled
# per instruction set (weft_dispatch_sources) through find_package and
# add_subdirectory.
# Then Conan: exports the local recipes wrapping the system's xsimd and
# oneTBB (conan/recipes/) and runs `conan create`, which packages weft and
# builds and runs test_package/.
#
# Everything it makes is under build/package/, wiped first (the Conan home
# too). It prints one line per step; a failing step prints its log's end.
set -euo pipefail
cd "$(dirname "$0")/.."
# git for FetchContent, pkg-config for weft.pc, clang for the strict build.
scripts/install-deps.sh tour mpi git pkg-config clang
src=$PWD
out=$src/build/package
rm -rf "$out"
mkdir -p "$out/logs"

passed=0
# step NAME COMMAND...: runs COMMAND with its output in a log.
step() {
  local name=$1; shift
  local log=$out/logs/$((passed + 1)).log
  echo "== package: $name"
  # A subshell outside any `if` or `||`, where bash would ignore set -e in
  # the functions called, so that a step stops at its first failing command.
  set +e
  (set -e; "$@") >"$log" 2>&1
  local status=$?
  set -e
  if [ $status -ne 0 ]; then
    tail -n 60 "$log" >&2
    echo "package: '$name' failed, whole log in $log" >&2
    echo "package: $passed passed, 1 failed"
    exit 1
  fi
  passed=$((passed + 1))
}

# install_weft BUILD_DIR PREFIX [CMAKE_ARGS...]: configures weft with the
# default prefix and installs it into PREFIX, as `cmake --install --prefix`
# does for users, so the installed files must not depend on where they go.
install_weft() {
  local build=$1 prefix=$2; shift 2
  cmake -S "$src" -B "$build" -DWEFT_BUILD_TESTS=OFF -DWEFT_BUILD_EXAMPLES=OFF \
    -DWEFT_BUILD_BENCHMARKS=OFF "$@"
  cmake --install "$build" --prefix "$prefix"
}

# run_consumer EXE TBB XSIMD: runs the program, which checks its values, and
# checks that it was compiled with WEFT_USE_TBB=TBB and WEFT_USE_XSIMD=XSIMD.
run_consumer() {
  "$1" | tee "$1.out"
  grep -qF "(WEFT_USE_TBB=$2, WEFT_USE_XSIMD=$3)" "$1.out"
}

# cmake_consumer NAME TBB XSIMD CMAKE_ARGS...: builds tests/package and runs
# it (and the strict consumer, when built with -DWEFT_STRICT=ON); the
# configure step's output is kept in consumer-NAME.configure.
cmake_consumer() {
  local dir=$out/consumer-$1 tbb=$2 xsimd=$3; shift 3
  cmake -S "$src/tests/package" -B "$dir" "$@" | tee "$dir.configure"
  cmake --build "$dir" -j2
  run_consumer "$dir/weft_consumer" "$tbb" "$xsimd"
  if [ -x "$dir/weft_strict_consumer" ]; then "$dir/weft_strict_consumer"; fi
  if [ -x "$dir/weft_separate_consumer" ]; then
    run_consumer "$dir/weft_separate_consumer" "$tbb" "$xsimd"
    # (its loops came from the library: the program's own object has none)
    if nm -C "$dir/CMakeFiles/weft_separate_consumer.dir/main.cpp.o" | grep -q " [TW] .*weft::detail::assignment_loop"; then
      echo "the separately compiled consumer compiled its own loops"; return 1
    fi
  fi
  if [ -x "$dir/weft_dispatched_consumer" ]; then
    "$dir/weft_dispatched_consumer" | tee "$dir.dispatched"
    grep -q "dispatched consumer: ok" "$dir.dispatched"
  fi
}

# Without oneTBB, find_package(weft) and add_subdirectory give the serial
# backend and say so in one line. (CMAKE_DISABLE_FIND_PACKAGE_TBB hides the
# installed oneTBB, as on a machine without it.)
no_tbb_consumer() {
  cmake_consumer "$@" -DCMAKE_DISABLE_FIND_PACKAGE_TBB=ON
  grep -q "weft: oneTBB not found, parallel loops run on the serial backend" "$out/consumer-$1.configure"
}

# find_package_consumer NAME PREFIX TBB XSIMD [CMAKE_ARGS...]: the consumer
# against the weft installed in PREFIX, and no other.
find_package_consumer() {
  cmake_consumer "$1" "$3" "$4" -DWEFT_CONSUME=find_package -DCMAKE_PREFIX_PATH="$2" "${@:5}"
  grep -qx "weft_DIR:PATH=$2/share/cmake/weft" "$out/consumer-$1/CMakeCache.txt"
}

# mpi_consumer NAME CMAKE_ARGS...: the consumer with the MPI program too,
# which runs on 2 ranks (as root, and on fewer cores, when CI is).
mpi_consumer() {
  cmake_consumer "$@" -DWEFT_MPI=ON
  OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 \
    mpirun -np 2 "$out/consumer-$1/weft_mpi_consumer" | tee "$out/consumer-$1.mpi"
  grep -q "weft::mpi consumer on 2 ranks: ok" "$out/consumer-$1.mpi"
}

# find_package(weft REQUIRED COMPONENTS mpi) where no MPI is found must fail,
# saying what to install.
mpi_component_missing() {
  local dir=$out/consumer-no-mpi
  if cmake -S "$src/tests/package" -B "$dir" -DWEFT_CONSUME=find_package -DCMAKE_PREFIX_PATH="$out/prefix" \
      -DWEFT_MPI=ON -DCMAKE_DISABLE_FIND_PACKAGE_MPI=ON >"$dir.configure" 2>&1; then
    echo "configured although MPI was hidden"; return 1
  fi
  cat "$dir.configure"
  grep -q "component mpi needs an MPI library" "$dir.configure"
}

# One g++ command with the flags of the installed weft.pc.
pkg_config_consumer() {
  local flags
  flags=$(PKG_CONFIG_PATH="$out/prefix/share/pkgconfig" pkg-config --cflags --libs weft)
  echo "pkg-config --cflags --libs weft: $flags"
  # shellcheck disable=SC2086  # the flags are words
  g++ "$src/tests/package/main.cpp" $flags -o "$out/consumer-pkg-config"
  run_consumer "$out/consumer-pkg-config" 1 1
}

step "install weft into build/package/prefix" install_weft "$out/weft" "$out/prefix"
step "install serial, scalar weft into build/package/prefix-serial-scalar" install_weft \
  "$out/weft-serial-scalar" "$out/prefix-serial-scalar" -DWEFT_USE_TBB=OFF -DWEFT_USE_XSIMD=OFF
step "consumer: find_package" find_package_consumer find-package "$out/prefix" 1 1
step "consumer: find_package, a kernel per instruction set (weft_dispatch_sources), loops compiled once (weft_separate_compilation)" \
  find_package_consumer find-package-dispatched "$out/prefix" 1 1 -DWEFT_DISPATCHED=ON -DWEFT_SEPARATE=ON
step "consumer: find_package, serial and scalar" \
  find_package_consumer find-package-serial-scalar "$out/prefix-serial-scalar" 0 0
step "consumer: find_package without oneTBB (serial backend)" no_tbb_consumer find-package-no-tbb 0 1 \
  -DWEFT_CONSUME=find_package -DCMAKE_PREFIX_PATH="$out/prefix"
step "consumer: find_package(weft COMPONENTS mpi), weft::mpi on 2 ranks" mpi_consumer find-package-mpi 1 1 \
  -DWEFT_CONSUME=find_package -DCMAKE_PREFIX_PATH="$out/prefix"
step "consumer: find_package(weft REQUIRED COMPONENTS mpi) without MPI fails, naming it" mpi_component_missing
step "consumer: add_subdirectory, -Wall -Wextra -Wpedantic -Wshadow -Werror (g++), weft::mpi too" \
  mpi_consumer add-subdirectory 1 1 -DWEFT_CONSUME=add_subdirectory -DWEFT_STRICT=ON -DCMAKE_CXX_COMPILER=g++
step "consumer: add_subdirectory, -Wall -Wextra -Wpedantic -Wshadow -Werror (clang++), weft::mpi too, dispatched, loops compiled once" \
  mpi_consumer add-subdirectory-clang 1 1 -DWEFT_CONSUME=add_subdirectory -DWEFT_STRICT=ON -DCMAKE_CXX_COMPILER=clang++ \
  -DWEFT_DISPATCHED=ON -DWEFT_SEPARATE=ON
step "consumer: add_subdirectory without oneTBB (serial backend)" no_tbb_consumer add-subdirectory-no-tbb 0 1 \
  -DWEFT_CONSUME=add_subdirectory
# FetchContent clones the repository at the commit checked out (the
# working tree's uncommitted changes are not in it); outside a git checkout
# it takes the source tree.
if head=$(git rev-parse --verify -q HEAD 2>/dev/null); then
  step "consumer: FetchContent from git (file://, commit ${head:0:12})" cmake_consumer fetchcontent 1 1 \
    -DWEFT_CONSUME=FetchContent -DWEFT_GIT_REPOSITORY="file://$src" -DWEFT_GIT_TAG="$head"
else
  step "consumer: FetchContent from the source tree" cmake_consumer fetchcontent 1 1 \
    -DWEFT_CONSUME=FetchContent
fi
step "consumer: pkg-config" pkg_config_consumer

# Conan, in a home of its own; no remote is used (ConanCenter is out of
# reach), so the local recipes stand for xsimd and onetbb, at the versions
# the system has.
export CONAN_HOME=$out/conan-home
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ beside conanfile.py
# Conan 2 from PyPI, in build/venv (scripts/venv.sh).
venv=$(scripts/venv.sh "conan>=2,<3")
conan() { "$venv/bin/conan" "$@"; }
conan_export_system_recipes() {
  conan profile detect --force
  conan export conan/recipes/xsimd --version "$(pkg-config --modversion xsimd)"
  conan export conan/recipes/onetbb --version "$(pkg-config --modversion tbb)"
}
step "conan: profile, local xsimd and onetbb recipes" conan_export_system_recipes
# GCC 12 defaults to gnu17: weft needs C++20. test_package builds in
# build/package/conan-test-package, not in the source tree, and leaves no
# CMakeUserPresets.json there either.
# conan_create WITH_TBB: packages weft with that option, builds and runs
# test_package, and checks what it was compiled with.
conan_create() {
  conan create . --no-remote --build=missing -s compiler.cppstd=20 -o "weft/*:with_tbb=$1" \
    -c tools.cmake.cmake_layout:test_folder="$out/conan-test-package-$1" \
    -c tools.cmake.cmaketoolchain:user_presets= 2>&1 | tee "$out/conan-create-$1.out"
  local want=1
  [ "$1" = True ] || want=0
  grep -q "from Conan (WEFT_USE_TBB=$want), .*: ok" "$out/conan-create-$1.out"
}
step "conan create (package weft, build and run test_package)" conan_create True
step "conan create -o weft/*:with_tbb=False (serial backend, no onetbb)" conan_create False

echo "package: $passed passed, 0 failed"
