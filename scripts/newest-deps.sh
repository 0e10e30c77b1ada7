#!/usr/bin/env bash
# The newest xsimd and oneTBB, usable by CMake without installing them, for
# the CI configuration that checks weft against them (Debian 12 ships xsimd
# 8.1 and oneTBB 2021.8; xsimd's names changed since, e.g. hadd ->
# reduce_add, and weft keeps those differences in include/weft/simd/).
#
# Our registries are Debian's and PyPI:
#   - xsimd: PyPI has no xsimd package, but the pythran wheel vendors a
#     recent xsimd release, headers only;
#   - oneTBB: the tbb-devel wheel (headers, CMake package) and the tbb wheel
#     (the release libraries) unpacked into one prefix, as pip would.
#
#   scripts/newest-deps.sh DIR   prints the CMake arguments that select them
# The versions are pinned, so that CI is repeatable and conanfile.py's
# ranges can end at what CI tests: move them (and those ranges, and the
# README's "Getting weft") forward together.
set -euo pipefail
dir=${1:?usage: scripts/newest-deps.sh DIR}
wheels=(pythran==0.19.0 tbb-devel==2023.2.0 tbb==2023.2.0)  # xsimd 14.1, oneTBB 2023.2
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
if [ "$(cat "$dir/done" 2>/dev/null)" != "${wheels[*]}" ]; then
  rm -rf "$dir"/*
  venv=$("$(dirname "$0")/venv.sh")
  "$venv/bin/python" -m pip download --quiet --disable-pip-version-check --no-deps \
    --only-binary=:all: --dest "$dir/wheels" "${wheels[@]}" >&2
  "$venv/bin/python" - "$dir" <<'EOF'
import glob, os, sys, zipfile

root = sys.argv[1]

def unpack(wheel_glob, prefix, target):
    wheel = zipfile.ZipFile(glob.glob(os.path.join(root, "wheels", wheel_glob))[0])
    for info in wheel.infolist():
        name = info.filename
        if not name.startswith(prefix) or name.endswith("/"):
            continue
        path = os.path.join(root, target, name[len(prefix):])
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as out:
            out.write(wheel.read(name))

unpack("pythran-*.whl", "pythran/xsimd/", "xsimd/include/xsimd")
for wheel in ("tbb_devel-*.whl", "tbb-*.whl"):
    names = zipfile.ZipFile(glob.glob(os.path.join(root, "wheels", wheel))[0]).namelist()
    prefix = next(n for n in names if ".data/data/" in n).split(".data/data/")[0] + ".data/data/"
    unpack(wheel, prefix, "tbb")
EOF
  # Wheels hold copies, not symbolic links: name the libraries as the linker expects.
  (cd "$dir/tbb/lib" && for so in lib*.so.*.*; do
     base=${so%.*}; [ -e "$base" ] || cp "$so" "$base"
     stem=${so%%.so.*}.so; [ -e "$stem" ] || cp "$so" "$stem"
   done)
  echo "${wheels[*]}" > "$dir/done"
fi

# xsimd: a package config with the target name xsimd's own config exports.
xsimd_version=$(sed -n 's/^#define XSIMD_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\).*/\2/p' \
  "$dir/xsimd/include/xsimd/config/xsimd_config.hpp" | paste -sd.)
cat > "$dir/xsimd/xsimdConfig.cmake" <<EOF
if(NOT TARGET xsimd)
  add_library(xsimd INTERFACE IMPORTED)
  set_target_properties(xsimd PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "$dir/xsimd/include")
endif()
EOF
cat > "$dir/xsimd/xsimdConfigVersion.cmake" <<EOF
set(PACKAGE_VERSION "$xsimd_version")
set(PACKAGE_VERSION_COMPATIBLE TRUE)
EOF
tbb_version=$(sed -n 's/^#define TBB_VERSION_\(MAJOR\|MINOR\) \([0-9]*\).*/\2/p' \
  "$dir/tbb/include/oneapi/tbb/version.h" | paste -sd.)
echo "weft: xsimd $xsimd_version (pythran wheel), oneTBB $tbb_version (tbb-devel wheel) in $dir" >&2
echo "-Dxsimd_DIR=$dir/xsimd -DTBB_DIR=$dir/tbb/lib/cmake/tbb"
