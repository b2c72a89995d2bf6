#!/usr/bin/env python3
"""Compile-checks the engine against a newer libtorch's headers, CUDA branches included.

This machine kind has libtorch 1.13 (CPU) and no GPU, yet users and the GPU machines build against
CUDA libtorch 2.x, where other code is compiled: float8 weights, at::_scaled_mm,
at::scaled_dot_product_attention, c10/cuda streams, allocator statistics and the kernel launchers
(IFEDIT_TORCH_CUDA / IFEDIT_WITH_CUDA_KERNELS). This script downloads Debian's libtorch-dev of a
newer suite (headers only; nothing is installed), and runs the compiler with -fsyntax-only over
every translation unit of an existing build's compile_commands.json that uses torch, with the torch
include paths swapped for the new headers, the CUDA Toolkit's headers added and both CUDA macros
defined. It catches API breaks before a scarce GPU session does; it cannot link or run anything.

    tests/torch2/check_torch2_api.py [--suite sid|trixie] [--build build/release] [--only SUBSTR ...]

Exit code: 0 when every unit compiles, 1 when one does not, 2 when the headers cannot be had.
"""
import argparse
import json
import lzma
import os
import re
import shlex
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor

MIRROR = "http://deb.debian.org/debian"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TORCH_INCLUDE = "/usr/include/torch/csrc/api/include"  # what Debian 12's libtorch adds with -isystem
CUDA_INCLUDE = "/usr/local/cuda/include"
# Written by libtorch's own CMake run in a CUDA build; Debian's CPU package lacks it. A CUDA
# libtorch built as shared libraries defines exactly this.
CUDA_CMAKE_MACROS = "#pragma once\n#define C10_CUDA_BUILD_SHARED_LIBS\n"


def package_entry(suite, name):
    """Version and pool path of package `name` in `suite`, read from the suite's Packages index."""
    url = f"{MIRROR}/dists/{suite}/main/binary-amd64/Packages.xz"
    with urllib.request.urlopen(url, timeout=60) as response:
        index = lzma.decompress(response.read()).decode("utf-8", "replace")
    for stanza in index.split("\n\n"):
        fields = dict(re.findall(r"^([A-Za-z-]+): (.*)$", stanza, re.M))
        if fields.get("Package") == name:
            return fields["Version"], fields["Filename"]
    raise LookupError(f"{name} is not in {suite}'s Packages index ({url})")


def fetch_headers(suite, cache):
    """Unpacks libtorch-dev of `suite` under cache/<version>/ once; returns that folder."""
    version, pool_path = package_entry(suite, "libtorch-dev")
    root = os.path.join(cache, version)
    if not os.path.isdir(os.path.join(root, "usr", "include", "ATen")):
        os.makedirs(root, exist_ok=True)
        deb = os.path.join(cache, os.path.basename(pool_path))
        urllib.request.urlretrieve(f"{MIRROR}/{pool_path}", deb)
        subprocess.run(["dpkg-deb", "-x", deb, root], check=True)
    shim = os.path.join(root, "shim", "c10", "cuda", "impl")
    os.makedirs(shim, exist_ok=True)
    with open(os.path.join(shim, "cuda_cmake_macros.h"), "w") as f:
        f.write(CUDA_CMAKE_MACROS)
    return version, root


def syntax_command(entry, root):
    """The unit's compile command against the new headers, as a syntax check."""
    args = shlex.split(entry["command"]) if "command" in entry else list(entry["arguments"])
    out, skip_next = [], False
    for arg in args:
        if skip_next:
            skip_next = False
        elif arg == "-o":
            skip_next = True
        elif arg == "-c":
            pass
        elif arg == TORCH_INCLUDE:
            # replaces the preceding -isystem's operand; the new tree then shadows /usr/include/{ATen,c10,torch}
            out[-1:] = ["-isystem", f"{root}/usr/include", "-isystem", f"{root}/usr/include/torch/csrc/api/include",
                        "-isystem", CUDA_INCLUDE, "-isystem", f"{root}/shim"]
        else:
            out.append(arg)
    out[1:1] = ["-fsyntax-only", "-w", "-DIFEDIT_TORCH_CUDA=1", "-DIFEDIT_WITH_CUDA_KERNELS=1"]
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", default="sid", help="Debian suite whose libtorch-dev to use (sid, trixie)")
    parser.add_argument("--build", default=os.path.join(ROOT, "build", "release"),
                        help="a configured build folder holding compile_commands.json")
    parser.add_argument("--cache", default=os.path.join(ROOT, "build", "torch2-headers"))
    parser.add_argument("--only", nargs="*", default=[], help="check only units whose path contains one of these")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    opts = parser.parse_args()

    commands = os.path.join(opts.build, "compile_commands.json")
    if not os.path.isfile(commands):
        sys.exit(f"no {commands}: configure a build first (cmake --preset release)")
    if not os.path.isfile(os.path.join(CUDA_INCLUDE, "cuda_runtime_api.h")):
        sys.exit(f"no {CUDA_INCLUDE}/cuda_runtime_api.h: the CUDA Toolkit's headers are needed")
    try:
        version, root = fetch_headers(opts.suite, opts.cache)
    except (OSError, LookupError, subprocess.CalledProcessError) as error:
        print(f"cannot get libtorch-dev from Debian {opts.suite}: {error}", file=sys.stderr)
        return 2

    with open(commands) as f:
        entries = json.load(f)
    units = [e for e in entries if e["file"].endswith(".cpp") and TORCH_INCLUDE in e.get("command", " ".join(e.get("arguments", [])))
             and (not opts.only or any(s in e["file"] for s in opts.only))]
    print(f"libtorch-dev {version} (Debian {opts.suite}) + CUDA headers: {len(units)} units", flush=True)

    def check(entry):
        result = subprocess.run(syntax_command(entry, root), cwd=entry["directory"], capture_output=True, text=True)
        return entry["file"], result

    failures = 0
    with ThreadPoolExecutor(max_workers=opts.jobs) as pool:
        for path, result in pool.map(check, units):
            name = os.path.relpath(path, ROOT)
            print(("ok   " if result.returncode == 0 else "FAIL ") + name, flush=True)
            if result.returncode:
                failures += 1
                print("\n".join([l for l in result.stderr.splitlines() if "error" in l][:10]))
    print(f"{len(units) - failures}/{len(units)} units compile against libtorch {version}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
