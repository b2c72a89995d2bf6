#!/usr/bin/python3
"""Makes a Wan2.2 fixture set laid out like tests/fixtures/wan (manifest.json, safetensors, .pth),
with other tiny sizes, head counts, geometries, solver and seed, by running the official Wan2.2
modules on random weights. `ifedit-cli check-fixtures OUT` must pass on it as on the committed set:
that is what shows the check is driven by the manifest and not by the first set's sizes.

Debian 12:  apt install python3-torch python3-torchvision
Usage:      /usr/bin/python3 tests/fixtures_check/make_fixture_set.py WAN_PARENT OUT [--seed N]
              [--reference-commit SHA]
WAN_PARENT holds the wan/ folder of the public Wan-Video/Wan2.2 repository (read at run time, never
copied into this project). Every reference value comes out of the official code: the networks,
the schedulers and WanI2V.generate itself (its locals are read where it calls the VAE, the models
and the scheduler). wan_shims.py lists the few stand-ins needed to run it on a CPU.
"""
import argparse
import collections
import hashlib
import importlib
import io
import json
import math
import os
import pickle
import struct
import sys
import zipfile

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wan_shims  # noqa: E402

# The sizes of this set; every one differs from the committed set's (see its manifest "configs").
TEXT_LEN = 12
T5_CFG = dict(vocab=80, dim=48, dim_attn=48, dim_ffn=96, num_heads=6, num_layers=3, num_buckets=32,
              shared_pos=False, dropout=0.1)
DIT_I2V = dict(model_type="i2v", patch_size=[1, 2, 2], text_len=TEXT_LEN, in_dim=36, dim=60, ffn_dim=112,
               freq_dim=128, text_dim=T5_CFG["dim"], out_dim=16, num_heads=3, num_layers=3,
               window_size=[-1, -1], qk_norm=True, cross_attn_norm=True, eps=1e-6)
DIT_TI2V = dict(DIT_I2V, model_type="ti2v", in_dim=48, out_dim=48, num_heads=2, num_layers=2, ffn_dim=96)
VAE_CFG = dict(dim=5, z_dim=16, dim_mult=[1, 2, 4, 4], num_res_blocks=2, attn_scales=[],
               temperal_downsample=[False, True, True], dropout=0.0)
E2E = dict(prompt="a second tiny fixture prompt", img_hw=[40, 56], max_area=2600, frame_num=13,
           sample_solver="dpm++", sampling_steps=5, shift=3.0, guide_scale_low_high=[2.5, 5.0],
           boundary=0.9, num_train_timesteps=1000, offload_model=False,
           high_noise_model="dit_i2v.safetensors", low_noise_model="dit_i2v_bf16.safetensors",
           text_encoder="t5.safetensors", vae="vae.safetensors")
COND = dict(img_hw=[50, 70], max_area=3500, frame_num=13)
TABLE_FRAME_NUM = 21
TABLE_ROWS = [(399360, 480, 832), (399360, 832, 480), (399360, 720, 720), (399360, 700, 1000),
              (921600, 1080, 1920), (921600, 768, 1366), (2600, 40, 56), (3500, 50, 70), (5000, 90, 60),
              (1234, 33, 77), (8192, 100, 100), (640, 20, 30)]

DTYPES = {torch.float32: "F32", torch.bfloat16: "BF16", torch.int64: "I64", torch.uint8: "U8"}


def tensor_bytes(t):
    t = t.detach().contiguous().cpu()
    return (t.view(torch.int16) if t.dtype == torch.bfloat16 else t).numpy().tobytes()


def write_safetensors(path, named):
    header, blobs, offset = {}, [], 0
    for key, t in named:
        blob = tensor_bytes(t)
        header[key] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


class FixtureSet:
    """The output folder and its manifest entries."""

    def __init__(self, out):
        self.out = out
        self.files = {}
        os.makedirs(out, exist_ok=True)

    def _entry(self, name, description, **extra):
        path = os.path.join(self.out, name)
        data = open(path, "rb").read()
        entry = {"description": description, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        entry.update(extra)
        self.files[name] = entry
        return entry

    def io_file(self, name, description, tensors):
        """tensors: [(key, tensor, meaning, produced_by)]; produced_by 'input' marks an input."""
        write_safetensors(os.path.join(self.out, name), [(k, t) for k, t, _, _ in tensors])
        listed = {k: {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "meaning": m, "produced_by": p}
                  for k, t, m, p in tensors}
        self._entry(name, description, tensors=listed)

    def weights_file(self, name, description, state, meaning):
        write_safetensors(os.path.join(self.out, name), list(state.items()))
        listed = {k: {"dtype": DTYPES[t.dtype], "shape": list(t.shape)} for k, t in state.items()}
        self._entry(name, description, tensor_meaning=meaning, tensors=listed)

    def pth_file(self, name, description, state):
        torch.save(state, os.path.join(self.out, name))
        listed = {k: {"dtype": DTYPES[t.dtype], "shape": list(t.shape)} for k, t in state.items()}
        self._entry(name, description, tensor_meaning=PTH_MEANING, tensors=listed)

    def json_file(self, name, description, value):
        with open(os.path.join(self.out, name), "w") as f:
            json.dump(value, f, indent=1)
        self._entry(name, description)

    def raw_file(self, name, description, data):
        with open(os.path.join(self.out, name), "wb") as f:
            f.write(data)
        self._entry(name, description)


PTH_MEANING = ("torch zip archive (torch.save): <stem>/data.pkl, a pickle of the state dict (key -> "
               "torch._utils._rebuild_tensor_v2(storage, offset, size, stride)), plus <stem>/data/N raw "
               "little-endian storages")


def fill_random(module, gen):
    """Random weights of a useful scale in every parameter (the official inits zero some, e.g. the
    DiT head, which would hide errors)."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            leaf = name.rsplit(".", 1)[-1]
            noise = torch.randn(p.shape, generator=gen)
            if "gamma" in name or (leaf == "weight" and p.dim() == 1):
                p.copy_(1 + 0.2 * noise)  # norm scales
            elif leaf == "bias":
                p.copy_(0.1 * noise)
            elif "modulation" in name or (p.dim() == 2 and "embedding.weight" in name and "text_embedding" not in name
                                          and "time_embedding" not in name):
                p.copy_(0.5 * noise)  # modulation tables, token and relative-position embeddings
            else:
                p.copy_(noise / math.sqrt(p[0].numel()))


def modules():
    return (importlib.import_module("wan.modules.model"), importlib.import_module("wan.modules.vae2_1"),
            importlib.import_module("wan.modules.t5"))


# ----------------------------------------------------------------------------------------------- DiT
def make_dit(cfg, gen, bf16=False):
    model = modules()[0].WanModel(**{k: tuple(v) if isinstance(v, list) else v for k, v in cfg.items()})
    model.eval().requires_grad_(False)
    fill_random(model, gen)
    if bf16:  # the reference computes in f32 on the bf16 values
        with torch.no_grad():
            for p in model.parameters():
                p.copy_(p.to(torch.bfloat16).float())
    return model


def dit_run(model, x, t, context, seq_len, y=None, probe=False):
    """model([x], t, [context], seq_len, [y])[0], plus the intermediates when probe is set."""
    model_mod = modules()[0]
    seen, hooks = {}, []

    # A hook that returns a value replaces the module's output (or input): these return None.
    def after(key, view=lambda o: o):
        return lambda m, i, o: None if key in seen else seen.__setitem__(key, view(o).detach().clone())

    def before(key):
        return lambda m, i: None if key in seen else seen.__setitem__(key, i[0].detach().clone())

    rope = model_mod.rope_apply
    if probe:
        first = t.dim() == 1  # 1-D t: every token has the same embedding; keep token 0
        token0 = (lambda o: o[:, :1]) if first else (lambda o: o)
        hooks += [model.patch_embedding.register_forward_hook(after("x_embed", lambda o: o.flatten(2).transpose(1, 2))),
                  model.time_embedding.register_forward_hook(after("e", token0)),
                  model.time_projection.register_forward_hook(after("e0_flat", token0)),
                  model.text_embedding.register_forward_hook(after("context_embed")),
                  model.head.register_forward_hook(after("head_out"))]
        b0 = model.blocks[0]
        hooks += [b0.self_attn.register_forward_pre_hook(before("block0.self_attn_in")),
                  b0.self_attn.register_forward_hook(after("block0.self_attn_out")),
                  b0.cross_attn.register_forward_hook(after("block0.cross_attn_out")),
                  b0.ffn.register_forward_pre_hook(before("block0.ffn_in")),
                  b0.ffn.register_forward_hook(after("block0.ffn_out"))]
        hooks += [b.register_forward_hook(after(f"block{i}.out")) for i, b in enumerate(model.blocks)]

        def recording_rope(xs, grid_sizes, freqs):
            out = rope(xs, grid_sizes, freqs)
            if "block0.q_prerope" not in seen:  # block 0 rotates q first
                seen["block0.q_prerope"], seen["block0.q_rope"] = xs.detach().clone(), out.detach().clone()
            return out

        model_mod.rope_apply = recording_rope
    try:
        with torch.no_grad():
            out = model([x], t=t, context=[context], seq_len=seq_len, y=None if y is None else [y])[0]
    finally:
        model_mod.rope_apply = rope
        for h in hooks:
            h.remove()
    if probe and first:
        seen["sinusoid"] = model_mod.sinusoidal_embedding_1d(model.freq_dim, t)[0].float()
    return out, seen


PROBE_MEANINGS = {
    "x_embed": "patch_embedding output as tokens [1,L,dim], token order (f,h,w) row-major",
    "e": "time_embedding(sinusoid) output e, token 0 only [1,1,dim] (all tokens equal for 1-D t)",
    "e0_flat": "time_projection output [1,1,6*dim] (token 0); chunk k = e0_flat[k*dim:(k+1)*dim]",
    "context_embed": "text_embedding(zero-padded context) [1,text_len,dim]; padded rows are NOT zero",
    "block0.self_attn_in": "norm1(x)*(1+e[1])+e[0] [1,L,dim] (self_attn input)",
    "block0.self_attn_out": "WanSelfAttention output (after o) [1,L,dim]",
    "block0.cross_attn_out": "WanCrossAttention output (after o) [1,L,dim]",
    "block0.ffn_in": "norm2(x)*(1+e[4])+e[3] [1,L,dim] (ffn input)",
    "block0.ffn_out": "ffn output before gating [1,L,dim]",
    "head_out": "Head output before unpatchify [1,L,prod(patch)*out_dim], channel index (p,q,r,c) with c fastest",
    "sinusoid": "sinusoidal_embedding_1d(freq_dim, t) row 0 [freq_dim] (f64 math, f32 here)",
    "block0.q_prerope": "block0 self-attn q after norm_q, viewed [1,L,heads,hd], input of rope_apply",
    "block0.q_rope": "rope_apply(q) output [1,L,heads,hd] (f64 math, f32 out)",
}


def probe_meaning(key):
    if key in PROBE_MEANINGS:
        return PROBE_MEANINGS[key]
    return f"output of WanAttentionBlock {key[5:key.index('.')]} [1,L,dim]"


def make_dit_group(fs, gen, high, low, ti2v):
    model_py = "wan/modules/model.py"
    x = torch.randn(16, 4, 4, 8, generator=gen)
    y = torch.cat([torch.zeros(4, 4, 4, 8), torch.randn(16, 4, 4, 8, generator=gen)])
    y[:4, 0] = 1.0  # the I2V mask: latent frame 0 known
    context = torch.randn(9, DIT_I2V["text_dim"], generator=gen)
    seq_len = 4 * (4 // 2) * (8 // 2)
    rows = [("i2v.x", x, "noisy latent [C=16,F,H,W] (list element x[0])", "input"),
            ("i2v.y", y, "i2v conditioning [4 mask + 16 image-latent, F,H,W]", "input"),
            ("i2v.context", context, "text context [L<text_len, text_dim] (unpadded)", "input"),
            ("i2v.seq_len", torch.tensor([seq_len]), "seq_len = F*H*W/4 (no padding)", "input")]
    for step, probe in ((999, True), (613, False), (42, False)):
        t = torch.tensor([step])
        out, seen = dit_run(high, x, t, context, seq_len, y, probe)
        p = f"i2v.t{step}."
        rows += [(p + "t", t, "timestep tensor [1] int64", "input"),
                 (p + "out", out, "WanModel output [16,F,H,W], model dit_i2v.safetensors",
                  f"{model_py}:WanModel.forward(x=[x], t=t, context=[context], seq_len, y=[y])[0]")]
        rows += [(p + k, v, probe_meaning(k), f"{model_py} forward hook") for k, v in sorted(seen.items())]
    t = torch.tensor([321])
    out, _ = dit_run(low, x, t, context, seq_len, y)
    rows += [("i2v_bf16.t", t, "timestep [1] int64", "input"),
             ("i2v_bf16.out", out, "output of dit_i2v_bf16.safetensors (bf16 weights upcast to f32, f32 compute) "
              "on i2v.x/i2v.y/i2v.context", f"{model_py}:WanModel.forward(...)[0]")]

    # TI2V: per-token timesteps [1, seq_len], the textimage2video expression with the first latent
    # frame's tokens at 0 (its i2v mode) or every token at t (t2v mode).
    xt = torch.randn(48, 3, 4, 6, generator=gen)
    ct = torch.randn(7, DIT_TI2V["text_dim"], generator=gen)
    seq_t = 3 * 2 * 3
    rows += [("ti2v.x", xt, "latent [48,F,H,W] (no y for ti2v)", "input"),
             ("ti2v.context", ct, "text context [L, text_dim]", "input"),
             ("ti2v.seq_len", torch.tensor([seq_t]), "seq_len", "input")]
    for mode, step in (("i2v", 700), ("t2v", 455)):
        mask = torch.ones(3, 4, 6)
        if mode == "i2v":
            mask[0] = 0
        t = (mask[:, ::2, ::2] * step).flatten().unsqueeze(0)
        out, seen = dit_run(ti2v, xt, t, ct, seq_t, probe=True)
        p = f"ti2v.{mode}."
        rows += [(p + "t", t, f"per-token timestep [1,seq_len] float32 ({mode} mode, t={step})", "input"),
                 (p + "out", out, "WanModel ti2v output [48,F,H,W]", f"{model_py}:WanModel.forward(...)[0]"),
                 (p + "e", seen["e"], "time_embedding output [1,L,dim] (per token)", f"{model_py} forward hook"),
                 (p + "e0_flat", seen["e0_flat"], "time_projection output [1,L,6*dim]", f"{model_py} forward hook")]
    fs.io_file("dit_io.safetensors", "DiT single-forward inputs/outputs/intermediates", rows)


def save_dit(fs, name, cfg, model, bf16, description):
    state = {k: (v.to(torch.bfloat16) if bf16 else v).contiguous() for k, v in model.state_dict().items()
             if k != "freqs"}
    fs.weights_file(name + ".safetensors", description, state,
                    "every tensor is a parameter under its official state_dict key name (wan/modules/model.py:WanModel)")
    fs.json_file(name + ".config.json", "WanModel constructor kwargs (official config.json format)",
                 dict({"_class_name": "WanModel"}, **cfg))


# ----------------------------------------------------------------------------------------------- VAE
class _Stop(Exception):
    pass


def make_vae(gen):
    vae_mod = modules()[1]
    model = vae_mod.WanVAE_(**VAE_CFG).eval().requires_grad_(False)
    fill_random(model, gen)
    # The official wrapper builds its model from a checkpoint path; hand it ours instead, so that
    # its own __init__ sets the latent statistics.
    built = vae_mod._video_vae
    vae_mod._video_vae = lambda pretrained_path=None, z_dim=None, **kw: model
    try:
        wrapper = vae_mod.Wan2_1_VAE(z_dim=16, vae_pth=None, dtype=torch.float, device="cpu")
    finally:
        vae_mod._video_vae = built
    return wrapper


def make_vae_group(fs, vae, gen):
    src = "wan/modules/vae2_1.py"
    mu = {}
    hook = vae.model.conv1.register_forward_hook(lambda m, i, o: mu.__setitem__("raw", o[:, :16].detach().clone()))

    def encode(video):
        with torch.no_grad():
            latent = vae.encode([video])[0]
        return latent, mu["raw"].squeeze(0)

    def decode(z):
        with torch.no_grad():
            return vae.decode([z])[0], vae.model.decode(z.unsqueeze(0), vae.scale).float().squeeze(0)

    video = torch.rand(3, 13, 32, 48, generator=gen) * 2 - 1
    image = torch.rand(3, 1, 32, 48, generator=gen) * 2 - 1
    z = torch.randn(16, 4, 4, 6, generator=gen)
    z1 = torch.randn(16, 1, 4, 6, generator=gen)
    lat, raw = encode(video)
    lat1, _ = encode(image)
    dec, dec_raw = decode(z)
    dec1, dec1_raw = decode(z1)
    hook.remove()
    rows = [("mean", vae.mean, "latent normalisation mean [16] (Wan2_1_VAE)", f"{src}:Wan2_1_VAE.__init__"),
            ("std", vae.std, "latent normalisation std [16]; encode: (mu-mean)*(1/std), decode: z/(1/std)+mean",
             f"{src}:Wan2_1_VAE.__init__"),
            ("enc.video", video, "input video [3,13,32,48] in [-1,1]", "input"),
            ("enc.latent", lat, "Wan2_1_VAE.encode([video])[0]: normalised mu; chunks 1,4,4,4 frames",
             f"{src}:Wan2_1_VAE.encode"),
            ("enc.mu_raw", raw, "un-normalised mu (first 16 channels of WanVAE_.conv1 output)", f"{src}:WanVAE_.encode hook"),
            ("enc1.image", image, "single frame [3,1,H,W]", "input"),
            ("enc1.latent", lat1, "encode of a single frame [16,1,H/8,W/8]", f"{src}:Wan2_1_VAE.encode"),
            ("dec.latent", z, "normalised latent [16,4,h,w] ~ N(0,1)", "input"),
            ("dec.video", dec, "Wan2_1_VAE.decode([z])[0], clamped to [-1,1]; one latent frame at a time",
             f"{src}:Wan2_1_VAE.decode"),
            ("dec.video_unclamped", dec_raw, "same before clamp_(-1,1)", f"{src}:WanVAE_.decode"),
            ("dec1.latent", z1, "single latent frame [16,1,h,w]", "input"),
            ("dec1.video", dec1, "decode of one latent frame (clamped)", f"{src}:Wan2_1_VAE.decode"),
            ("dec1.video_unclamped", dec1_raw, "same before clamp", f"{src}:WanVAE_.decode")]
    fs.io_file("vae_io.safetensors", "Wan2.1 VAE encode/decode", rows)
    return float((dec_raw.abs() > 1).float().mean())


# ----------------------------------------------------------------------------------------------- T5
def make_t5(gen):
    encoder = modules()[2].T5Encoder(**T5_CFG).eval().requires_grad_(False)
    fill_random(encoder, gen)
    return encoder


def token_ids(gen, lengths):
    ids = torch.zeros(len(lengths), TEXT_LEN, dtype=torch.long)
    for b, n in enumerate(lengths):
        ids[b, :n - 1] = torch.randint(2, T5_CFG["vocab"], (n - 1,), generator=gen)
        ids[b, n - 1] = 1  # </s>
    mask = torch.tensor([[1] * n + [0] * (TEXT_LEN - n) for n in lengths])
    return ids, mask


def make_t5_group(fs, encoder, gen):
    src = "wan/modules/t5.py"
    ids, mask = token_ids(gen, [TEXT_LEN, 7, 3])
    seen, hooks = {}, []
    hooks.append(encoder.token_embedding.register_forward_hook(
        lambda m, i, o: seen.__setitem__("token_embed", o.detach().clone())))
    for n, block in enumerate(encoder.blocks):
        hooks.append(block.pos_embedding.register_forward_hook(
            lambda m, i, o, n=n: seen.__setitem__(f"block{n}.pos_bias", o.detach().clone())))
        hooks.append(block.register_forward_hook(lambda m, i, o, n=n: seen.__setitem__(f"block{n}.out", o.detach().clone())))
    with torch.no_grad():
        out = encoder(ids, mask)
    for h in hooks:
        h.remove()
    rows = [("ids", ids, "token ids [B,text_len] (pad 0, </s>=1 at last valid)", "input"),
            ("mask", mask, "attention mask [B,text_len] 1=token 0=pad", "input"),
            ("out", out, "T5Encoder.forward(ids, mask) [B,text_len,dim] (all positions)", f"{src}:T5Encoder.forward")]
    for k in sorted(seen):
        what = "relative position bias [1,heads,Lq,Lk] of this layer" if k.endswith("pos_bias") else "[B,L,dim]"
        rows.append((k, seen[k], f"{k} {what}", f"{src} forward hook"))
    rel = torch.arange(-300, 301)
    rows.append(("bucket.rel_pos", rel, "relative position k_pos - q_pos", "input"))
    for buckets, dist in ((32, 128), (16, 64)):
        table = modules()[2].T5RelativeEmbedding(buckets, 2, bidirectional=True, max_dist=dist)
        rows.append((f"bucket.bidirectional_nb{buckets}_md{dist}", table._relative_position_bucket(rel),
                     f"bucket id for rel_pos, bidirectional, num_buckets {buckets}, max_dist {dist}",
                     f"{src}:T5RelativeEmbedding._relative_position_bucket"))
    fs.io_file("t5_io.safetensors", "UMT5 encoder", rows)


# ----------------------------------------------------------------------------------------- scheduler
def make_scheduler_group(fs, gen):
    fm = importlib.import_module("wan.utils.fm_solvers")
    unipc = importlib.import_module("wan.utils.fm_solvers_unipc")

    def scheduler(name, steps, shift):  # as WanI2V.generate sets each one up
        if name == "unipc":
            s = unipc.FlowUniPCMultistepScheduler(num_train_timesteps=1000, shift=1, use_dynamic_shifting=False)
            s.set_timesteps(steps, device="cpu", shift=shift)
        else:
            s = fm.FlowDPMSolverMultistepScheduler(num_train_timesteps=1000, shift=1, use_dynamic_shifting=False)
            fm.retrieve_timesteps(s, device="cpu", sigmas=fm.get_sampling_sigmas(steps, shift))
        return s

    rows = []
    for name, src in (("unipc", "wan/utils/fm_solvers_unipc.py"), ("dpmpp", "wan/utils/fm_solvers.py")):
        for steps, shift in ((3, 5.0), (6, 5.0), (10, 3.0), (40, 2.5), (40, 8.0), (50, 1.0)):
            s = scheduler(name, steps, shift)
            p = f"{name}.n{steps}.shift{shift:g}."
            rows += [(p + "timesteps", s.timesteps.to(torch.long), "scheduler.timesteps int64 [steps]", f"{src}:set_timesteps"),
                     (p + "sigmas", s.sigmas.float(), "scheduler.sigmas float32 [steps+1]", f"{src}:set_timesteps")]
        for steps, shift in ((7, 5.0), (12, 3.0)):
            s = scheduler(name, steps, shift)
            shape = (1, 16, 2, 3, 2)
            sample = [torch.randn(shape, generator=gen)]
            outputs = torch.randn((steps,) + shape, generator=gen)
            for i, t in enumerate(s.timesteps):
                sample.append(s.step(outputs[i], t, sample[-1], return_dict=False)[0])
            p = f"{name}.chain{steps}."
            rows += [(p + "model_output", outputs, f"model_output fed to step i [steps,{','.join(map(str, shape))}]", "input"),
                     (p + "sample", torch.stack(sample),
                      f"sample[0] = initial noise; sample[i+1] = step(model_output[i], timesteps[i], sample[i]); "
                      f"shift {shift:.1f}", f"{src}:step(return_dict=False)[0]")]
    fs.io_file("scheduler.safetensors", "flow-matching UniPC / DPM++ schedules and step chains", rows)


# ------------------------------------------------------------------------- WanI2V.generate driving
class _Tokens:
    """Stands in for HuggingfaceTokenizer: fixed ids per text."""

    def __init__(self, table):
        self.table = table

    def __call__(self, texts, return_mask=True, add_special_tokens=True):
        ids = torch.cat([self.table[t][0] for t in texts])
        mask = torch.cat([self.table[t][1] for t in texts])
        return ids, mask


def i2v_pipeline(vae, text_encoder, high, low, neg_prompt="<negative prompt>"):
    """A WanI2V built around the given parts (its __init__ loads checkpoints from disk and moves to CUDA)."""
    i2v = importlib.import_module("wan.image2video")
    p = object.__new__(i2v.WanI2V)
    p.device, p.rank, p.t5_cpu, p.init_on_cpu, p.sp_size = torch.device("cpu"), 0, True, False, 1
    p.num_train_timesteps, p.boundary, p.param_dtype = 1000, 0.9, torch.bfloat16
    p.vae_stride, p.patch_size = (4, 8, 8), (1, 2, 2)
    p.text_encoder, p.vae, p.high_noise_model, p.low_noise_model = text_encoder, vae, high, low
    p.sample_neg_prompt = neg_prompt
    return p


def caller_locals():
    return sys._getframe(2).f_locals  # the frame of WanI2V.generate


class _StopAtEncode:
    """A VAE that records generate's size locals when generate first calls it, then stops it."""

    def encode(self, videos):
        f = caller_locals()
        raise _Stop({k: f[k] for k in ("lat_h", "lat_w", "h", "w", "max_seq_len")})


class _ZeroText:
    def __call__(self, texts, device):
        return [torch.zeros(1, T5_CFG["dim"]) for _ in texts]


def make_cond_group(fs, vae, gen):
    src = "wan/image2video.py"
    inputs, outputs = [], []
    for max_area, h, w in TABLE_ROWS:
        p = i2v_pipeline(_StopAtEncode(), _ZeroText(), None, None)
        try:
            p.generate("x", torch.zeros(h, w, 3, dtype=torch.uint8).numpy(), max_area=max_area,
                       frame_num=TABLE_FRAME_NUM, seed=0, offload_model=False)
            raise RuntimeError("generate did not call the VAE")
        except _Stop as stop:
            v = stop.args[0]
        inputs.append([max_area, h, w])
        outputs.append([v["lat_h"], v["lat_w"], v["h"], v["w"], v["max_seq_len"]])

    class StopAtModel:
        def __call__(self, x, t, context, seq_len, y):
            raise _Stop(dict(y=y[0], seq_len=seq_len, msk=caller_locals()["msk"]))

    seen = {}
    encode = vae.encode

    def recording_encode(videos):
        seen["video"] = videos[0]
        return encode(videos)

    vae.encode = recording_encode
    image = torch.randint(0, 256, (*COND["img_hw"], 3), generator=gen, dtype=torch.uint8)
    p = i2v_pipeline(vae, _ZeroText(), StopAtModel(), StopAtModel())
    try:
        p.generate("x", image.numpy(), max_area=COND["max_area"], frame_num=COND["frame_num"], seed=0,
                   offload_model=False)
        raise RuntimeError("generate did not call the model")
    except _Stop as stop:
        v = stop.args[0]
    finally:
        del vae.encode
    mask_channels = v["msk"].shape[0]
    rows = [("lat_table.inputs", torch.tensor(inputs), "[N,3] (max_area, img_h, img_w)", "input"),
            ("lat_table.outputs", torch.tensor(outputs),
             f"[N,5] (lat_h, lat_w, h=lat_h*8, w=lat_w*8, max_seq_len for frame_num={TABLE_FRAME_NUM})",
             f"{src}:WanI2V.generate locals"),
            ("cond.image_u8", image, f"input image HWC uint8 (max_area={COND['max_area']}, "
             f"frame_num={COND['frame_num']})", "input"),
            ("cond.img_resized", seen["video"][:, :1].clone(), "bicubic-resized image [3,1,h,w] in [-1,1]",
             f"{src}:WanI2V.generate (vae.encode input frame 0)"),
            ("cond.msk", v["msk"], "mask [4,F_lat,lat_h,lat_w]: frame 0 ones, rest zeros", f"{src}:WanI2V.generate msk"),
            ("cond.vae_latent", v["y"][mask_channels:], "vae.encode([cat(image, zeros)])[0] (normalised)",
             f"{src}:WanI2V.generate via Wan2_1_VAE.encode"),
            ("cond.y", v["y"], "y = cat([msk, vae_latent]) as passed to the DiT", f"{src}:WanI2V.generate y"),
            ("cond.max_seq_len", torch.tensor([v["seq_len"]]), "seq_len passed to the DiT", f"{src}:WanI2V.generate")]
    fs.io_file("i2v_cond.safetensors", "I2V conditioning (mask + VAE latent of [image, zeros]) and lat_h/lat_w rounding",
               rows)
    return dict(COND, lat_hw=list(v["msk"].shape[2:]))


def make_e2e_group(fs, vae, t5_encoder, high, low, gen, seed):
    t5m = modules()[2]
    prompt_ids, prompt_mask = token_ids(gen, [9])
    neg_ids, neg_mask = token_ids(gen, [11])
    text = object.__new__(t5m.T5EncoderModel)
    text.text_len, text.dtype, text.device, text.model = TEXT_LEN, torch.float32, torch.device("cpu"), t5_encoder
    neg_prompt = "<negative prompt stand-in>"
    text.tokenizer = _Tokens({E2E["prompt"]: (prompt_ids, prompt_mask), neg_prompt: (neg_ids, neg_mask)})

    steps, seen = [], {}
    fm = importlib.import_module("wan.utils.fm_solvers")
    unipc = importlib.import_module("wan.utils.fm_solvers_unipc")
    cls = fm.FlowDPMSolverMultistepScheduler if E2E["sample_solver"] == "dpm++" else unipc.FlowUniPCMultistepScheduler
    step = cls.step

    def recording_step(self, model_output, timestep, sample, *args, **kwargs):
        f = sys._getframe(1).f_locals  # WanI2V.generate's
        out = step(self, model_output, timestep, sample, *args, **kwargs)
        steps.append(dict(t=int(f["t"].item()), high=f["model"] is high, g=float(f["sample_guide_scale"]),
                          latent_in=sample.squeeze(0).clone(), cond=f["noise_pred_cond"].clone(),
                          uncond=f["noise_pred_uncond"].clone(), noise_pred=f["noise_pred"].clone(),
                          latent_out=out[0].squeeze(0).clone()))
        if "y" not in seen:
            seen.update(y=f["y"].clone(), noise=f["noise"].clone(), context=f["context"][0].clone(),
                        context_null=f["context_null"][0].clone())
        return out

    encode, decode = vae.encode, vae.decode
    vae.encode = lambda videos: (seen.__setitem__("img_resized", videos[0][:, :1].clone()), encode(videos))[1]
    vae.decode = lambda zs: (seen.__setitem__("latent_final", zs[0].clone()), decode(zs))[1]
    cls.step = recording_step
    image = torch.randint(0, 256, (*E2E["img_hw"], 3), generator=gen, dtype=torch.uint8)
    try:
        p = i2v_pipeline(vae, text, high, low, neg_prompt)
        with torch.no_grad():
            video = p.generate(E2E["prompt"], image.numpy(), max_area=E2E["max_area"], frame_num=E2E["frame_num"],
                               shift=E2E["shift"], sample_solver=E2E["sample_solver"],
                               sampling_steps=E2E["sampling_steps"], guide_scale=tuple(E2E["guide_scale_low_high"]),
                               n_prompt="", seed=seed, offload_model=False)
    finally:
        cls.step = step
        del vae.encode, vae.decode
    src = "wan/image2video.py"
    stacked = {k: torch.stack([s[k] for s in steps]) for k in ("latent_in", "cond", "uncond", "noise_pred", "latent_out")}
    rows = [("image_u8", image, "input image HWC uint8", "input"),
            ("prompt.ids", prompt_ids, "prompt token ids [1,text_len]", "input"),
            ("prompt.mask", prompt_mask, "prompt mask", "input"),
            ("neg.ids", neg_ids, "negative prompt ids (stand-in for config sample_neg_prompt; n_prompt=\"\")", "input"),
            ("neg.mask", neg_mask, "negative prompt mask", "input"),
            ("context", seen["context"], "T5EncoderModel([prompt])[0]: [sum(mask), dim]", "wan/modules/t5.py:T5EncoderModel.__call__"),
            ("context_null", seen["context_null"], "T5EncoderModel([neg])[0]", "wan/modules/t5.py:T5EncoderModel.__call__"),
            ("img_resized", seen["img_resized"], "bicubic-resized image [3,1,h,w]", f"{src}:WanI2V.generate"),
            ("y", seen["y"], "conditioning y [20,F_lat,lat_h,lat_w]", f"{src}:WanI2V.generate"),
            ("noise", seen["noise"], "initial latent = torch.randn(..., generator=Generator().manual_seed(seed))", f"{src}:WanI2V.generate"),
            ("timesteps", torch.tensor([s["t"] for s in steps]), "scheduler timesteps (int64) [steps]", f"{src}:WanI2V.generate t"),
            ("expert_is_high", torch.tensor([int(s["high"]) for s in steps]), "1 = high_noise_model, 0 = low_noise_model",
             f"{src}:WanI2V._prepare_model_for_timestep"),
            ("guide_scale_used", torch.tensor([s["g"] for s in steps], dtype=torch.float32), "per-step CFG scale",
             f"{src}:WanI2V.generate sample_guide_scale"),
            ("step.latent_in", stacked["latent_in"], "latent before step i [steps,16,F,H,W]", src),
            ("step.cond", stacked["cond"], "noise_pred_cond [steps,...]", src),
            ("step.uncond", stacked["uncond"], "noise_pred_uncond (context_null) [steps,...]", src),
            ("step.noise_pred", stacked["noise_pred"], "uncond + g*(cond - uncond) [steps,...]", src),
            ("step.latent_out", stacked["latent_out"], "scheduler.step output = next latent [steps,...]", src),
            ("latent_final", seen["latent_final"], "final latent x0 (input to vae.decode)", src),
            ("video", video, "returned video [3,frame_num,h,w] in [-1,1] (vae.decode, clamped)",
             f"{src}:WanI2V.generate return")]
    fs.io_file("e2e.safetensors", "tiny end-to-end WanI2V.generate (T5 -> VAE encode -> 2-expert loop -> decode)", rows)
    return dict(E2E, seed=seed, timesteps=[s["t"] for s in steps], experts=["high" if s["high"] else "low" for s in steps],
                latent_shape=list(seen["noise"].shape))


# --------------------------------------------------------------------------------------------- .pth
def malicious_pickle(marker):
    class Payload:
        def __reduce__(self):
            return os.system, ("touch " + marker,)

    return pickle.dumps(Payload(), protocol=2)  # builds the bytes; nothing runs


def zip_bytes(stem, records):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, data in records:
            z.writestr(zipfile.ZipInfo(f"{stem}/{name}", date_time=(1980, 1, 1, 0, 0, 0)), data)  # same bytes every run
    return buf.getvalue()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("wan_parent", help="folder holding Wan2.2's wan/ package")
    ap.add_argument("out", help="output folder")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--reference-commit", default=None, help="the Wan2.2 commit wan/ was taken from")
    args = ap.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    wan_shims.install(os.path.abspath(args.wan_parent))
    gen = torch.Generator().manual_seed(args.seed)
    fs = FixtureSet(args.out)

    high = make_dit(DIT_I2V, gen)
    low = make_dit(DIT_I2V, gen, bf16=True)
    ti2v = make_dit(DIT_TI2V, gen)
    save_dit(fs, "dit_i2v", DIT_I2V, high, False, "WanModel i2v tiny, F32 weights (also e2e high_noise_model)")
    save_dit(fs, "dit_i2v_bf16", DIT_I2V, low, True,
             "WanModel i2v tiny, BF16 weights; reference outputs use these bf16 values upcast to f32 (also e2e low_noise_model)")
    save_dit(fs, "dit_ti2v", DIT_TI2V, ti2v, False, "WanModel ti2v tiny (in/out 48, per-token timestep), F32")
    make_dit_group(fs, gen, high, low, ti2v)

    vae = make_vae(gen)
    vae_state = vae.model.state_dict()
    fs.weights_file("vae.safetensors", "WanVAE_ tiny (Wan2.1 VAE structure, dim reduced), F32",
                    {k: v.contiguous() for k, v in vae_state.items()},
                    "every tensor is a parameter under its official state_dict key name (wan/modules/vae2_1.py:WanVAE_)")
    clamped = make_vae_group(fs, vae, gen)

    t5_encoder = make_t5(gen)
    t5_state = t5_encoder.state_dict()
    fs.weights_file("t5.safetensors", "T5Encoder (umt5 layout, per-layer rel-pos bias) tiny, F32",
                    {k: v.contiguous() for k, v in t5_state.items()},
                    "every tensor is a parameter under its official state_dict key name (wan/modules/t5.py:T5Encoder)")
    make_t5_group(fs, t5_encoder, gen)
    make_scheduler_group(fs, gen)
    cond_meta = make_cond_group(fs, vae, gen)
    e2e_meta = make_e2e_group(fs, vae, t5_encoder, high, low, gen, args.seed)

    # state_dict() as torch.save writes it (an OrderedDict with its _metadata), like the official .pth files
    fs.pth_file("vae.pth", "the same tensors as vae.safetensors (same keys, F32), written by torch.save as a state "
                "dict; a loader must give bit-identical tensors", vae_state)
    fs.pth_file("t5.pth", "the same tensors as t5.safetensors (same keys, F32), written by torch.save as a state "
                "dict; a loader must give bit-identical tensors", t5_state)
    fs.pth_file("t5_bf16.pth", "the tensors of t5.safetensors rounded to BF16 (round-to-nearest-even), saved by "
                "torch.save; loaded tensors must equal bf16(t5.safetensors) exactly",
                collections.OrderedDict((k, v.to(torch.bfloat16)) for k, v in t5_state.items()))
    marker = "/tmp/ifedit-pwned-fixture-b"
    fs.raw_file("malicious.pth", "a torch-style zip whose data.pkl calls os.system (it would run a shell command "
                f"if unpickled naively). A safe loader must refuse it and run nothing (the command would create {marker}).",
                zip_bytes("malicious", [("data.pkl", malicious_pickle(marker)), ("version", b"3\n")]))

    manifest = {
        "variant": "b",
        "seed": args.seed,
        "reference": {"repo": "Wan-Video/Wan2.2", "commit": args.reference_commit},
        "generator": "tests/fixtures_check/make_fixture_set.py",
        "torch_version": torch.__version__,
        "compute": "float32 on CPU (torch.set_num_threads(1)); attention exact softmax in f32; no autocast",
        "shims": wan_shims.SHIM_NOTES,
        "notes": ["A second set made the same way as tests/fixtures/wan (whose notes state the semantics), with "
                  "other sizes: DiT dim 60 with 3 heads (head_dim 20: RoPE bands of 4/3/3 pairs) and 3 layers, "
                  "TI2V with 2 heads (head_dim 30: bands 5/5/5), text_len 12 and text_dim 48, VAE dim 5 (odd channel counts), UMT5 with 6 heads "
                  "and 3 layers, a second bucket table (16 buckets, max distance 64), fractional shifts, "
                  "and an end-to-end run with DPM++."],
        "configs": {"dit_i2v": DIT_I2V, "dit_ti2v": DIT_TI2V, "vae": VAE_CFG, "t5": T5_CFG,
                    "pipeline": {"text_len": TEXT_LEN, "vae_stride": [4, 8, 8], "patch_size": [1, 2, 2],
                                 "boundary": 0.9, "num_train_timesteps": 1000}},
        "meta": {"cond": cond_meta, "e2e": e2e_meta, "vae_decode_fraction_clamped": clamped},
        "files": fs.files,
    }
    manifest["total_bytes"] = sum(f["bytes"] for f in fs.files.values())
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print(f"{len(fs.files)} files, {manifest['total_bytes']} bytes in {args.out}")


if __name__ == "__main__":
    main()
