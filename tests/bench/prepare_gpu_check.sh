#!/bin/bash
# Run on the development machine, in the project's root, before the GPU session's one command
# (tests/bench/run_gpu_check.sh). Fills ./.gpu/ (ignored by git, carried to the GPU machine):
#   - the Debian packages, gpu-env.sh and the OpenCV shim (../shared/device/prepare.sh);
#   - ref_bench.py (../shared/device/) and, when the path of a git mirror of the public
#     Wan-Video/Wan2.2 repository is given (the search tool's `fetch github:Wan-Video/Wan2.2`
#     answers with it), the three reference modules ref_bench.py loads, under .gpu/wan22/wan/.
#     They stay out of the project: never commit them.
# Usage: tests/bench/prepare_gpu_check.sh [/work/.mirror/Wan-Video+Wan2.2/repo]
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
shared=$(cd "$root/../shared/device" && pwd)
bash "$shared/prepare.sh"
cp "$shared/ref_bench.py" .gpu/
if [[ -n ${1:-} ]]; then
  rm -rf .gpu/wan22 && mkdir -p .gpu/wan22
  git --git-dir "$1" archive HEAD wan/modules/attention.py wan/modules/model.py wan/modules/vae2_1.py |
    tar -x -C .gpu/wan22
  echo "reference modules: $(cd .gpu/wan22 && find wan -name '*.py' | tr '\n' ' ')"
else
  echo "no Wan2.2 mirror given: run_gpu_check.sh will skip ref_bench.py"
fi
# The device gets a copy of the working tree without .git: the commit travels in .gpu/.
{ git log --oneline -1; git diff --quiet HEAD || echo "(plus uncommitted changes)"; } | paste -sd' ' > .gpu/commit.txt
du -sh .gpu | awk '{print ".gpu/ holds " $1 " (carry limit 64 MiB)"}'
