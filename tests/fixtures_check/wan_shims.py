"""Stand-ins that let the official Wan2.2 modules run on a CPU-only Debian 12 (python3-torch 1.13)
without diffusers, einops, flash-attn or the distributed helpers. Each one is listed, with what it
changes numerically, in SHIM_NOTES (copied into the manifest of every fixture set made with them).

Nothing here computes a network: the official modules do. The stand-ins only do bookkeeping
(configs, module lookup), two pure reshapes, and exact softmax attention in the input's dtype.
"""
import dataclasses
import enum
import functools
import importlib
import importlib.util
import inspect
import math
import os
import sys
import types

import torch

SHIM_NOTES = [
    "flash_attention (wan/modules/attention.py) replaced by exact softmax attention in the input "
    "dtype (float32); k_lens masks keys >= k_lens[b] with -inf; q_lens must be None. NUMERICS: the "
    "original casts q/k/v to bfloat16 and runs flash-attn; the fixture is the exact f32 result.",
    "torch.amp.autocast / torch.cuda.amp.autocast / torch.autocast replaced by a no-op context "
    "manager and decorator (torch 1.13 raises for bfloat16 autocast without CUDA). NUMERICS: the GPU "
    "pipeline runs the DiT under bf16 autocast; the fixture runs everything in float32.",
    "torch.nn.functional.scaled_dot_product_attention (missing in torch 1.13) provided as "
    "softmax(q k^T / sqrt(d)) v (VAE AttentionBlock only).",
    "diffusers ConfigMixin / ModelMixin / register_to_config / SchedulerMixin / SchedulerOutput / "
    "deprecate / randn_tensor: minimal stand-ins (config bookkeeping only, no arithmetic).",
    "einops.rearrange: the two patterns vae2_1.py uses ('b c t h w -> (b t) c h w' and back), as "
    "permute + reshape.",
    "wan/modules/tokenizers.py and wan/distributed/* are replaced by empty stand-in modules (never called); token ids are fixed "
    "tensors. torch.cuda.current_device is patched while wan/modules/t5.py is imported "
    "(a default argument evaluated at import).",
    "The wan, wan.modules and wan.utils packages are entered without running their __init__.py "
    "(which import every pipeline); the modules themselves are the official files, unmodified.",
    "Wan2_1_VAE.__init__ runs with its _video_vae returning our random-weight WanVAE_ (the original "
    "loads a checkpoint under a torch>=2 meta-device context); WanI2V and T5EncoderModel are made "
    "with object.__new__ and their attributes set (their __init__ loads checkpoints and moves to "
    "CUDA): device cpu, t5_cpu, sp_size 1, offload off. generate, the models and the schedulers "
    "run as written.",
]


class _NoAutocast:
    """Context manager and decorator that changes nothing."""

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __call__(self, fn):
        return fn


def _exact_attention(q, k, v, q_lens=None, k_lens=None, dropout_p=0.0, softmax_scale=None,
                     q_scale=None, causal=False, window_size=(-1, -1), deterministic=False,
                     dtype=torch.bfloat16, version=None):
    assert q_lens is None, "the stand-in supports q_lens=None only (every Wan call)"
    assert not causal and tuple(window_size) == (-1, -1)
    b, lq, n, d = q.shape
    scale = softmax_scale if softmax_scale is not None else 1.0 / math.sqrt(d)
    if q_scale is not None:
        q = q * q_scale
    logits = torch.einsum("blnd,bmnd->bnlm", q, k) * scale
    if k_lens is not None:
        keys = torch.arange(k.size(1)).view(1, 1, 1, -1)
        logits = logits.masked_fill(keys >= k_lens.view(-1, 1, 1, 1), float("-inf"))
    return torch.einsum("bnlm,bmnd->blnd", torch.softmax(logits, dim=-1), v)


def _sdpa(q, k, v, attn_mask=None, dropout_p=0.0, is_causal=False):
    assert attn_mask is None and not is_causal
    w = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(q.size(-1)), dim=-1)
    return w @ v


def _rearrange(x, pattern, **sizes):
    pattern = " ".join(pattern.replace("->", " -> ").split())
    if pattern == "b c t h w -> (b t) c h w":
        b, c, t, h, w = x.shape
        return x.permute(0, 2, 1, 3, 4).reshape(b * t, c, h, w)
    if pattern == "(b t) c h w -> b c t h w":
        t = sizes["t"]
        bt, c, h, w = x.shape
        return x.reshape(bt // t, t, c, h, w).permute(0, 2, 1, 3, 4)
    raise NotImplementedError("rearrange stand-in: pattern " + pattern)


class _Config(dict):
    """diffusers' FrozenDict: a dict whose keys read as attributes."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError as e:
            raise AttributeError(name) from e


class ConfigMixin:
    config_name = None

    @property
    def config(self):
        return self.__dict__.setdefault("_internal_dict", _Config())

    def register_to_config(self, **kwargs):
        self.config.update(kwargs)


def register_to_config(init):
    signature = inspect.signature(init)

    @functools.wraps(init)
    def wrapper(self, *args, **kwargs):
        bound = signature.bind(self, *args, **kwargs)
        bound.apply_defaults()
        values = {k: v for k, v in bound.arguments.items() if k not in ("self", "kwargs")}
        self.__dict__["_internal_dict"] = _Config(values)
        init(self, *args, **kwargs)

    return wrapper


class ModelMixin(torch.nn.Module):
    pass


class SchedulerMixin:
    pass


@dataclasses.dataclass
class SchedulerOutput:
    prev_sample: torch.Tensor


KarrasDiffusionSchedulers = enum.Enum("KarrasDiffusionSchedulers", "DDIMScheduler EulerDiscreteScheduler")


def _deprecate(*args, **kwargs):
    return None


def _randn_tensor(shape, generator=None, device=None, dtype=None, layout=None):
    return torch.randn(shape, generator=generator, device=device, dtype=dtype)


def _module(name, **attrs):
    m = types.ModuleType(name)
    m.__dict__.update(attrs)
    sys.modules[name] = m
    return m


def _package(name, path):
    m = _module(name)
    m.__path__ = [path]
    return m


def install(wan_parent):
    """Makes `import wan.modules.model` etc. load the official files under wan_parent/wan."""
    wan_dir = os.path.join(wan_parent, "wan")
    if not os.path.isfile(os.path.join(wan_dir, "modules", "model.py")):
        raise SystemExit(f"{wan_dir}: no modules/model.py (give the folder that holds Wan2.2's wan/)")

    torch.amp.autocast = _NoAutocast
    torch.autocast = _NoAutocast
    torch.cuda.amp.autocast = _NoAutocast
    if not hasattr(torch.nn.functional, "scaled_dot_product_attention"):
        torch.nn.functional.scaled_dot_product_attention = _sdpa

    _package("diffusers", "")
    _module("diffusers.configuration_utils", ConfigMixin=ConfigMixin, register_to_config=register_to_config)
    _package("diffusers.models", "")
    _module("diffusers.models.modeling_utils", ModelMixin=ModelMixin)
    _package("diffusers.schedulers", "")
    _module("diffusers.schedulers.scheduling_utils", KarrasDiffusionSchedulers=KarrasDiffusionSchedulers,
            SchedulerMixin=SchedulerMixin, SchedulerOutput=SchedulerOutput)
    utils = _package("diffusers.utils", "")
    utils.deprecate = _deprecate
    utils.is_scipy_available = lambda: False
    _module("diffusers.utils.torch_utils", randn_tensor=_randn_tensor)
    if importlib.util.find_spec("einops") is None:
        _module("einops", rearrange=_rearrange)

    _package("wan", wan_dir)
    _package("wan.modules", os.path.join(wan_dir, "modules"))
    _package("wan.utils", os.path.join(wan_dir, "utils"))
    _package("wan.distributed", os.path.join(wan_dir, "distributed"))
    _module("wan.distributed.fsdp", shard_model=None)
    _module("wan.distributed.sequence_parallel", sp_attn_forward=None, sp_dit_forward=None)
    _module("wan.distributed.util", get_world_size=lambda: 1)
    _module("wan.modules.attention", flash_attention=_exact_attention, attention=_exact_attention)
    _module("wan.modules.tokenizers", HuggingfaceTokenizer=None)

    current_device = torch.cuda.current_device
    torch.cuda.current_device = lambda: "cpu"
    try:
        importlib.import_module("wan.modules.t5")
    finally:
        torch.cuda.current_device = current_device

