#!/bin/bash
# The GPU session's ONE command. On the device machine, from the project's root, with .gpu/ carried
# (fill it first on the development machine: tests/bench/prepare_gpu_check.sh MIRROR):
#     bash tests/bench/run_gpu_check.sh          (device tool: carry [".gpu"], timeout_s 600)
# Configures against the machine's CUDA libtorch with the CUDA kernels, builds what the checks need,
# runs the gpu tests (kernels vs torch, fixtures on CUDA in f32 / bf16 / FP8 and through the block
# arena), ifedit-bench at full A14B size in every memory mode, and the official modules'
# timings (ref_bench.py), then prints a summary beside the targets. Results and logs.tar.gz land in $OUT.
# It keeps itself under DEADLINE seconds (default 570: the tool's 600-s limit), giving the
# correctness checks precedence; a phase that does not fit is skipped and says so.
# Env: PHASES (default "build test bench ref": run a subset, e.g. "bench ref" on a warm machine
# whose build-gpu/ is still there), FULL=1 (build everything and run every gpu|core test).
set -uo pipefail
OUT=${OUT:-/tmp/ifedit-gpu-check}
# The device tool brings back at most 8 files from $OUT: every log is written under LOGS, and
# collect() puts the few files the results live in, plus one tarball of all logs, into $OUT after
# each phase (so a run killed mid-way still returns what it had) and at exit.
LOGS=${LOGS:-$(mktemp -d /tmp/ifedit-gpu-logs.XXXXXX)}
mkdir -p "$OUT" "$LOGS"
collect() {
  local f
  for f in summary.md run.log bench.json parity.json parity_b.json ref_bench.json; do
    [[ -f $LOGS/$f ]] && cp -f "$LOGS/$f" "$OUT/$f"
  done
  tar -C "$LOGS" -czf "$OUT/logs.tar.gz.tmp" . 2>/dev/null && mv -f "$OUT/logs.tar.gz.tmp" "$OUT/logs.tar.gz"
}
trap collect EXIT
exec > >(tee -a "$LOGS/run.log") 2>&1
tee_pid=$!
t0=$(date +%s)
DEADLINE=${DEADLINE:-570}
PHASES=${PHASES:-"build test bench ref"}
left() { echo $((DEADLINE - ($(date +%s) - t0))); }
say() { echo "=== [$(($(date +%s) - t0)) s] $*"; }
has() { [[ " $PHASES " == *" $1 "* ]]; }
# cap SECONDS, the least of it and what is left minus `reserve` for the phases after this one
budget() {
  local l=$(($(left) - $2))
  ((l < 1)) && l=1
  ((l < $1)) && echo $l || echo $1
}

GPU_ENV=${GPU_ENV:-.gpu/gpu-env.sh}  # another script only for a dry run of this one
[[ -f $GPU_ENV ]] || { echo "no $GPU_ENV: carry .gpu (tests/bench/prepare_gpu_check.sh)"; exit 2; }
# shellcheck source=/dev/null
source "$GPU_ENV"
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.get_device_name(0))'
nvidia-smi > "$LOGS/nvidia-smi.txt" 2>&1
git log --oneline -1 > "$LOGS/commit.txt" 2>/dev/null || cp .gpu/commit.txt "$LOGS/commit.txt" 2>/dev/null
jobs=$(nproc)
# What the GPU checks need first; the CPU-side tests of the same units after, if time allows.
targets="ifedit-bench kernel_selftest test_kernels test_runtime"
extra_targets="test_engine_modes"  # test_dit never touches CUDA: not worth device time

if has build; then
  say "configure"
  cmake -S . -B build-gpu -G Ninja $IFEDIT_GPU_CMAKE_ARGS -DIFEDIT_BUILD_APP=OFF -DIFEDIT_BUILD_GUI=OFF \
    -DIFEDIT_ENABLE_CUDA=ON > "$LOGS/configure.log" 2>&1 || { tail -40 "$LOGS/configure.log"; exit 3; }
  grep -q "libtorch with CUDA" "$LOGS/configure.log" ||
    echo "WARNING: CMake saw no CUDA libtorch (IFEDIT_TORCH_CUDA unset): kernels and memory modes cannot run"
  b=$(budget 330 150)
  say "build ($jobs jobs, at most $b s)"
  if [[ ${FULL:-0} == 1 ]]; then
    timeout -k 10 $b cmake --build build-gpu -j "$jobs" -- -k 0 > "$LOGS/build.log" 2>&1
  else
    timeout -k 10 $b cmake --build build-gpu -j "$jobs" --target $targets -- -k 0 > "$LOGS/build.log" 2>&1
  fi
  echo "build rc=$?"
  if [[ ${FULL:-0} != 1 ]]; then
    b=$(budget 120 240)
    if ((b > 30)); then
      timeout -k 10 $b cmake --build build-gpu -j "$jobs" --target $extra_targets -- -k 0 >> "$LOGS/build.log" 2>&1
      echo "build (extra tests) rc=$?"
    fi
  fi
  grep -E "error:|FAILED:" "$LOGS/build.log" | head -30
fi

collect
if has test && [[ -x build-gpu/tests/kernels/kernel_selftest ]]; then
  say "kernels through their launchers (no torch)"
  timeout -k 10 30 build-gpu/tests/kernels/kernel_selftest 2>&1 | tee "$LOGS/kernel_selftest.log"
fi
if has test && [[ -x build-gpu/tests/kernels/test_kernels ]]; then
  say "gpu tests"
  timeout -k 10 "$(budget 60 130)" build-gpu/tests/kernels/test_kernels > "$LOGS/test_kernels.log" 2>&1
  echo "test_kernels rc=$?"; grep -E "^(PASS|FAIL|SKIP|QINFO|Totals)" "$LOGS/test_kernels.log" | grep -v "^PASS" | head -40
fi
if has test && [[ -x build-gpu/tests/bench/ifedit-bench ]]; then
  say "parity on CUDA (f32 / bf16 / FP8, block arena)"
  timeout -k 10 "$(budget 90 120)" build-gpu/tests/bench/ifedit-bench --parity --device cuda --json "$LOGS/parity.json" \
    > "$LOGS/parity.log" 2>&1
  echo "parity rc=$?"; grep -E "FAIL|passed|rel" "$LOGS/parity.log" | grep -E "FAIL|passed|bf16|fp8|arena" | head -40
  # The second fixture set (other sizes, heads, TI2V cases): seconds on the GPU.
  timeout -k 10 "$(budget 30 110)" build-gpu/tests/bench/ifedit-bench --parity --device cuda --fixtures tests/fixtures/wan_b \
    --json "$LOGS/parity_b.json" > "$LOGS/parity_b.log" 2>&1
  echo "parity (set b) rc=$?"; grep -E "FAIL|passed" "$LOGS/parity_b.log" | head -20
fi
if has test && [[ -d build-gpu ]]; then
  say "ctest (gpu|core)"
  built=""
  for t in test_runtime test_engine_modes; do
    compgen -G "build-gpu/tests/*/$t" > /dev/null && built="$built${built:+|}$t"
  done
  if [[ ${FULL:-0} == 1 ]]; then sel=(-L "gpu|core"); else sel=(-L "gpu|core" -R "^(${built:-none})\$"); fi
  (cd build-gpu && timeout -k 10 "$(budget 90 110)" ctest "${sel[@]}" -E "bench_parity_cuda|test_kernels|kernel_selftest" --output-on-failure \
    > "$LOGS/ctest.log" 2>&1)
  echo "ctest rc=$?"; grep -E "Test +#|tests passed|Failed" "$LOGS/ctest.log" | head -30
fi

collect
if has bench && [[ -x build-gpu/tests/bench/ifedit-bench ]]; then
  b=$(budget 240 70)
  if ((b > 90)); then
    say "ifedit-bench (A14B, random weights; at most $b s)"
    timeout -k 10 $b build-gpu/tests/bench/ifedit-bench --device cuda --repeats 2 --json "$LOGS/bench.json" > "$LOGS/bench.log" 2>&1
    echo "bench rc=$?"; sed -n '1,/^== JSON/p' "$LOGS/bench.log" | head -60
  else
    say "ifedit-bench skipped: $b s left"
  fi
fi

collect
if has ref && [[ -f .gpu/ref_bench.py && -d .gpu/wan22/wan ]]; then
  b=$(budget 180 8)
  if ((b > 60)); then
    say "official modules (ref_bench.py; at most $b s)"
    OUT="$LOGS" timeout -k 10 $b python3 .gpu/ref_bench.py .gpu/wan22 > "$LOGS/ref_bench.log" 2>&1
    echo "ref_bench rc=$?"; tail -5 "$LOGS/ref_bench.log"
  else
    say "ref_bench.py skipped: $b s left"
  fi
elif has ref; then
  say "ref_bench.py skipped: .gpu/ref_bench.py or .gpu/wan22/wan missing (prepare_gpu_check.sh MIRROR)"
fi

collect
say "summary"
python3 tests/bench/summarize_gpu_check.py "$LOGS" | tee "$LOGS/summary.md"
say "done; in $OUT: summary.md, the JSON results, run.log and logs.tar.gz (every log)"
# run.log whole before the last copy: the tee behind the output has written everything.
exec >&- 2>&-
wait "$tee_pid" 2>/dev/null
collect
