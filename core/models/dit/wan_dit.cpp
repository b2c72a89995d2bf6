#include "models/dit/wan_dit.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/gelu.h>
#include <ATen/ops/silu.h>
#include <ATen/ops/zeros.h>
#include <c10/core/InferenceMode.h>

#include <map>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <tuple>

#include "api/cancel.h"
#include "compat/torch_compat.h"
#include "kernels/fused_ops.h"
#include "models/dit/wan_dit_layers.h"

namespace ifedit::dit {

using detail::Linear;

namespace {

struct AttentionWeights {
  Linear q, k, v, o;
  at::Tensor normQ, normK;  // undefined without qk_norm
};

struct BlockWeights {
  at::Tensor modulation;  // [1, 6, dim]
  AttentionWeights selfAttn;
  at::Tensor norm3Weight, norm3Bias;  // undefined without cross_attn_norm
  AttentionWeights crossAttn;
  Linear ffnIn, ffnOut;  // ffn.0, ffn.2 (ffn.1 is the tanh GELU)
};

// Every tensor slot of a block in blockTensors() order (B = BlockWeights, const or not).
template <class B, class Fn>
void forEachBlockTensor(B& b, Fn&& fn) {
  fn(b.modulation);
  auto lin = [&](auto& l) {
    fn(l.weight);
    fn(l.bias);
    fn(l.scale);
  };
  for (auto* a : {&b.selfAttn, &b.crossAttn}) {
    lin(a->q);
    lin(a->k);
    lin(a->v);
    lin(a->o);
    fn(a->normQ);
    fn(a->normK);
  }
  fn(b.norm3Weight);
  fn(b.norm3Bias);
  lin(b.ffnIn);
  lin(b.ffnOut);
}

// The block's matmul weights (FP8 candidates), by official key suffix.
bool isBlockMatmulWeight(const std::string& name) {
  if (name.rfind("blocks.", 0) != 0) return false;
  for (const char* suffix : {".q.weight", ".k.weight", ".v.weight", ".o.weight", ".ffn.0.weight", ".ffn.2.weight"}) {
    const std::string s(suffix);
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) return true;
  }
  return false;
}

int64_t bytesOf(const at::Tensor& t) { return t.defined() ? static_cast<int64_t>(t.nbytes()) : 0; }

[[noreturn]] void badInput(const std::string& what) {
  throw std::invalid_argument("WanDit::forward: " + what);
}

std::string shapeText(const at::Tensor& t) {
  std::string s = "[";
  for (int64_t i = 0; i < t.dim(); ++i) s += (i ? ", " : "") + std::to_string(t.size(i));
  return s + "]";
}

}  // namespace

struct WanDit::Weights {
  at::Tensor patchWeight, patchBias;  // Conv3d [dim, in_dim, pt, ph, pw], applied as a Linear
  Linear textIn, textOut;             // text_embedding.0 / .2 (.1 is the tanh GELU)
  Linear timeIn, timeOut;             // time_embedding.0 / .2 (.1 is SiLU)
  Linear timeProjection;              // time_projection.1 (.0 is SiLU)
  std::vector<BlockWeights> blocks;
  at::Tensor headModulation;  // [1, 2, dim]
  Linear head;                // head.head (head.norm has no parameters)
};

namespace {

// Walks every parameter in state_dict order: fn(official key, expected shape, slot). The one key
// table behind parameterSpecs(), load() and namedParameters(). (W = WanDit::Weights, deduced.)
template <class W, class Fn>
void visitParameters(const WanDitConfig& c, W& w, Fn&& fn) {
  auto lin = [&](const std::string& name, Linear& l, int64_t out, int64_t in) {
    fn(name + ".weight", std::vector<int64_t>{out, in}, l.weight);
    fn(name + ".bias", std::vector<int64_t>{out}, l.bias);
  };
  const int64_t d = c.dim;
  fn("patch_embedding.weight",
     std::vector<int64_t>{d, c.inDim, c.patchSize[0], c.patchSize[1], c.patchSize[2]},
     w.patchWeight);
  fn("patch_embedding.bias", std::vector<int64_t>{d}, w.patchBias);
  lin("text_embedding.0", w.textIn, d, c.textDim);
  lin("text_embedding.2", w.textOut, d, d);
  lin("time_embedding.0", w.timeIn, d, c.freqDim);
  lin("time_embedding.2", w.timeOut, d, d);
  lin("time_projection.1", w.timeProjection, 6 * d, d);
  w.blocks.resize(static_cast<size_t>(c.numLayers));
  for (int64_t i = 0; i < c.numLayers; ++i) {
    auto& b = w.blocks[static_cast<size_t>(i)];
    const std::string p = "blocks." + std::to_string(i) + ".";
    fn(p + "modulation", std::vector<int64_t>{1, 6, d}, b.modulation);
    auto attn = [&](const std::string& name, AttentionWeights& a) {
      lin(name + ".q", a.q, d, d);
      lin(name + ".k", a.k, d, d);
      lin(name + ".v", a.v, d, d);
      lin(name + ".o", a.o, d, d);
      if (c.qkNorm) {
        fn(name + ".norm_q.weight", std::vector<int64_t>{d}, a.normQ);
        fn(name + ".norm_k.weight", std::vector<int64_t>{d}, a.normK);
      }
    };
    attn(p + "self_attn", b.selfAttn);
    if (c.crossAttnNorm) {
      fn(p + "norm3.weight", std::vector<int64_t>{d}, b.norm3Weight);
      fn(p + "norm3.bias", std::vector<int64_t>{d}, b.norm3Bias);
    }
    attn(p + "cross_attn", b.crossAttn);
    lin(p + "ffn.0", b.ffnIn, c.ffnDim, d);
    lin(p + "ffn.2", b.ffnOut, d, c.ffnDim);
  }
  fn("head.modulation", std::vector<int64_t>{1, 2, d}, w.headModulation);
  lin("head.head", w.head, c.patchVolume() * c.outDim, d);
}

}  // namespace

struct WanDit::RopeCache {
  std::mutex mutex;
  std::map<std::tuple<std::vector<int64_t>, int64_t, int64_t>, detail::RopeTables> tables;
};

WanDit::WanDit(WanDitConfig config)
    : config_(std::move(config)), ropeCache_(std::make_unique<RopeCache>()) {
  config_.validate("WanDit config");
}
WanDit::~WanDit() = default;
WanDit::WanDit(WanDit&&) noexcept = default;
WanDit& WanDit::operator=(WanDit&&) noexcept = default;

bool WanDit::loaded() const { return weights_ != nullptr; }

bool WanDit::keptInFloat32(const std::string& name) {
  auto startsWith = [&](const char* p) { return name.rfind(p, 0) == 0; };
  auto endsWith = [&](const std::string& s) {
    return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  // model.py runs these under autocast(dtype=float32): time embedding and projection, the
  // modulation sums, the head; WanLayerNorm (norm3) computes in float32 too.
  return startsWith("time_embedding.") || startsWith("time_projection.") || startsWith("head.") ||
         endsWith(".modulation") || name.find(".norm3.") != std::string::npos;
}

std::vector<io::ParamSpec> WanDit::parameterSpecs() const {
  std::vector<io::ParamSpec> specs;
  Weights scratch;
  visitParameters(config_, scratch,
                  [&](const std::string& name, std::vector<int64_t> shape, at::Tensor&) {
                    specs.push_back({name, std::move(shape)});
                  });
  return specs;
}

void WanDit::load(const io::WeightSource& source, c10::ScalarType dtype, c10::Device device,
                  const WanDitLoadOptions& options) {
  if (dtype != at::kFloat && dtype != at::kBFloat16 && dtype != at::kHalf)
    throw std::invalid_argument(std::string("WanDit::load: compute dtype must be float32, "
                                            "bfloat16 or float16, got ") +
                                c10::toString(dtype));
  if (options.fp8Blocks && !compat::hasFloat8())
    throw std::runtime_error("WanDit::load: FP8 blocks need libtorch >= 2.1 (no float8 type here)");
  io::verifyWeights(source, parameterSpecs(), "Wan DiT (" + config_.describe() + ")");
  c10::InferenceMode guard;
  const bool pin = options.blocksOnHost && device.is_cuda();
  auto home = [&](const at::Tensor& t) {
    if (!options.blocksOnHost) return t;
    if (options.hostCopy) return options.hostCopy(t);
    return pin ? t.to(at::kCPU).pin_memory() : t.to(at::kCPU);
  };
  std::map<const c10::TensorImpl*, at::Tensor> scales;  // FP8 weight -> its scale
  auto w = std::make_unique<Weights>();
  visitParameters(config_, *w,
                  [&](const std::string& name, const std::vector<int64_t>&, at::Tensor& slot) {
                    if (options.beforeEachTensor) options.beforeEachTensor();
                    slot = source.load(name, keptInFloat32(name) ? at::kFloat : dtype, device);
                    if (name.rfind("blocks.", 0) != 0) return;
                    if (options.fp8Blocks && isBlockMatmulWeight(name)) {
                      auto [w8, scale] = compat::quantizeFp8(slot);  // on the device: fast
                      slot = home(w8);
                      scales[slot.unsafeGetTensorImpl()] = home(scale);
                    } else {
                      slot = home(slot);
                    }
                  });
  if (options.fp8Blocks) {
    for (auto& b : w->blocks) {
      auto attach = [&](Linear& l) {
        l.scale = scales.at(l.weight.unsafeGetTensorImpl());
        l.computeDtype = dtype;
      };
      for (auto* a : {&b.selfAttn, &b.crossAttn}) {
        attach(a->q);
        attach(a->k);
        attach(a->v);
        attach(a->o);
      }
      attach(b.ffnIn);
      attach(b.ffnOut);
    }
  }
  weights_ = std::move(w);
  dtype_ = dtype;
  device_ = device;
  fp8Blocks_ = options.fp8Blocks;
}

std::vector<at::Tensor> WanDit::blockTensors(int64_t block) const {
  if (!weights_) throw std::logic_error("WanDit::blockTensors called before load()");
  std::vector<at::Tensor> out;
  forEachBlockTensor(weights_->blocks.at(static_cast<size_t>(block)),
                     [&](const at::Tensor& t) { out.push_back(t); });
  return out;
}

void WanDit::mapBlockTensors(const std::function<at::Tensor(int64_t, const at::Tensor&)>& fn) {
  if (!weights_) throw std::logic_error("WanDit::mapBlockTensors called before load()");
  c10::InferenceMode guard;
  for (size_t i = 0; i < weights_->blocks.size(); ++i)
    forEachBlockTensor(weights_->blocks[i], [&](at::Tensor& t) {
      auto mapped = fn(static_cast<int64_t>(i), t);
      if (mapped.defined() != t.defined())
        throw std::logic_error("WanDit::mapBlockTensors: a mapping must keep defined tensors defined");
      t = std::move(mapped);
    });
}

int64_t WanDit::blockBytes() const {
  int64_t total = 0;
  if (weights_)
    for (const auto& b : weights_->blocks) forEachBlockTensor(b, [&](const at::Tensor& t) { total += bytesOf(t); });
  return total;
}

int64_t WanDit::nonBlockBytes() const {
  int64_t total = 0;
  for (const auto& [name, t] : namedParameters())
    if (name.rfind("blocks.", 0) != 0) total += bytesOf(t);
  return total;
}

std::vector<std::pair<std::string, at::Tensor>> WanDit::namedParameters() const {
  std::vector<std::pair<std::string, at::Tensor>> out;
  if (!weights_) return out;
  visitParameters(config_, *weights_,
                  [&](const std::string& name, const std::vector<int64_t>&, at::Tensor& slot) {
                    out.emplace_back(name, slot);
                  });
  return out;
}

at::Tensor WanDit::forward(const WanDitInput& in, const CancelToken* cancel,
                           const WanDitProbe& probe) const {
  if (!weights_) throw std::logic_error("WanDit::forward called before load()");
  throwIfCancelled(cancel);
  c10::InferenceMode guard;
  const WanDitConfig& c = config_;
  const Weights& w = *weights_;
  const auto emit = [&](const std::string& name, const at::Tensor& t) {
    if (probe) probe(name, t);
  };
  const auto f32 = at::TensorOptions().dtype(at::kFloat).device(device_);

  // 0. Inputs: x and y side by side on the channel axis (x first), then the patch grid.
  if (!in.x.defined() || in.x.dim() != 4) badInput("x must be [C, F, H, W]");
  if (c.modelType == WanModelType::I2V && !in.y.defined())
    badInput("an i2v model needs the conditioning y");
  at::Tensor video = in.x.to(f32);
  if (in.y.defined()) {
    if (in.y.dim() != 4 || in.y.sizes().slice(1) != in.x.sizes().slice(1))
      badInput("y " + shapeText(in.y) + " must be [C_y, F, H, W] with x's F, H, W " +
               shapeText(in.x));
    video = at::cat({video, in.y.to(f32)}, 0);
  }
  const int64_t channels = video.size(0);
  if (channels != c.inDim)
    badInput("x" + std::string(in.y.defined() ? " + y" : "") + " has " + std::to_string(channels) +
             " channels, the model takes in_dim " + std::to_string(c.inDim));
  const auto [pt, ph, pw] = c.patchSize;
  if (video.size(1) % pt || video.size(2) % ph || video.size(3) % pw)
    badInput("F, H, W " + shapeText(in.x) + " must be multiples of the patch size");
  const int64_t gf = video.size(1) / pt, gh = video.size(2) / ph, gw = video.size(3) / pw;
  const int64_t tokens = gf * gh * gw;

  std::vector<int64_t> positions = in.framePositions;
  if (positions.empty()) {
    positions.resize(static_cast<size_t>(gf));
    std::iota(positions.begin(), positions.end(), int64_t{0});
  } else if (static_cast<int64_t>(positions.size()) != gf) {
    badInput("framePositions has " + std::to_string(positions.size()) + " entries for " +
             std::to_string(gf) + " latent frames");
  }

  // 1. Patch embedding: the stride = kernel Conv3d is a Linear over flattened patches; tokens in
  // (f, h, w) row-major order (manifest note "DiT tokens"). The residual stream is float32
  // (under bf16 autocast the official stream turns f32 at block 0's first gated residual; block
  // 0's norm1 there still sees bf16 tokens, which is the only rounding we skip).
  const auto patches = video.view({channels, gf, pt, gh, ph, gw, pw})
                           .permute({1, 3, 5, 0, 2, 4, 6})
                           .reshape({1, tokens, channels * pt * ph * pw});
  at::Tensor x =
      detail::linear(patches, Linear{w.patchWeight.view({c.dim, -1}), w.patchBias, {}, dtype_}).to(at::kFloat);
  emit("x_embed", x);

  // 2. Time embedding (manifest note "Time"): one row for a shared timestep, else one per token.
  if (!in.timestep.defined() || in.timestep.numel() < 1 || in.timestep.scalar_type() == at::kBool)
    badInput("timestep must hold one number or one per token");
  at::Tensor t = in.timestep.to(device_).flatten();
  if (t.numel() != 1) {
    if (in.timestep.dim() > 2 || (in.timestep.dim() == 2 && in.timestep.size(0) != 1) ||
        t.numel() < tokens)
      badInput("a per-token timestep must be [1, S] or [S] with S >= " + std::to_string(tokens) +
               " tokens, got " + shapeText(in.timestep));
    t = t.slice(0, 0, tokens);  // the rest is the official padding to seq_len
  }
  const auto sinusoid = detail::sinusoidalEmbedding(t, c.freqDim);
  emit("sinusoid", sinusoid);
  const auto e = detail::linear(at::silu(detail::linear(sinusoid, w.timeIn)), w.timeOut)
                     .unsqueeze(0);                               // [1, N, dim] float32
  const auto e0 = detail::linear(at::silu(e), w.timeProjection);  // [1, N, 6*dim] float32
  emit("e", e);
  emit("e0_flat", e0);
  const auto e0Chunks = e0.view({1, e0.size(1), 6, c.dim});

  // 3. Text: zero-pad to text_len BEFORE the embedding; every row is attended, no mask
  // (manifest note "Attention": padded rows become text_embedding(0), not zero).
  if (!in.context.defined() || in.context.dim() != 2 || in.context.size(1) != c.textDim ||
      in.context.size(0) > c.textLen)
    badInput("context " + (in.context.defined() ? shapeText(in.context) : "(none)") +
             " must be [L <= " + std::to_string(c.textLen) + ", " + std::to_string(c.textDim) +
             "]");
  auto ctx = in.context.to(f32);
  if (ctx.size(0) < c.textLen)
    ctx = at::cat({ctx, at::zeros({c.textLen - ctx.size(0), c.textDim}, f32)}, 0);
  const auto context =
      detail::linear(at::gelu(detail::linear(ctx, w.textIn), "tanh"), w.textOut).unsqueeze(0);
  emit("context_embed", context);

  // 4. RoPE tables, shared by every block's self-attention; built once per grid (float64 angles,
  // float32 tables) and kept, so the denoising loop does not rebuild them every step.
  detail::RopeTables rope;
  {
    std::lock_guard<std::mutex> lock(ropeCache_->mutex);
    auto& cache = ropeCache_->tables;
    const auto key = std::make_tuple(positions, gh, gw);
    auto it = cache.find(key);
    if (it == cache.end()) {
      if (cache.size() >= 8) cache.clear();
      it = cache.emplace(key, detail::ropeTables(positions, gh, gw, c.headDim(), device_)).first;
    }
    rope = it->second;
  }

  const int64_t heads = c.numHeads, hd = c.headDim();
  auto qk = [&](const at::Tensor& input, const Linear& proj, const at::Tensor& norm) {
    auto out = detail::linear(input, proj);
    if (c.qkNorm) out = kernels::rmsNorm(out, norm, c.eps);
    return out.view({1, input.size(1), heads, hd});
  };
  auto values = [&](const at::Tensor& input, const Linear& proj) {
    return detail::linear(input, proj).view({1, input.size(1), heads, hd});
  };

  // 5. Blocks (manifest note "Block"); modulation and residual arithmetic in float32, the
  // modulated LayerNorm handed to the next Linear in its dtype (it would cast it anyway).
  for (int64_t i = 0; i < c.numLayers; ++i) {
    throwIfCancelled(cancel);
    BlockWeights streamed;
    const BlockWeights* bw = &w.blocks[static_cast<size_t>(i)];
    if (blockSource_) {
      streamed = *bw;  // keeps the per-layer metadata (FP8 compute dtype)
      auto tensors = blockSource_->acquire(i);
      size_t next = 0;
      forEachBlockTensor(streamed, [&](at::Tensor& t) {
        if (next >= tensors.size())
          throw std::logic_error("WanDit::forward: the block source returned too few tensors");
        t = std::move(tensors[next++]);
      });
      bw = &streamed;
    }
    const BlockWeights& b = *bw;
    const std::string p = "block" + std::to_string(i) + ".";
    const auto m = b.modulation.unsqueeze(0) + e0Chunks;  // [1, N, 6, dim]
    const auto mod = [&](int64_t k) { return m.select(2, k); };

    // 5.1 self-attention with RoPE on q and k
    const auto saIn = kernels::layerNormModulate(x, mod(0), mod(1), c.eps, dtype_);
    emit(p + "self_attn_in", saIn);
    const auto q = qk(saIn, b.selfAttn.q, b.selfAttn.normQ);
    emit(p + "q_prerope", q);
    const auto qRope = kernels::rope(q, rope.cos, rope.sin, dtype_);
    emit(p + "q_rope", qRope);
    const auto kRope =
        kernels::rope(qk(saIn, b.selfAttn.k, b.selfAttn.normK), rope.cos, rope.sin, dtype_);
    const auto sa = detail::linear(
        detail::attention(qRope, kRope, values(saIn, b.selfAttn.v), dtype_), b.selfAttn.o);
    emit(p + "self_attn_out", sa);
    x = kernels::gatedResidual(x, sa, mod(2));

    // 5.2 cross-attention to the text: no gate, no modulation
    const auto caIn =
        c.crossAttnNorm ? detail::layerNormF32(x, c.eps, b.norm3Weight, b.norm3Bias) : x;
    const auto ca = detail::linear(detail::attention(qk(caIn, b.crossAttn.q, b.crossAttn.normQ),
                                                     qk(context, b.crossAttn.k, b.crossAttn.normK),
                                                     values(context, b.crossAttn.v), dtype_),
                                   b.crossAttn.o);
    emit(p + "cross_attn_out", ca);
    x = x + ca;

    // 5.3 feed-forward
    const auto ffnIn = kernels::layerNormModulate(x, mod(3), mod(4), c.eps, dtype_);
    emit(p + "ffn_in", ffnIn);
    const auto ffn = detail::linear(at::gelu(detail::linear(ffnIn, b.ffnIn), "tanh"), b.ffnOut);
    emit(p + "ffn_out", ffn);
    x = kernels::gatedResidual(x, ffn, mod(5));
    emit(p + "out", x);
    if (blockSource_) blockSource_->release(i);
  }
  throwIfCancelled(cancel);

  // 6. Head: modulated by e, not e0 (manifest note "Head"); float32 throughout.
  const auto hm = w.headModulation.unsqueeze(0) + e.unsqueeze(2);  // [1, N, 2, dim]
  const auto headOut = detail::linear(
      detail::layerNormF32(x, c.eps) * (1 + hm.select(2, 1)) + hm.select(2, 0), w.head);
  emit("head_out", headOut);

  // 7. Unpatchify: channels (p, q, r, c) with c fastest (manifest note "Unpatchify").
  return headOut[0]
      .view({gf, gh, gw, pt, ph, pw, c.outDim})
      .permute({6, 0, 3, 1, 4, 2, 5})
      .reshape({c.outDim, gf * pt, gh * ph, gw * pw})
      .to(at::kFloat);
}

}  // namespace ifedit::dit
