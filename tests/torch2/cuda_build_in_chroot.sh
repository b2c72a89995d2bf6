#!/bin/bash
# Builds the project the way a GPU machine does — against a CUDA libtorch, with IFEDIT_TORCH_CUDA
# (c10/cuda streams, events, pinned memory, allocator statistics, at::_scaled_mm) and the fused
# kernels compiled by nvcc — and links every target, inside a Debian 13 chroot whose contrib section
# has libtorch-cuda-dev 2.6 (built with CUDA 12.4; nvcc 12.4 from non-free). Then runs every test
# on this GPU-less machine: CUDA libtorch without a driver must behave as a CPU build (the gpu
# tests skip; everything else passes).
#
# Why: check_torch2_api.py only type-checks the CUDA branches, and ci_in_chroot.sh builds them out
# (CPU libtorch). Only this links them, so the first GPU session meets device behaviour, not
# missing symbols.
#
#   sudo tests/torch2/cuda_build_in_chroot.sh [ROOT]
#     ROOT  where the chroot lives (default build/chroot-trixie-cuda; ~12 GB with the CUDA toolkit)
#
# Two things Debian cannot install without a network to NVIDIA are stood in for, in the chroot only:
# cuDNN (Debian's nvidia-cudnn is an installer that downloads it) by the libcudnn.so.9 of this
# machine's CUDA Toolkit (its dispatcher needs nothing but libc/libstdc++), and the driver
# (libcuda1) by nothing at all — the CUDA runtime then reports no device, as on a machine without
# one. A small local package "provides" both so that apt accepts libtorch-cuda-dev. The committed
# HEAD is cloned (uncommitted changes are not taken). Log: ROOT/src/cuda-build.log; exit code: that
# of the build + tests.
set -euo pipefail

project=$(cd "$(dirname "$0")/../.." && pwd)
root=${1:-$project/build/chroot-trixie-cuda}
cudnn=$(ls /usr/local/cuda*/lib*/libcudnn.so.9 /usr/lib/x86_64-linux-gnu/libcudnn.so.9 2>/dev/null | head -1 || true)
if [[ -z $cudnn ]]; then
  echo "cuda_build_in_chroot: no libcudnn.so.9 on this machine (CUDA Toolkit with cuDNN expected)" >&2
  exit 2
fi
# shellcheck source=chroot_common.sh
source "$project/tests/torch2/chroot_common.sh"
chroot_prepare trixie "$root" main,contrib,non-free
mkdir -p "$root/opt/ifedit-cudnn"
cp "$cudnn" "$root/opt/ifedit-cudnn/"
echo "cuda_build_in_chroot: building $(git -C "$project" rev-parse --short HEAD) against CUDA libtorch; log: $root/src/cuda-build.log"

set +e
chroot_bash '
set -euo pipefail
cd /src/ifedit
echo "== $(. /etc/os-release; echo "$PRETTY_NAME"), $(date -u +%FT%TZ)"
./packaging/install-deps.sh
if ! dpkg-query -W -f="\${Status}" ifedit-check-cuda-standins 2>/dev/null | grep -q "ok installed"; then
  d=$(mktemp -d)
  mkdir -p "$d/DEBIAN"
  cat >"$d/DEBIAN/control" <<CONTROL
Package: ifedit-check-cuda-standins
Version: 1.0
Architecture: all
Maintainer: IF-Edit Studio build check <root@localhost>
Provides: nvidia-cudnn (= 9.0.0.312~cuda12), libcuda.so.1 (= 550)
Description: stands in for the cuDNN installer and the NVIDIA driver (GPU-less build check)
CONTROL
  dpkg-deb --build "$d" /tmp/ifedit-check-cuda-standins.deb >/dev/null
  dpkg -i /tmp/ifedit-check-cuda-standins.deb
fi
echo /opt/ifedit-cudnn >/etc/ld.so.conf.d/ifedit-cudnn.conf
ldconfig
apt-get install -y -qq --no-install-recommends nvidia-cuda-toolkit libtorch-cuda-dev
host_cxx=
for c in /usr/bin/g++-13 /usr/bin/g++-12; do [[ -x $c ]] && { host_cxx=$c; break; }; done  # nvcc 12.4: GCC <= 13
echo "== libtorch $(dpkg-query -W -f="\${Version}" libtorch-cuda-dev), $(nvcc --version | tail -1), host compiler for nvcc: $host_cxx, C++: $(g++ --version | head -1)"
time cmake -S . -B build/cuda -G Ninja -DCMAKE_BUILD_TYPE=Release -DIFEDIT_BUILD_GUI=OFF \
  -DIFEDIT_ENABLE_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES=90 -DCMAKE_CUDA_HOST_COMPILER="$host_cxx" |
  tee /tmp/configure.log
grep -q "IF-Edit: libtorch with CUDA" /tmp/configure.log ||
  { echo "CMake did not take libtorch as a CUDA build"; exit 1; }
time cmake --build build/cuda
cd build/cuda
time ctest --output-on-failure
' >"$root/src/cuda-build.log" 2>&1
status=$?
set -e
tail -n 40 "$root/src/cuda-build.log"
exit $status
