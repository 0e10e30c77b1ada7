#!/usr/bin/env bash
# The Quick start on a fresh Debian 12, as the README promises it: a bookworm
# root made with debootstrap (minbase) from the apt mirror this machine uses,
# with only g++, cmake and git installed, where the checkout's committed HEAD
# is cloned and the README's first command runs exactly as written; then one
# test suite, built the way scripts/test.sh builds it (`scripts/test.sh
# --suite NAME`). It prints what each step installed (packages and size) and
# how long it took.
#
#   scripts/fresh-machine-test.sh [SUITE]   (default test_core; needs root)
#
# Run by scripts/test.sh (so by CI). Everything is under build/fresh-machine/,
# remade each time. The chroot mounts /proc and /sys (the tour reads the
# CPU's cache sizes from /sys), keeps the /dev debootstrap made, and takes
# the host's resolv.conf.
set -euo pipefail
cd "$(dirname "$0")/.."
suite=${1:-test_core}
if [ "$(id -u)" -ne 0 ]; then
  echo "fresh-machine: skipped (debootstrap and chroot need root)"
  exit 0
fi
scripts/install-deps.sh debootstrap git
work=$PWD/build/fresh-machine
root=$work/root

# unmount_all: every mount point under the root, deepest first.
unmount_all() {
  local m
  for m in $(awk -v r="$root/" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r); do
    umount "$m" 2>/dev/null || umount -l "$m"
  done
}
trap unmount_all EXIT
unmount_all
# --one-file-system: never into a mount that is still there.
rm -rf --one-file-system "$work"
mkdir -p "$work"

# The mirror of this machine's first Debian source (deb822 or one-line format).
mirror=$( (cat /etc/apt/sources.list.d/*.sources 2>/dev/null || true) |
  awk '/^URIs:/ && $2 ~ /debian\/?$/ { print $2; exit }')
if [ -z "$mirror" ]; then
  mirror=$( (cat /etc/apt/sources.list 2>/dev/null || true) |
    awk '$1 == "deb" { for (i = 2; i <= NF; ++i) if ($i ~ /^(http|https|file):/ && $i ~ /debian\/?$/) { print $i; exit } }')
fi
mirror=${mirror:-http://deb.debian.org/debian}

started=$SECONDS
step_started=$SECONDS
# took WHAT: the time since the last step.
took() {
  echo "fresh-machine: $1 took $((SECONDS - step_started)) s"
  step_started=$SECONDS
}
# packages: the installed packages with their sizes (KiB), sorted.
packages() { chroot "$root" dpkg-query -W -f='${Package} ${Installed-Size}\n' | sort; }
# installed_since LIST: what is installed now and was not in LIST, and its size.
installed_since() {
  packages > "$work/after"
  local added
  added=$(comm -13 "$1" "$work/after")
  if [ -z "$added" ]; then
    echo "fresh-machine:   installed nothing"
  else
    echo "fresh-machine:   installed $(echo "$added" | wc -l) packages," \
      "$(echo "$added" | awk '{ s += $2 } END { printf "%.1f", s / 1024 }') MiB:" \
      "$(echo "$added" | awk '{ print $1 }' | paste -sd' ')"
  fi
  mv "$work/after" "$1"
}

echo "fresh-machine: debootstrap --variant=minbase bookworm from $mirror"
debootstrap --variant=minbase bookworm "$root" "$mirror" > "$work/debootstrap.log" 2>&1 ||
  { tail -n 30 "$work/debootstrap.log"; exit 1; }
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
took "debootstrap"
packages > "$work/before"

in_root() { chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin TERM=dumb "$@"; }
in_root bash -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq g++ cmake git >/dev/null"
took "apt-get install g++ cmake git"
installed_since "$work/before"

mkdir -p "$root/src"
mount --bind -o ro "$PWD" "$root/src"
in_root git clone --quiet /src /root/weft
echo "fresh-machine: cloned $(git rev-parse --short HEAD) (committed changes only)"

echo "fresh-machine: the README's first command: scripts/tour.sh"
in_root bash -c "cd /root/weft && scripts/tour.sh" > "$work/tour.log" 2>&1 ||
  { tail -n 40 "$work/tour.log"; echo "fresh-machine: scripts/tour.sh failed (log: $work/tour.log)"; exit 1; }
grep -q "^== 6\. Reductions" "$work/tour.log" || { tail -n 40 "$work/tour.log"; exit 1; }
took "scripts/tour.sh"
installed_since "$work/before"

echo "fresh-machine: scripts/test.sh --suite $suite"
in_root bash -c "cd /root/weft && scripts/test.sh --suite $suite" > "$work/test.log" 2>&1 ||
  { tail -n 40 "$work/test.log"; echo "fresh-machine: the test suite failed (log: $work/test.log)"; exit 1; }
took "scripts/test.sh --suite $suite"
installed_since "$work/before"
echo "fresh-machine: passed in $((SECONDS - started)) s"
