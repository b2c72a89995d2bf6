#!/bin/bash
# Runs the project's CI (.ci/run: install the packages, build, every test) inside a chroot of a newer
# Debian suite, whose libtorch is 2.x (trixie: 2.6.0, sid: 2.14.x) and whose compilers are newer.
#
# Why: this machine kind has libtorch 1.13, where at::scaled_dot_product_attention, float8 weights
# and the float8 fp8_scaled loading paths are compiled out; GPU machines and users build against
# libtorch 2.x. check_torch2_api.py only type-checks those paths; here they are built, linked and
# run on the CPU through every fixture parity test, so the first GPU session meets only CUDA itself.
#
#   sudo tests/torch2/ci_in_chroot.sh [SUITE] [ROOT]
#     SUITE  Debian suite to bootstrap (default trixie)
#     ROOT   where the chroot lives (default build/chroot-SUITE; ~3.5 GB once the packages are in)
#
# The committed HEAD is cloned into ROOT/src/ifedit (uncommitted changes are not taken). The log is
# ROOT/src/ci.log. Needs root (debootstrap, chroot, mounts) and Debian's mirror; the exit code is
# that of .ci/run.
set -euo pipefail

suite=${1:-trixie}
project=$(cd "$(dirname "$0")/../.." && pwd)
root=${2:-$project/build/chroot-$suite}
mirror=${IFEDIT_DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [[ $(id -u) -ne 0 ]]; then
  echo "ci_in_chroot: needs root (debootstrap, chroot and mounts)" >&2
  exit 2
fi
if ! command -v debootstrap >/dev/null; then
  apt-get install -y -qq debootstrap >/dev/null
fi

if [[ ! -x $root/usr/bin/apt-get ]]; then
  echo "ci_in_chroot: bootstrapping Debian $suite into $root"
  debootstrap --variant=minbase --components=main "$suite" "$root" "$mirror" >"$root.debootstrap.log" 2>&1 ||
    { echo "ci_in_chroot: debootstrap failed, see $root.debootstrap.log" >&2; exit 2; }
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
# A mirror can be a frozen snapshot whose sid Release file has passed its Valid-Until date; this
# throwaway root does not need apt's protection against replayed indexes.
echo 'Acquire::Check-Valid-Until "false";' >"$root/etc/apt/apt.conf.d/99ifedit-snapshot-mirror"

# /dev and /sys are bound recursively and made slaves first, so that unmounting them here can never
# propagate to the host's own mounts.
unmount_all() {
  for m in dev sys proc; do
    if mountpoint -q "$root/$m"; then umount -R "$root/$m" || umount -lR "$root/$m"; fi
  done
}
trap unmount_all EXIT
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
for m in dev sys; do
  if ! mountpoint -q "$root/$m"; then
    mount --rbind "/$m" "$root/$m"
    mount --make-rslave "$root/$m"
  fi
done

rm -rf "$root/src"
mkdir -p "$root/src"
git clone -q "$project" "$root/src/ifedit"
echo "ci_in_chroot: running .ci/run at $(git -C "$project" rev-parse --short HEAD) in Debian $suite; log: $root/src/ci.log"

set +e
chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
  DEBIAN_FRONTEND=noninteractive /bin/bash -c '
    cd /src/ifedit &&
    echo "== $(. /etc/os-release; echo "$PRETTY_NAME"), $(date -u +%FT%TZ)" &&
    time .ci/run &&
    echo "== libtorch $(dpkg-query -W -f="\${Version}" libtorch-dev), $(g++ --version | head -1)"
  ' >"$root/src/ci.log" 2>&1
status=$?
set -e
tail -n 40 "$root/src/ci.log"
exit $status
