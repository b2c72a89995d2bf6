#!/bin/bash
# run_gpu_check.sh without a GPU: stand-in executables in a scratch tree play the device's build
# (one parity error is NaN, which JSON stores as null), and the check must still summarise every
# part and leave at most 8 files in $OUT, the most the device tool brings back.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tree/build-gpu/tests/bench" "$work/tree/build-gpu/tests/kernels" "$work/out"
ln -s "$src/tests" "$work/tree/tests"
echo 'export IFEDIT_GPU_CMAKE_ARGS=""' > "$work/env.sh"
cat > "$work/tree/build-gpu/tests/bench/ifedit-bench" <<'STUB'
#!/bin/bash
json=""; parity=0
while (($#)); do case $1 in --json) json=$2; shift;; --parity) parity=1;; esac; shift; done
if ((parity)); then
  cat > "$json" <<'J'
{"parity": [{"name": "dit.out", "max_err": null, "max_ref": 2.0, "bound": 1e-4, "measured_only": false, "pass": false},
            {"name": "vae.out", "max_err": 1e-6, "max_ref": 1.0, "bound": 1e-4, "measured_only": false, "pass": true}],
 "fixture_check": [{"precision": "f32", "passed": 3, "failed": 1, "errors": [],
                    "closest": {"dit": {"name": "dit.x", "max_err": null, "tol": 1e-4}}}]}
J
  echo "1 passed, 1 failed"; exit 1
fi
echo '{"torch": "stub", "device": "cuda:0", "modes": {"resident": {"dit_fwd_F9_s": 0.5, "host_memory_warning": "host memory: stub"}}}' > "$json"
STUB
printf '#!/bin/bash\necho "PASS   : stub"\n' > "$work/tree/build-gpu/tests/kernels/test_kernels"
printf '#!/bin/bash\necho stub selftest\n' > "$work/tree/build-gpu/tests/kernels/kernel_selftest"
chmod +x "$work"/tree/build-gpu/tests/*/*
# ref_bench.py cut short by the deadline: its JSON file never written, its printed lines there.
mkdir -p "$work/logs"
printf '%s\n' 'loading the official modules' '{"ref_dit_fwd_F9_s": 1.25, "ref_dit_fwd_F9_tflops": 394.0}' > "$work/logs/ref_bench.log"
# The device's copy of the tree has no .git: the commit comes from .gpu/commit.txt.
mkdir -p "$work/tree/.gpu" && echo "abc1234 stub commit" > "$work/tree/.gpu/commit.txt"
cd "$work/tree"
export GIT_CEILING_DIRECTORIES=$work  # no repository around the scratch tree, whatever TMPDIR is
unset GIT_DIR
OUT="$work/out" LOGS="$work/logs" GPU_ENV="$work/env.sh" PHASES="test bench ref" DEADLINE=400 \
  bash "$src/tests/bench/run_gpu_check.sh" > "$work/console.txt" 2>&1 || true
fail() { echo "FAIL: $*"; cat "$work/console.txt"; ls -la "$work/out"; exit 1; }
n=$(find "$work/out" -type f | wc -l)
((n <= 8)) || fail "$n files in \$OUT, the device tool returns 8"
for f in summary.md run.log parity.json bench.json logs.tar.gz; do [[ -f $work/out/$f ]] || fail "no $f in \$OUT"; done
grep -q "Parity on CUDA, tests/fixtures/wan: 1 passed, 1 failed" "$work/out/summary.md" || fail "parity count"
grep -q "dit.out: max|err| nan" "$work/out/summary.md" || fail "the NaN error is not listed"
grep -q "check-fixtures on the GPU, tests/fixtures/wan, f32: 3 passed, 1 failed" "$work/out/summary.md" ||
  fail "the summary stopped before the fixture check"
# Listed to a file first: `grep -q` leaving the pipe early would fail tar under pipefail.
grep -q "| 9 latent frames (- tok) | 0.500 | - | - | 1.250 | 2.50 |" "$work/out/summary.md" ||
  fail "the official timing printed by a cut-short ref_bench.py is not in the summary"
grep -q "## GPU check (abc1234 stub commit)" "$work/out/summary.md" || fail "the commit is not in the summary's heading"
grep -q "WARNING, resident: host memory: stub" "$work/out/summary.md" || fail "the page-locking warning is not in the summary"
tar -tzf "$work/out/logs.tar.gz" > "$work/listing.txt" || fail "logs.tar.gz does not read back"
grep -qx "./parity.log" "$work/listing.txt" || fail "logs.tar.gz lacks parity.log"
echo "run_gpu_check.sh dry run: $n files in \$OUT, summary complete"
