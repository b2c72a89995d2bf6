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
# shellcheck source=chroot_common.sh
source "$project/tests/torch2/chroot_common.sh"
chroot_prepare "$suite" "$root" main
echo "ci_in_chroot: running .ci/run at $(git -C "$project" rev-parse --short HEAD) in Debian $suite; log: $root/src/ci.log"

set +e
chroot_bash '
    cd /src/ifedit &&
    echo "== $(. /etc/os-release; echo "$PRETTY_NAME"), $(date -u +%FT%TZ)" &&
    time .ci/run &&
    echo "== $(dpkg-query -W -f="\${db:Status-Abbrev}\${Package} \${Version}\n" libtorch-dev libtorch-cuda-dev 2>/dev/null | sed -n "s/^ii *//p" | head -1), $(g++ --version | head -1)"
  ' >"$root/src/ci.log" 2>&1
status=$?
set -e
tail -n 40 "$root/src/ci.log"
exit $status
