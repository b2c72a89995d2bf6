#!/usr/bin/env python3
"""Writes the hand-made malformed inputs of the replay test into tests/data/fuzz_regressions/<target>/
(truncated headers, huge length fields, wrong types, overflowing shapes, offsets past the end), each
with a `.expect` file: a piece of the error message it must produce. Run once; the files are
committed. Usage: make_malformed.py"""
import io, json, math, os, struct, zipfile

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out = os.path.join(root, "tests", "data", "fuzz_regressions")


def put(target, name, data, expect):
    os.makedirs(os.path.join(out, target), exist_ok=True)
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    with open(os.path.join(out, target, name + ".expect"), "w") as f:
        f.write(expect + "\n")


def st(header, blob=b"", length=None):
    text = header if isinstance(header, str) else json.dumps(header)
    return struct.pack("<Q", len(text) if length is None else length) + text.encode() + blob


T = "safetensors"
put(T, "truncated_length", b"\x10\x00\x00", "truncated")
put(T, "huge_header_length", struct.pack("<Q", 1 << 63) + b"{}", "exceeds the 100 MB limit")
put(T, "header_past_eof", st("{}", length=4096), "runs past the end of the file")
put(T, "header_not_object", st("[1, 2]"), "not a JSON object")
put(T, "header_not_json", st("{\"a\": "), "not valid UTF-8 JSON")
put(T, "shape_wrong_type", st({"w": {"dtype": "F32", "shape": "2x2", "data_offsets": [0, 16]}}, bytes(16)),
    "missing array field 'shape'")
put(T, "shape_negative", st({"w": {"dtype": "F32", "shape": [-4], "data_offsets": [0, 16]}}, bytes(16)),
    "non-negative integers")
put(T, "shape_overflow", st({"w": {"dtype": "F32", "shape": [1 << 40, 1 << 40], "data_offsets": [0, 16]}}, bytes(16)),
    "shape is too large")
# No element, but the other dimensions multiply past int64: contiguous strides would overflow.
put(T, "shape_empty_overflow", st({"w": {"dtype": "F32", "shape": [0, 1 << 62, 1 << 62], "data_offsets": [0, 0]}}),
    "shape is too large")
put(T, "offsets_past_eof", st({"w": {"dtype": "U8", "shape": [64], "data_offsets": [0, 64]}}, bytes(8)),
    "run past the data area")
put(T, "offsets_reversed", st({"w": {"dtype": "U8", "shape": [0], "data_offsets": [8, 0]}}, bytes(8)), "< begin")
put(T, "offsets_overlap", st({"a": {"dtype": "U8", "shape": [8], "data_offsets": [0, 8]},
                              "b": {"dtype": "U8", "shape": [4], "data_offsets": [4, 8]}}, bytes(8)), "overlap")
put(T, "size_mismatch", st({"w": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}, bytes(8)), "needs 12")
put(T, "unknown_dtype", st({"w": {"dtype": "F128", "shape": [1], "data_offsets": [0, 16]}}, bytes(16)),
    "unknown dtype 'F128'")
put(T, "duplicate_name", st('{"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},'
                            '"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}', b"\x01"), "duplicate tensor name")
put(T, "metadata_not_strings", st({"__metadata__": {"k": [[[[1]]]]}}), "is not a string")
put(T, "dit_shapes_odd", st({"patch_embedding.weight": {"dtype": "U8", "shape": [0, 0, 0, 0, 0], "data_offsets": [0, 0]}}),
    "cannot infer the DiT config")

T = "safetensors_index"
put(T, "not_json", "{\"weight_map\": {", "not valid JSON")
put(T, "no_weight_map", json.dumps({"weight_map": ["a"]}), "no 'weight_map' object")
put(T, "entry_not_string", json.dumps({"weight_map": {"a": 7}}), "is not a file name")
put(T, "path_traversal", json.dumps({"weight_map": {"a": "../shard.safetensors"}}), "outside the folder")
put(T, "missing_shard", json.dumps({"weight_map": {"a": "absent.safetensors"}}), "cannot open")
put(T, "tensor_not_in_shard", json.dumps({"weight_map": {"zz": "shard.safetensors"}}), "is not in this shard")
put(T, "valid", json.dumps({"weight_map": {"a": "shard.safetensors", "b": "shard.safetensors"}}), "ok")


# Torch zip: hand-assembled pickles (protocol 2) in a stored zip laid out as torch.save does.
def pickle_tensor(size, stride, offset=0, numel=4, cls=b"FloatStorage", key="0"):
    def string(s):
        b = s.encode()
        return b"X" + struct.pack("<I", len(b)) + b

    def tup(items):
        return b"(" + b"".join(items) + b"t"

    def integer(v):
        return b"\x8a" + bytes([8]) + struct.pack("<q", v)  # LONG1, 8 bytes

    pid = tup([string("storage"), b"ctorch\n" + cls + b"\n", string(key), string("cpu"), integer(numel)])
    args = tup([pid + b"Q", integer(offset), tup([integer(v) for v in size]), tup([integer(v) for v in stride]),
                b"\x89", b"ccollections\nOrderedDict\n)R"])
    return b"\x80\x02}(" + string("w") + b"ctorch._utils\n_rebuild_tensor_v2\n" + args + b"Ru."


def torch_zip(pkl, storages=None):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        def add(name, data):  # a fixed date: the same bytes on every run
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data)
        add("archive/data.pkl", pkl)
        add("archive/byteorder", "little")
        for key, data in (storages or {"0": bytes(16)}).items():
            add("archive/data/" + key, data)
    return buf.getvalue()


T = "torch_zip"
put(T, "valid", torch_zip(pickle_tensor([2, 2], [2, 1])), "ok")
put(T, "truncated", torch_zip(pickle_tensor([2, 2], [2, 1]))[:200], "end-of-central-directory")
put(T, "empty", b"", "too short")
put(T, "stride_past_storage", torch_zip(pickle_tensor([2], [1 << 62])), "needs more elements than its storage")
put(T, "negative_size", torch_zip(pickle_tensor([-2], [1])), "negative size or stride")
put(T, "huge_stride0_view", torch_zip(pickle_tensor([1 << 40, 1 << 40], [0, 0])), "too large")
put(T, "storage_numel_mismatch", torch_zip(pickle_tensor([2], [1], numel=1 << 61)), "declares")
put(T, "missing_storage", torch_zip(pickle_tensor([2], [1], key="7")), "is missing")
put(T, "refused_global", torch_zip(b"\x80\x02cos\nsystem\n."), "refused global 'os.system'")
put(T, "truncated_pickle", torch_zip(b"\x80\x02X\xff\xff\xff\x7f"), "truncated pickle")


# SentencePiece: protobuf wire format by hand.
def varint(v):
    out = b""
    while True:
        b = v & 0x7F
        v >>= 7
        out += bytes([b | (0x80 if v else 0)])
        if not v:
            return out


def field(num, wire, payload):
    tag = varint((num << 3) | wire)
    return tag + (varint(len(payload)) + payload if wire == 2 else payload)


def piece(text, score=0.0, kind=1):
    return field(1, 2, field(1, 2, text.encode()) + field(2, 5, struct.pack("<f", score)) + field(3, 0, varint(kind)))


t5_pieces = piece("<pad>", 0, 3) + piece("</s>", 0, 3) + piece("<unk>", 0, 2)
T = "spiece"
put(T, "valid_tiny", t5_pieces + piece("\u2581a", -1.0) + piece("a", -2.0), "ok")
put(T, "empty", b"", "has no pieces")
put(T, "truncated_varint", b"\x0a\xff", "truncated varint")
put(T, "huge_length", b"\x0a" + varint(1 << 62) + b"xx", "runs past the end")
put(T, "wrong_wire_type", b"\x0d\x00\x00\x00\x00", "wire type")
put(T, "unknown_piece_type", t5_pieces + piece("x", 0, 9), "unknown piece type")
put(T, "broken_charsmap", t5_pieces + field(3, 2, field(2, 2, b"\xff\xff\xff\x7f" + b"abc")), "precompiled_charsmap")
put(T, "not_unigram", t5_pieces + field(2, 2, field(3, 0, varint(2))), "is not supported")
put(T, "no_unknown_piece", piece("<pad>", 0, 3) + piece("</s>", 0, 3) + piece("a"), "no unknown piece")
put(T, "not_t5_layout", piece("<unk>", 0, 2) + piece("<pad>", 0, 3) + piece("</s>", 0, 3), "not a T5 tokenizer")
# Scores at the float limit: Viterbi sums overflow float (UB when a double beyond it is cast).
put(T, "huge_scores", t5_pieces + piece("\u2581", 3.0e38) + piece("a", 3.0e38) + piece("\u2581a", -3.0e38),
    "score")

T = "config_json"
put(T, "not_json", "{\"dim\": ", "not valid JSON")
put(T, "top_level_array", "[1, 2, 3]", "expected a JSON object")
put(T, "class_name_number", json.dumps({"_class_name": 5, "dim": 64}), "_class_name")
put(T, "dim_string", json.dumps({"dim": "5120"}), "field 'dim' must be a positive integer")
put(T, "num_layers_huge", json.dumps({"num_layers": 10 ** 15}), "num_layers")
put(T, "dim_huge", json.dumps({"dim": 1 << 62, "num_heads": 2}), "field 'dim'")
put(T, "patch_overflow", json.dumps({"patch_size": [1 << 40, 1 << 40, 1 << 40]}), "patch_size")
put(T, "diffusers_heads_overflow", json.dumps({"_class_name": "WanTransformer3DModel", "num_attention_heads": 1 << 40,
                                                "attention_head_dim": 1 << 40, "in_channels": 36}), "attention_head_dim")
put(T, "diffusers_wrong_type", json.dumps({"num_attention_heads": "40", "in_channels": 36}), "not a WanTransformer3DModel")
put(T, "window_size", json.dumps({"window_size": [256, 256]}), "window_size")
# A deep value in a field that must be an integer: the message must not print it recursively.
put(T, "deep_value", '{"dim": ' + "[" * 20000 + "]" * 20000 + "}", "field 'dim' must be a positive integer, got a nested array")


# PNG drops: our chunks by hand.
def chunk(kind, data):
    import zlib
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)


def png(*chunks):
    import zlib
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + b"".join(chunks) + chunk(b"IDAT", zlib.compress(b"\0\0\0\0")) + \
        chunk(b"IEND", b"")


def ifedit(obj):
    return chunk(b"iTXt", b"ifedit\0\0\0\0\0" + (obj if isinstance(obj, bytes) else json.dumps(obj).encode()))


T = "png_metadata"
put(T, "valid", png(ifedit({"instruction": "snow", "settings": {"frames": 33, "seed": "7"}})), "ok")
put(T, "not_png", b"GIF89a\0\0", "no IF-Edit metadata")
put(T, "chunk_length_past_eof", b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 0xFFFFFFF0) + b"tEXtparameters\0x",
    "no IF-Edit metadata")
put(T, "json_not_object", png(ifedit(b"[1,2")), "is not a JSON object")
put(T, "json_empty_object", png(ifedit({})), "holds no instruction")
put(T, "itxt_truncated", png(chunk(b"iTXt", b"ifedit\0\0")), "no IF-Edit metadata")
# Numbers outside the range of the setting they restore: casting them is undefined behaviour.
put(T, "frames_huge", png(ifedit({"instruction": "x", "settings": {"frames": 1e300}})), "frames")
put(T, "steps_negative_huge", png(ifedit({"instruction": "x", "settings": {"steps": -1e19}})), "steps")
put(T, "max_area_huge", png(ifedit({"instruction": "x", "settings": {"max_area": 1e20}})), "max_area")
put(T, "seed_negative", png(ifedit({"instruction": "x", "settings": {"seed": -5}})), "seed")
put(T, "seed_huge", png(ifedit({"instruction": "x", "seed": 1e30, "settings": {"seed": 1e30}})), "seed")
put(T, "parameters_only", png(chunk(b"tEXt", b"parameters\0a cat\nSteps: 99999999999999999999, Seed: 99999999999999999999999")), "ok")
# A deflate bomb: 16 KB of zTXt inflating to 16 MiB (past the 8 MiB cap: skipped), and a small zTXt.
put(T, "ztxt_bomb_16mib", png(chunk(b"zTXt", b"parameters\0\0" + __import__("zlib").compress(b"A cat" + b"x" * (16 << 20), 9))),
    "no IF-Edit metadata")
put(T, "ztxt_small", png(chunk(b"zTXt", b"parameters\0\0" + __import__("zlib").compress(b"a red car\nSteps: 4, Seed: 3"))), "ok")

# The index twin of the fuzzer's safetensors crash: a number past the double range.
put("safetensors_index", "number_overflow", '{"weight_map": {}, "total": 1' + "0" * 400 + "}", "not valid JSON")


# f. expert files as the engine opens them (prefix, fp8_scaled, then the config from the shapes).
def tensors(entries):
    header, blob = {}, b""
    for name, (dtype, shape, data) in entries.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(blob), len(blob) + len(data)]}
        blob += data
    return st(header, blob)


f32 = lambda *v: struct.pack("<%df" % len(v), *v)
T = "expert_file"
put(T, "fp8_nan_scale", tensors({"model.diffusion_model.blocks.0.ffn.0.weight": ("F8_E4M3", [2, 2], b"\x38\x38\x38\x38"),
                                 "model.diffusion_model.blocks.0.ffn.0.scale_weight": ("F32", [], f32(float("nan"))),
                                 "model.diffusion_model.scaled_fp8": ("F8_E4M3", [0], b"")}), "expected finite numbers")
put(T, "fp8_scale_rows", tensors({"blocks.0.ffn.0.weight": ("F8_E4M3", [2, 2], b"\x38\x38\x38\x38"),
                                  "blocks.0.ffn.0.scale_weight": ("F32", [3], f32(1, 1, 1)),
                                  "scaled_fp8": ("F8_E4M3", [0], b"")}), "expected 1 or one per output row")
put(T, "fp8_scale_without_weight", tensors({"blocks.0.ffn.2.scale_weight": ("F32", [], f32(1)),
                                            "blocks.0.ffn.0.weight": ("F8_E4M3", [1], b"\x38"),
                                            "scaled_fp8": ("F8_E4M3", [0], b"")}), "has no weight")
# Valid fp8_scaled weights (per-row scales, dequantised on load), but no DiT around them.
put(T, "fp8_rows_then_no_dit", tensors({"diffusion_model.blocks.0.ffn.0.weight": ("F8_E4M3", [2, 2], b"\x38\xb8\x40\x01"),
                                        "diffusion_model.blocks.0.ffn.0.scale_weight": ("F32", [2], f32(0.5, 2)),
                                        "diffusion_model.scaled_fp8": ("F8_E4M3", [0], b"")}), "patch_embedding.weight")
put(T, "no_dit_keys", tensors({"diffusion_model.foo.weight": ("F32", [2], f32(1, 2))}), "patch_embedding.weight")

# g. LoRA files merged into the replay's small expert (fuzz_targets.h writeLoraBase: q [8, 8] + bias,
# ffn.0 [16, 8], blocks.0.modulation [1, 6, 8]).
zeros = lambda *shape: bytes(4 * math.prod(shape))
T = "lora"
put(T, "every_kind", tensors({
    "diffusion_model.blocks.0.self_attn.q.lora_down.weight": ("F32", [2, 8], zeros(2, 8)),
    "diffusion_model.blocks.0.self_attn.q.lora_up.weight": ("F32", [8, 2], zeros(8, 2)),
    "diffusion_model.blocks.0.self_attn.q.alpha": ("F32", [], f32(1)),
    "diffusion_model.blocks.0.self_attn.q.diff_b": ("F32", [8], zeros(8)),
    "diffusion_model.blocks.0.modulation.diff": ("F32", [1, 6, 8], zeros(1, 6, 8)),
    "lora_unet_blocks_0_ffn_0.lora_down.weight": ("BF16", [4, 8], bytes(64)),
    "lora_unet_blocks_0_ffn_0.lora_up.weight": ("F16", [16, 4], bytes(128))}), "ok")
put(T, "alpha_nan", tensors({"blocks.0.self_attn.q.lora_down.weight": ("F32", [2, 8], zeros(2, 8)),
                             "blocks.0.self_attn.q.lora_up.weight": ("F32", [8, 2], zeros(8, 2)),
                             "blocks.0.self_attn.q.alpha": ("F32", [], f32(float("inf")))}), "expected a finite number")
put(T, "alpha_vector", tensors({"blocks.0.self_attn.q.lora_down.weight": ("F32", [2, 8], zeros(2, 8)),
                                "blocks.0.self_attn.q.lora_up.weight": ("F32", [8, 2], zeros(8, 2)),
                                "blocks.0.self_attn.q.alpha": ("F32", [2], f32(1, 1))}), "expected a scalar")
put(T, "rank_mismatch", tensors({"blocks.0.ffn.0.lora_down.weight": ("F32", [2, 8], zeros(2, 8)),
                                 "blocks.0.ffn.0.lora_up.weight": ("F32", [16, 3], zeros(16, 3))}), "does not make weight")
put(T, "rank_zero", tensors({"blocks.0.ffn.0.lora_down.weight": ("F32", [0, 8], b""),
                             "blocks.0.ffn.0.lora_up.weight": ("F32", [16, 0], b"")}), "does not make weight")
put(T, "two_spellings", tensors({"blocks.0.ffn.0.lora_down.weight": ("F32", [2, 8], zeros(2, 8)),
                                 "lora_unet_blocks_0_ffn_0.lora_down.weight": ("F32", [2, 8], zeros(2, 8)),
                                 "blocks.0.ffn.0.lora_up.weight": ("F32", [16, 2], zeros(16, 2))}), "same tensor")
put(T, "diff_misshapen", tensors({"blocks.0.modulation.diff": ("F32", [6, 8], zeros(6, 8))}), "misshapen")
put(T, "unknown_module", tensors({"blocks.9.self_attn.q.lora_down.weight": ("F32", [2, 8], zeros(2, 8)),
                                  "blocks.9.self_attn.q.lora_up.weight": ("F32", [8, 2], zeros(8, 2))}), "no weight in the expert")
put(T, "nothing", tensors({}), "holds no LoRA tensors")
