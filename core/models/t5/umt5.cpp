#include "api/cancel.h"
#include "models/t5/umt5.h"

#include <ATen/ops/arange.h>
#include <ATen/ops/embedding.h>
#include <ATen/ops/linear.h>
#include <ATen/ops/matmul.h>
#include <ATen/ops/rsqrt.h>
#include <ATen/ops/softmax.h>
#include <ATen/ops/tanh.h>
#include <ATen/ops/where.h>
#include <ATen/ops/zeros.h>
#include <c10/core/InferenceMode.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace ifedit::t5 {
namespace {

constexpr const char* kModelName = "UMT5 encoder";

std::string blockKey(int64_t i, const char* suffix) {
  return "blocks." + std::to_string(i) + "." + suffix;
}

// The shape of `name`, which must exist with `rank` dimensions.
std::vector<int64_t> requireShape(const io::WeightSource& source, const std::string& name, size_t rank) {
  auto shape = source.shapeOf(name);
  if (!shape)
    throw io::IoError(source.describe(),
                      std::string(kModelName) + ": missing weight '" + name + "' (needed to infer the config)");
  if (shape->size() != rank)
    throw io::IoError(source.describe(), std::string(kModelName) + ": weight '" + name + "' has shape " +
                                             io::shapeText(*shape) + ", expected " + std::to_string(rank) +
                                             " dimensions");
  return *shape;
}

// torch.finfo(dtype).min, which the official T5Attention writes into masked key positions.
double lowestFinite(c10::ScalarType t) {
  switch (t) {
    case c10::kDouble: return std::numeric_limits<double>::lowest();
    case c10::kFloat: return std::numeric_limits<float>::lowest();
    case c10::kHalf: return -65504.0;
    case c10::kBFloat16: return -std::ldexp(2.0 - std::ldexp(1.0, -7), 127);
    default: throw std::invalid_argument("UMT5 encoder: unsupported compute dtype");
  }
}

// T5LayerNorm: statistics in f32; the normalised activations go back to a half-precision weight
// dtype before the scale (wan/modules/t5.py, T5LayerNorm.forward).
at::Tensor t5LayerNorm(const at::Tensor& x, const at::Tensor& weight, double eps) {
  at::Tensor var = x.to(c10::kFloat).pow(2).mean({-1}, /*keepdim=*/true);
  at::Tensor y = x.mul(at::rsqrt(var.add(eps)));
  if (weight.scalar_type() == c10::kHalf || weight.scalar_type() == c10::kBFloat16)
    y = y.to(weight.scalar_type());
  return weight.mul(y);
}

// The official tanh-approximated GELU, written out op by op as in wan/modules/t5.py (GELU) so that
// half-precision runs round at the same places.
at::Tensor geluTanh(const at::Tensor& x) {
  const double c = std::sqrt(2.0 / M_PI);
  at::Tensor inner = x.add(x.pow(3.0).mul(0.044715)).mul(c);
  return x.mul(0.5).mul(at::tanh(inner).add(1.0));
}

// fp16_clamp: only float16 activations are clamped, and only when they overflowed.
at::Tensor fp16Clamp(const at::Tensor& x) {
  if (x.scalar_type() != c10::kHalf || !x.isinf().any().item<bool>()) return x;
  const double limit = 65504.0 - 1000.0;
  return x.clamp(-limit, limit);
}

}  // namespace

struct Umt5Encoder::Weights {
  struct Layer {
    at::Tensor norm1, q, k, v, o, norm2, gate, fc1, fc2, posEmbedding;
  };
  at::Tensor tokenEmbedding;
  std::vector<Layer> layers;
  at::Tensor norm;
  c10::ScalarType dtype = c10::kFloat;
  c10::Device device = c10::kCPU;
};

Umt5Config Umt5Config::fromWeights(const io::WeightSource& source) {
  Umt5Config c;
  const auto emb = requireShape(source, "token_embedding.weight", 2);
  c.vocab = emb[0];
  c.dim = emb[1];
  const auto q = requireShape(source, blockKey(0, "attn.q.weight"), 2);
  c.dimAttn = q[0];
  c.dimFfn = requireShape(source, blockKey(0, "ffn.fc1.weight"), 2)[0];
  // umt5 (shared_pos=False): each layer owns a [num_buckets, num_heads] bias table.
  const auto pos = requireShape(source, blockKey(0, "pos_embedding.embedding.weight"), 2);
  c.numBuckets = pos[0];
  c.numHeads = pos[1];
  c.numLayers = 0;
  while (source.shapeOf(blockKey(c.numLayers, "norm1.weight"))) ++c.numLayers;
  if (c.numLayers == 0)
    throw io::IoError(source.describe(), std::string(kModelName) + ": missing weight '" +
                                             blockKey(0, "norm1.weight") + "' (no encoder blocks)");
  if (c.numHeads <= 0 || c.dimAttn % c.numHeads != 0)
    throw io::IoError(source.describe(), std::string(kModelName) + ": attention width " +
                                             std::to_string(c.dimAttn) + " is not a multiple of " +
                                             std::to_string(c.numHeads) + " heads (from the shape of " +
                                             blockKey(0, "pos_embedding.embedding.weight") + ")");
  if (c.numBuckets < 4 || c.numBuckets % 4 != 0)
    throw io::IoError(source.describe(), std::string(kModelName) + ": " + std::to_string(c.numBuckets) +
                                             " relative-position buckets; expected a positive multiple of 4");
  return c;
}

at::Tensor relativePositionBucket(const at::Tensor& relPos, int64_t numBuckets, int64_t maxDistance) {
  // Bidirectional: the upper half of the buckets is for keys after the query.
  const int64_t half = numBuckets / 2;
  const int64_t maxExact = half / 2;
  at::Tensor buckets = relPos.gt(0).to(c10::kLong).mul(half);
  at::Tensor rel = relPos.abs();
  // The float32 formula of the official code; rel = 0 is clamped only to keep the branch that
  // where() discards finite.
  at::Tensor large = rel.clamp_min(1)
                         .to(c10::kFloat)
                         .div(maxExact)
                         .log()
                         .div(std::log(static_cast<double>(maxDistance) / static_cast<double>(maxExact)))
                         .mul(half - maxExact)
                         .to(c10::kLong)
                         .add(maxExact)
                         .clamp_max(half - 1);
  return buckets.add(at::where(rel.lt(maxExact), rel, large));
}

Umt5Encoder::Umt5Encoder(Umt5Config config) : config_(config) {
  if (config_.numHeads <= 0 || config_.dimAttn % config_.numHeads != 0)
    throw std::invalid_argument("UMT5 encoder: dimAttn must be a positive multiple of numHeads");
}
Umt5Encoder::~Umt5Encoder() = default;
Umt5Encoder::Umt5Encoder(Umt5Encoder&&) noexcept = default;
Umt5Encoder& Umt5Encoder::operator=(Umt5Encoder&&) noexcept = default;

std::vector<io::ParamSpec> Umt5Encoder::parameterSpecs() const {
  const auto& c = config_;
  std::vector<io::ParamSpec> specs;
  specs.push_back({"token_embedding.weight", {c.vocab, c.dim}});
  for (int64_t i = 0; i < c.numLayers; ++i) {
    specs.push_back({blockKey(i, "norm1.weight"), {c.dim}});
    specs.push_back({blockKey(i, "attn.q.weight"), {c.dimAttn, c.dim}});
    specs.push_back({blockKey(i, "attn.k.weight"), {c.dimAttn, c.dim}});
    specs.push_back({blockKey(i, "attn.v.weight"), {c.dimAttn, c.dim}});
    specs.push_back({blockKey(i, "attn.o.weight"), {c.dim, c.dimAttn}});
    specs.push_back({blockKey(i, "norm2.weight"), {c.dim}});
    // ffn.gate is Sequential(Linear, GELU): the Linear sits in slot 0.
    specs.push_back({blockKey(i, "ffn.gate.0.weight"), {c.dimFfn, c.dim}});
    specs.push_back({blockKey(i, "ffn.fc1.weight"), {c.dimFfn, c.dim}});
    specs.push_back({blockKey(i, "ffn.fc2.weight"), {c.dim, c.dimFfn}});
    specs.push_back({blockKey(i, "pos_embedding.embedding.weight"), {c.numBuckets, c.numHeads}});
  }
  specs.push_back({"norm.weight", {c.dim}});
  return specs;
}

void Umt5Encoder::load(const io::WeightSource& source, c10::ScalarType dtype, c10::Device device) {
  if (dtype != c10::kFloat && dtype != c10::kBFloat16 && dtype != c10::kHalf && dtype != c10::kDouble)
    throw std::invalid_argument("UMT5 encoder: weights must be loaded as float32, bfloat16, float16 or float64");
  io::verifyWeights(source, parameterSpecs(), kModelName);

  auto w = std::make_unique<Weights>();
  w->dtype = dtype;
  w->device = device;
  auto get = [&](const std::string& name) { return source.load(name, dtype, device); };
  w->tokenEmbedding = get("token_embedding.weight");
  w->layers.resize(static_cast<size_t>(config_.numLayers));
  for (int64_t i = 0; i < config_.numLayers; ++i) {
    auto& l = w->layers[static_cast<size_t>(i)];
    l.norm1 = get(blockKey(i, "norm1.weight"));
    l.q = get(blockKey(i, "attn.q.weight"));
    l.k = get(blockKey(i, "attn.k.weight"));
    l.v = get(blockKey(i, "attn.v.weight"));
    l.o = get(blockKey(i, "attn.o.weight"));
    l.norm2 = get(blockKey(i, "norm2.weight"));
    l.gate = get(blockKey(i, "ffn.gate.0.weight"));
    l.fc1 = get(blockKey(i, "ffn.fc1.weight"));
    l.fc2 = get(blockKey(i, "ffn.fc2.weight"));
    l.posEmbedding = get(blockKey(i, "pos_embedding.embedding.weight"));
  }
  w->norm = get("norm.weight");
  weights_ = std::move(w);
}

bool Umt5Encoder::isLoaded() const { return weights_ != nullptr; }
c10::ScalarType Umt5Encoder::dtype() const { return weights_ ? weights_->dtype : c10::kFloat; }
c10::Device Umt5Encoder::device() const { return weights_ ? weights_->device : c10::Device(c10::kCPU); }

at::Tensor Umt5Encoder::forward(const at::Tensor& ids, const at::Tensor& mask, Umt5Trace* trace,
                                const CancelToken* cancel) const {
  if (!weights_) throw std::logic_error("UMT5 encoder: forward() before load()");
  if (!ids.defined() || ids.dim() != 2 || ids.size(1) == 0 || !c10::isIntegralType(ids.scalar_type(), false))
    throw std::invalid_argument("UMT5 encoder: ids must be a non-empty integer tensor [batch, length]");
  if (!mask.defined() || mask.sizes() != ids.sizes())
    throw std::invalid_argument("UMT5 encoder: mask must have the shape of ids [batch, length]");
  c10::InferenceMode guard;
  const auto& W = *weights_;
  const auto& c = config_;
  const at::Tensor tok = ids.to(W.device, c10::kLong);
  const int64_t lo = tok.min().item<int64_t>(), hi = tok.max().item<int64_t>();
  if (lo < 0 || hi >= c.vocab)
    throw std::invalid_argument("UMT5 encoder: token id " + std::to_string(lo < 0 ? lo : hi) +
                                " is outside the vocabulary [0, " + std::to_string(c.vocab) + ")");
  const int64_t B = tok.size(0), L = tok.size(1), H = c.numHeads, D = c.headDim();

  at::Tensor x = at::embedding(W.tokenEmbedding, tok);
  if (trace) {
    trace->tokenEmbed = x;
    trace->posBias.clear();
    trace->blockOut.clear();
  }
  const auto posOpts = tok.options();
  const at::Tensor pos = at::arange(L, posOpts);
  const at::Tensor buckets = relativePositionBucket(pos.unsqueeze(0).sub(pos.unsqueeze(1)), c.numBuckets,
                                                    c.maxDistance);  // [Lq, Lk], rel = k - q
  const at::Tensor keyMasked = mask.to(W.device).eq(0).view({B, 1, 1, L});
  const double lowest = lowestFinite(x.scalar_type());

  for (const auto& layer : W.layers) {
    throwIfCancelled(cancel);
    const at::Tensor posBias = at::embedding(layer.posEmbedding, buckets).permute({2, 0, 1}).unsqueeze(0);
    if (trace) trace->posBias.push_back(posBias.contiguous());

    // 1. Self-attention with the layer's own position bias; masked keys get finfo.min (a fill, not
    //    an addition, as the official masked_fill_), no 1/sqrt(d) scale, softmax in f32.
    const at::Tensor h = t5LayerNorm(x, layer.norm1, c.eps);
    const at::Tensor q = at::linear(h, layer.q).view({B, L, H, D}).transpose(1, 2);
    const at::Tensor k = at::linear(h, layer.k).view({B, L, H, D}).transpose(1, 2);
    const at::Tensor v = at::linear(h, layer.v).view({B, L, H, D}).transpose(1, 2);
    const at::Tensor bias = at::zeros({B, H, L, L}, x.options()).add(posBias).masked_fill(keyMasked, lowest);
    const at::Tensor logits = at::matmul(q, k.transpose(-2, -1)).add(bias);
    const at::Tensor attn = at::softmax(logits.to(c10::kFloat), -1).to(logits.scalar_type());
    const at::Tensor ctx = at::matmul(attn, v).transpose(1, 2).reshape({B, L, H * D});
    x = fp16Clamp(x.add(at::linear(ctx, layer.o)));

    // 2. Gated-GELU feed-forward: fc2(fc1(h) * gelu_tanh(gate(h))).
    const at::Tensor h2 = t5LayerNorm(x, layer.norm2, c.eps);
    const at::Tensor ff = at::linear(at::linear(h2, layer.fc1).mul(geluTanh(at::linear(h2, layer.gate))), layer.fc2);
    x = fp16Clamp(x.add(ff));
    if (trace) trace->blockOut.push_back(x);
  }
  return t5LayerNorm(x, W.norm, c.eps);
}

std::vector<at::Tensor> Umt5Encoder::encode(const at::Tensor& ids, const at::Tensor& mask,
                                            const CancelToken* cancel) const {
  const at::Tensor context = forward(ids, mask, nullptr, cancel);
  c10::InferenceMode guard;
  // T5EncoderModel.__call__ keeps the first sum(mask) rows of each sequence (manifest note "output
  // trimmed to the real length").
  const at::Tensor lengths = mask.gt(0).sum(1).to(c10::kCPU, c10::kLong);
  std::vector<at::Tensor> out;
  out.reserve(static_cast<size_t>(context.size(0)));
  for (int64_t b = 0; b < context.size(0); ++b)
    out.push_back(context[b].slice(0, 0, lengths[b].item<int64_t>()));
  return out;
}

}  // namespace ifedit::t5
