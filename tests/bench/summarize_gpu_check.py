#!/usr/bin/env python3
"""Summary of one run of tests/bench/run_gpu_check.sh: reads OUT/bench.json (ifedit-bench),
OUT/ref_bench.json (the official modules, ../shared/device/ref_bench.py) and OUT/parity.json, and
prints Markdown tables with the issue's targets, ready for tests/bench/README.md.
Usage: summarize_gpu_check.py OUT"""
import json
import os
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/ifedit-gpu-check"


def load(name):
    try:
        with open(os.path.join(out, name)) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        print(f"- {name}: not available ({e.__class__.__name__})")
        return None


def num(v, f="{:.3f}"):
    return f.format(v) if isinstance(v, (int, float)) else "-"


def real(v):
    """A measured error as a float: JSON has no NaN, so nlohmann writes a NaN error as null."""
    return float(v) if isinstance(v, (int, float)) else float("nan")


def ref_from_log():
    """ref_bench.py writes its JSON at the very end, but prints each section as a JSON line: a run
    stopped by the deadline still has those."""
    merged = {}
    try:
        with open(os.path.join(out, "ref_bench.log")) as f:
            for line in f:
                line = line.strip()
                if line.startswith("{") and line.endswith("}"):
                    try:
                        merged.update(json.loads(line))
                    except ValueError:
                        pass
    except OSError:
        pass
    if merged:
        print(f"- ref_bench.json: taken from the {len(merged)} figures ref_bench.log printed")
    return merged


bench, ref, parity = load("bench.json"), load("ref_bench.json"), load("parity.json")
ref = ref or ref_from_log()
print(f"\n## GPU check ({open(os.path.join(out, 'commit.txt')).read().strip() if os.path.exists(os.path.join(out, 'commit.txt')) else 'commit ?'})\n")
if bench:
    print(f"libtorch {bench.get('torch')}, {bench.get('device')}, fused CUDA kernels: {bench.get('cuda_kernels')}, "
          f"float8: {bench.get('float8')}; setup: {json.dumps(bench.get('setup', {}))}\n")
    c = bench.get("ceilings", {})
    print("| ceiling | ours | official run |\n|---|---|---|")
    print(f"| bf16 matmul 8192^3 (TFLOP/s) | {num(c.get('matmul_bf16_tflops'), '{:.0f}')} | {num(ref.get('matmul_bf16_tflops'), '{:.0f}')} |")
    print(f"| FP8 linear incl. activation quantisation (TFLOP/s) | {num(c.get('fp8_linear_tflops'), '{:.0f}')} "
          f"(FP8 units: {c.get('fp8_matmul_units')}) | - |")
    print(f"| SDPA 14040 tok x 40 x 128 (ms) | {num(c.get('sdpa_14040_ms'), '{:.2f}')} | {num(ref.get('sdpa_14040_ms'), '{:.2f}')} |")
    print(f"| host->device pinned copy (GB/s) | {num(c.get('h2d_pinned_GBps'), '{:.1f}')} | - |\n")

    print("| fused op (bf16, 14040 tokens) | dispatcher (us) | plain torch (us) | speedup | kernel ran | keep |\n|---|---|---|---|---|---|")
    for name, o in bench.get("fused_ops", {}).items():
        print(f"| {name} | {num(o.get('dispatch_us'), '{:.1f}')} | {num(o.get('torch_us'), '{:.1f}')} | "
              f"{num(o.get('speedup'), '{:.2f}')} | {o.get('kernel_ran')} | {'yes' if o.get('kernel_wins') else 'NO'} |")
    print()

    modes = bench.get("modes", {})
    res = modes.get("resident", {})
    print("| DiT forward (A14B expert, bf16) | ours (s) | TFLOP/s | % of matmul | official (s) | official / ours | target |\n|---|---|---|---|---|---|---|")
    for F in (9, 4, 3):
        ours = res.get(f"dit_fwd_F{F}_s")
        theirs = ref.get(f"ref_dit_fwd_F{F}_s")
        ratio = theirs / ours if isinstance(ours, float) and isinstance(theirs, float) and ours > 0 else None
        target = "<= 0.80 s" if F == 9 else ""
        ok = "" if F != 9 or not isinstance(ours, float) else (" (met)" if ours <= 0.80 else " (MISSED)")
        print(f"| {F} latent frames ({res.get(f'dit_fwd_F{F}_tokens', '-')} tok) | {num(ours)} | "
              f"{num(res.get(f'dit_fwd_F{F}_tflops'), '{:.0f}')} | {num(res.get(f'dit_fwd_F{F}_pct_matmul'), '{:.0f}')} | "
              f"{num(theirs)} | {num(ratio, '{:.2f}')} | {target}{ok} |")
    print()
    print(f"VAE (f32): encode 33 frames ours {num(res.get('vae_encode_33f_s'))} s vs official "
          f"{num(ref.get('ref_vae_encode_33f_torch.float32'))} s; decode 9 latents ours {num(res.get('vae_decode_9lat_s'))} s "
          f"vs official {num(ref.get('ref_vae_decode_9lat_torch.float32'))} s\n")

    print("| memory mode | load (s) | DiT F9 (s) | edit K=3 (s) | evolve / refine (s) | peak VRAM (GB) | target |\n|---|---|---|---|---|---|---|")
    targets = {"resident": ("edit <= 6.0 s (bf16)", lambda m: m["edit_k3"]["total_s"] <= 6.0),
               "fp8": ("edit <= 4.0 s (FP8)", lambda m: m["edit_k3"]["total_s"] <= 4.0),
               "lowvram": ("peak <= 22 GB", lambda m: m["peak_GB"] <= 22.0)}
    for name, m in modes.items():
        if "error" in m:
            print(f"| {name} | FAILED: {m['error']} | | | | | |")
            continue
        e = m.get("edit_k3", {})
        t, check = targets.get(name, ("", None))
        verdict = ""
        if check:
            try:
                verdict = " (met)" if check(m) else " (MISSED)"
            except (KeyError, TypeError):
                verdict = ""
        print(f"| {name} ({m.get('plan', '')}) | {num(m.get('load_s'), '{:.1f}')} | {num(m.get('dit_fwd_F9_s'))} | "
              f"{num(e.get('total_s'), '{:.2f}')} | {num(e.get('evolve_s'), '{:.2f}')} / {num(e.get('refine_s'), '{:.2f}')} | "
              f"{num(m.get('peak_GB'), '{:.1f}')} | {t}{verdict} |")
    if "edit_k1" in res:
        print(f"\nK=1 vs K=3 (resident): {num(res['edit_k1'].get('total_s'), '{:.2f}')} s vs "
              f"{num(res.get('edit_k3', {}).get('total_s'), '{:.2f}')} s")
    for name, m in modes.items():
        if "edit_k3" in m:
            print(f"\nstages, {name}, K=3: " + ", ".join(f"{k} {v:.3f} s" for k, v in m["edit_k3"].get("stages_s", {}).items()))
        if "arena" in m:
            print(f"arena, {name}: {json.dumps(m['arena'])}")
        if "host_planned_GB" in m:
            print(f"host RAM, {name}: planned {num(m.get('host_planned_GB'), '{:.1f}')} GB, "
                  f"measured {num(m.get('host_measured_GB'), '{:.1f}')} GB (RssAnon growth over the load)")
        if "host_memory_warning" in m:
            print(f"WARNING, {name}: {m['host_memory_warning']}")
        hs = m.get("host_syncs")
        if isinstance(hs, dict):
            steady = [n for steps in (hs.get("denoise_steps", []), hs.get("refine.denoise_steps", [])) for n in steps[1:]]
            print(f"host syncs, {name} (warm-up edit, counted by torch's sync debug mode): per stage "
                  f"{json.dumps(hs.get('stages', {}))}; per denoising step: evolve {hs.get('denoise_steps')}, "
                  f"refine {hs.get('refine.denoise_steps')} ({sum(steady)} after the first steps; "
                  f"backtraces of the first in bench.json, host_syncs.denoise_sites)")
        elif hs is not None:
            print(f"host syncs, {name}: {hs}")
parity_b = load("parity_b.json")  # the second fixture set (tests/fixtures/wan_b)
for title, report, detail in (("tests/fixtures/wan", parity, True), ("tests/fixtures/wan_b", parity_b, False)):
    if not report:
        continue
    lines = report.get("parity", [])
    failed = [l for l in lines if not l["pass"]]
    print(f"\nParity on CUDA, {title}: {len(lines) - len(failed)} passed, {len(failed)} failed")
    for l in lines:
        if not l["pass"] or l["measured_only"] or detail and ("arena" in l["name"] or l["name"].endswith(".out")):
            err, ref_max = real(l.get("max_err")), real(l.get("max_ref"))
            rel = err / max(1.0, ref_max) if ref_max == ref_max else float("nan")
            print(f"- {l['name']}: max|err| {err:.3e} (rel {rel:.2e}, bound {real(l.get('bound')):.1e}) {'PASS' if l['pass'] else 'FAIL'}")
    for check in report.get("fixture_check", []):
        print(f"\ncheck-fixtures on the GPU, {title}, {check['precision']}: {check['passed']} passed, "
              f"{check['failed']} failed, {len(check['errors'])} errors" + "".join(f"\n  ERROR {e}" for e in check["errors"]))
        print("\n| group | closest comparison | max\\|err\\| | tolerance | err / tol |\n|---|---|---|---|---|")
        for group, c in check.get("closest", {}).items():
            err, tol = real(c.get("max_err")), real(c.get("tol"))
            print(f"| {group} | {c['name']} | {err:.3e} | {tol:.3e} | {err / tol if tol else float('nan'):.3f} |")
