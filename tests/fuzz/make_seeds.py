#!/usr/bin/env python3
"""Writes the seed corpora of the fuzzers into OUT/<target>/ (not committed: small files made from
the repository's fixtures plus a few hand-made ones). Usage: make_seeds.py OUT"""
import json, os, shutil, struct, subprocess, sys, tempfile, zlib

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
fixtures = os.path.join(root, "tests", "fixtures", "wan")
out = sys.argv[1]


def put(target, name, data):
    os.makedirs(os.path.join(out, target), exist_ok=True)
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def copy(target, path):
    os.makedirs(os.path.join(out, target), exist_ok=True)
    shutil.copy(path, os.path.join(out, target, os.path.basename(path)))


def safetensors(tensors, metadata=None, pad=True):
    header, blob = {}, b""
    if metadata:
        header["__metadata__"] = metadata
    for name, (dtype, shape, data) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(blob), len(blob) + len(data)]}
        blob += data
    text = json.dumps(header, separators=(",", ":"))
    if pad:
        text += " " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text.encode() + blob


# a. safetensors: every dtype, empty and scalar shapes, metadata, an odd header length (unaligned data)
put("safetensors", "dtypes.safetensors", safetensors({
    "f32": ("F32", [2, 2], struct.pack("<4f", 1, 2, 3, 4)), "f16": ("F16", [2], b"\x00\x3c\x00\x40"),
    "bf16": ("BF16", [1, 2], b"\x80\x3f\x00\x40"), "f64": ("F64", [1], struct.pack("<d", 0.5)),
    "e4m3": ("F8_E4M3", [4], b"\x38\x7f\x01\xb8"), "e5m2": ("F8_E5M2", [2], b"\x3c\x7c"),
    "i64": ("I64", [1], struct.pack("<q", -3)), "i8": ("I8", [3], b"\x01\xff\x02"),
    "b": ("BOOL", [2], b"\x01\x00"), "empty": ("F32", [0, 3], b""), "scalar": ("I32", [], b"\x07\x00\x00\x00"),
}, {"format": "pt"}))
put("safetensors", "unaligned.safetensors", safetensors({"w": ("F32", [3], struct.pack("<3f", 1, 2, 3))}, pad=False))
put("safetensors", "dit_shapes.safetensors", safetensors({
    "patch_embedding.weight": ("F32", [2, 4, 1, 1, 1], bytes(32)), "text_embedding.0.weight": ("F32", [2, 2], bytes(16)),
    "time_embedding.0.weight": ("F32", [2, 2], bytes(16)), "blocks.0.ffn.0.weight": ("F32", [2, 2], bytes(16)),
    "head.head.weight": ("F32", [4, 2], bytes(32)), "blocks.0.self_attn.norm_q.weight": ("F32", [2], bytes(8)),
    "blocks.0.norm3.weight": ("F32", [2], bytes(8))}))
copy("safetensors", os.path.join(fixtures, "t5_io.safetensors"))

# a2. the index of shards (the harness writes shard.safetensors with tensors a and b)
put("safetensors_index", "index.json", json.dumps(
    {"metadata": {"total_size": 11}, "weight_map": {"a": "shard.safetensors", "b": "shard.safetensors"}}))
put("safetensors_index", "missing.json", json.dumps({"weight_map": {"a": "other.safetensors"}}))

# b. torch zip
for name in ("t5_bf16.pth", "malicious.pth"):
    copy("torch_zip", os.path.join(fixtures, name))

# c. spiece.model: tiny unigram models trained here (identity, a small custom normaliser, byte fallback)
corpus = os.path.join(root, "tests", "data", "t5", "corpus.txt")
with tempfile.TemporaryDirectory() as tmp:
    rules = os.path.join(tmp, "rules.tsv")
    with open(rules, "w") as f:
        f.write("41\t61\nFF21\t41\n3000\t20\n2160\t49\n")
    variants = {"identity": ["--normalization_rule_name=identity"],
                "rules": ["--normalization_rule_tsv=" + rules],
                "bytes": ["--normalization_rule_name=identity", "--byte_fallback=true", "--vocab_size=400"]}
    for name, extra in variants.items():
        prefix = os.path.join(tmp, name)
        args = ["spm_train", "--input=" + corpus, "--model_prefix=" + prefix, "--model_type=unigram",
                "--vocab_size=80", "--pad_id=0", "--eos_id=1", "--unk_id=2", "--bos_id=-1",
                "--user_defined_symbols=<x>", "--minloglevel=2"] + extra
        result = subprocess.run(args, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit("spm_train failed for the %s seed: %s" % (name, result.stderr[-500:]))
        copy("spiece", prefix + ".model")

# d. config.json: the fixtures' WanModel configs and a diffusers WanTransformer3DModel config
for name in ("dit_i2v.config.json", "dit_ti2v.config.json"):
    copy("config_json", os.path.join(fixtures, name))
put("config_json", "diffusers.json", json.dumps({
    "_class_name": "WanTransformer3DModel", "num_attention_heads": 4, "attention_head_dim": 16, "in_channels": 36,
    "out_channels": 16, "ffn_dim": 128, "freq_dim": 256, "text_dim": 32, "num_layers": 2, "eps": 1e-6,
    "patch_size": [1, 2, 2], "cross_attn_norm": True, "qk_norm": "rms_norm_across_heads"}))


# e. PNG with our metadata: iTXt `ifedit` JSON, tEXt `parameters`, a zTXt
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)


def png(*texts):
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + b"".join(texts) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


settings = {"frames": 33, "steps": 8, "shift": 5.0, "solver": "euler", "guidance_low": 1.0, "guidance_high": 1.0,
            "negative_prompt": "", "max_area": 399360, "seed": "42", "dropout": True, "dropout_k": 3,
            "threshold": 0.9, "anchor": "end", "positions": "preserve", "refine": True, "refine_frames": 9}
meta = {"instruction": "make it snow", "prompt": "A snowy street.", "prompt_source": "user",
        "settings": settings, "seed": "42", "model": {"identity": "demo", "random_weights": True}}
params = "A snowy street.\nNegative prompt: blur\nSteps: 8, Sampler: euler, Shift: 5.0, CFG scale: 1.0/2.0, " \
         "Seed: 42, Frames: 33, TLD K: 3, Threshold: 0.9, Model: demo, random-weight output"
put("png_metadata", "ifedit.png", png(chunk(b"iTXt", b"ifedit\0\0\0\0\0" + json.dumps(meta).encode()),
                                      chunk(b"tEXt", b"parameters\0" + params.encode())))
put("png_metadata", "parameters.png", png(chunk(b"tEXt", b"parameters\0" + params.encode())))
put("png_metadata", "ztxt.png", png(chunk(b"zTXt", b"parameters\0\0" + zlib.compress(params.encode()))))

# f, g. expert files (prefixes, fp8_scaled) and LoRA files: the hand-made replay inputs (make_malformed.py),
# which cover every LoRA naming and fp8 bookkeeping the loaders know, plus the DiT shapes above.
regressions = os.path.join(root, "tests", "data", "fuzz_regressions")
for target in ("expert_file", "lora"):
    for name in sorted(os.listdir(os.path.join(regressions, target))):
        if not name.endswith(".expect"):
            copy(target, os.path.join(regressions, target, name))
copy("expert_file", os.path.join(out, "safetensors", "dit_shapes.safetensors"))
