#include "models/vae/wan_vae_blocks.h"

#include <ATen/ops/cat.h>
#include <ATen/ops/constant_pad_nd.h>
#include <ATen/ops/conv3d.h>
#include <ATen/ops/div.h>
#include <ATen/ops/linalg_vector_norm.h>
#include <ATen/ops/linear.h>
#include <ATen/ops/mul.h>
#include <ATen/ops/silu.h>
#include <ATen/ops/upsample_nearest3d.h>
#include <ATen/ops/zeros.h>

#include <cmath>

#include "compat/torch_compat.h"

namespace ifedit::vae::detail {
namespace {

// The last `count` frames as a compact copy, so the chunk they came from can be freed.
at::Tensor lastFrames(const at::Tensor& x, int64_t count) {
  return x.narrow(2, x.size(2) - count, count).clone(at::MemoryFormat::Contiguous);
}

}  // namespace

CausalSlot& CausalCache::next() {
  if (cursor_ == slots_.size()) slots_.emplace_back();
  return slots_[cursor_++];
}

// --- CausalConv3d -------------------------------------------------------------------------------

CausalConv3d::CausalConv3d(int64_t inDim, int64_t outDim, int64_t kernelT, int64_t kernelS)
    : in_(inDim), out_(outDim), kernelT_(kernelT), kernelS_(kernelS) {}

void CausalConv3d::visit(const std::string& prefix, const ParamVisitor& visitor) {
  visitor(prefix + ".weight", {out_, in_, kernelT_, kernelS_, kernelS_}, weight_);
  visitor(prefix + ".bias", {out_}, bias_);
}

at::Tensor CausalConv3d::operator()(const at::Tensor& x) const {
  CausalSlot none;
  return (*this)(x, none);
}

at::Tensor CausalConv3d::operator()(at::Tensor x, CausalSlot& slot) const {
  const int64_t padS = kernelS_ / 2;
  const int64_t front = 2 * (kernelT_ / 2);
  if (front == 0) return at::conv3d(x, weight_, bias_, {1, 1, 1}, {0, padS, padS});

  const int64_t have = slot.frames.defined() ? slot.frames.size(2) : 0;
  std::vector<at::Tensor> parts;
  if (have < front)
    parts.push_back(at::zeros({x.size(0), x.size(1), front - have, x.size(3), x.size(4)}, x.options()));
  if (have > 0) parts.push_back(slot.frames);
  parts.push_back(x);
  const at::Tensor input = at::cat(parts, 2);
  // The history is the last `front` real frames seen so far (zeros are not history).
  slot.frames = lastFrames(input, std::min(front, have + x.size(2)));
  parts.clear();
  x.reset();
  return at::conv3d(input, weight_, bias_, {1, 1, 1}, {0, padS, padS});
}

// --- RmsNorm ------------------------------------------------------------------------------------

RmsNorm::RmsNorm(int64_t dim, bool images) : dim_(dim), images_(images) {}

void RmsNorm::visit(const std::string& prefix, const ParamVisitor& visitor) {
  if (images_)
    visitor(prefix + ".gamma", {dim_, 1, 1}, gamma_);
  else
    visitor(prefix + ".gamma", {dim_, 1, 1, 1}, gamma_);
}

at::Tensor RmsNorm::operator()(const at::Tensor& x) const {
  // F.normalize(x, dim=1): x / max(||x||_2, 1e-12); the blocks always see [B, C, T, H, W].
  const at::Tensor norm = at::linalg_vector_norm(x, 2, {1}, /*keepdim=*/true).clamp_min_(1e-12);
  const at::Tensor scale = at::mul(gamma_.view({dim_, 1, 1, 1}), std::sqrt(static_cast<double>(dim_)));
  return at::div(x, norm).mul_(scale);
}

// --- ResidualBlock ------------------------------------------------------------------------------

ResidualBlock::ResidualBlock(int64_t inDim, int64_t outDim)
    : norm1_(inDim, false), norm2_(outDim, false), conv1_(inDim, outDim, 3, 3), conv2_(outDim, outDim, 3, 3) {
  if (inDim != outDim) shortcut_ = std::make_unique<CausalConv3d>(inDim, outDim, 1, 1);
}

void ResidualBlock::visit(const std::string& prefix, const ParamVisitor& visitor) {
  // nn.Sequential slots 1 and 4 are SiLU, 5 is Dropout: no weights.
  norm1_.visit(prefix + ".residual.0", visitor);
  conv1_.visit(prefix + ".residual.2", visitor);
  norm2_.visit(prefix + ".residual.3", visitor);
  conv2_.visit(prefix + ".residual.6", visitor);
  if (shortcut_) shortcut_->visit(prefix + ".shortcut", visitor);
}

at::Tensor ResidualBlock::forward(const at::Tensor& x, CausalCache& cache) const {
  const at::Tensor identity = shortcut_ ? (*shortcut_)(x) : x;
  at::Tensor y = norm1_(x);
  at::silu_(y);
  y = conv1_(std::move(y), cache.next());
  y = norm2_(y);
  at::silu_(y);
  y = conv2_(std::move(y), cache.next());
  return y.add_(identity);
}

// --- AttentionBlock -----------------------------------------------------------------------------

AttentionBlock::AttentionBlock(int64_t dim) : dim_(dim), norm_(dim, true) {}

void AttentionBlock::visit(const std::string& prefix, const ParamVisitor& visitor) {
  norm_.visit(prefix + ".norm", visitor);
  visitor(prefix + ".to_qkv.weight", {3 * dim_, dim_, 1, 1}, qkvWeight_);
  visitor(prefix + ".to_qkv.bias", {3 * dim_}, qkvBias_);
  visitor(prefix + ".proj.weight", {dim_, dim_, 1, 1}, projWeight_);
  visitor(prefix + ".proj.bias", {dim_}, projBias_);
}

at::Tensor AttentionBlock::forward(const at::Tensor& x, CausalCache&) const {
  const int64_t b = x.size(0), c = x.size(1), t = x.size(2), h = x.size(3), w = x.size(4);
  // Tokens of each frame: [B*T, H*W, C]; the 1x1 convs are linears over C.
  const at::Tensor tokens = norm_(x).permute({0, 2, 3, 4, 1}).reshape({b * t, h * w, c});
  const at::Tensor qkv = at::linear(tokens, qkvWeight_.view({3 * c, c}), qkvBias_);
  const at::Tensor q = qkv.narrow(2, 0, c).unsqueeze(1);
  const at::Tensor k = qkv.narrow(2, c, c).unsqueeze(1);
  const at::Tensor v = qkv.narrow(2, 2 * c, c).unsqueeze(1);
  const at::Tensor attended =
      compat::scaledDotProductAttention(q, k, v, 1.0 / std::sqrt(static_cast<double>(c))).squeeze(1);
  const at::Tensor out = at::linear(attended, projWeight_.view({c, c}), projBias_);
  return out.view({b, t, h, w, c}).permute({0, 4, 1, 2, 3}).add(x);
}

// --- Resample -----------------------------------------------------------------------------------

Resample::Resample(int64_t dim, ResampleMode mode) : dim_(dim), mode_(mode) {
  if (mode == ResampleMode::Upsample3d) timeUp_ = std::make_unique<CausalConv3d>(dim, 2 * dim, 3, 1);
}

void Resample::visit(const std::string& prefix, const ParamVisitor& visitor) {
  const bool up = mode_ == ResampleMode::Upsample2d || mode_ == ResampleMode::Upsample3d;
  // resample.0 is the Upsample / ZeroPad2d: no weights. Upsampling halves the channels.
  const int64_t outDim = up ? dim_ / 2 : dim_;
  visitor(prefix + ".resample.1.weight", {outDim, dim_, 3, 3}, weight_);
  visitor(prefix + ".resample.1.bias", {outDim}, bias_);
  if (mode_ == ResampleMode::Downsample3d) {
    visitor(prefix + ".time_conv.weight", {dim_, dim_, 3, 1, 1}, timeWeight_);
    visitor(prefix + ".time_conv.bias", {dim_}, timeBias_);
  }
  if (timeUp_) timeUp_->visit(prefix + ".time_conv", visitor);
}

at::Tensor Resample::spatial(const at::Tensor& x) const {
  // The per-frame Conv2d as a Conv3d with a 1-frame kernel: no (b t) reshuffling of the video.
  const at::Tensor kernel = weight_.unsqueeze(2);
  if (mode_ == ResampleMode::Upsample2d || mode_ == ResampleMode::Upsample3d) {
    // 'nearest-exact' at an exact x2 picks source pixel i/2, the same as 'nearest'.
    const at::Tensor up = at::upsample_nearest3d(x, {x.size(2), 2 * x.size(3), 2 * x.size(4)});
    return at::conv3d(up, kernel, bias_, {1, 1, 1}, {0, 1, 1});
  }
  // ZeroPad2d((0, 1, 0, 1)): one zero column on the right, one zero row at the bottom.
  const at::Tensor padded = at::constant_pad_nd(x, {0, 1, 0, 1});
  return at::conv3d(padded, kernel, bias_, {1, 2, 2}, {0, 0, 0});
}

// Encoder downsample3d: the first chunk passes through unchanged; later chunks are convolved
// (k3, stride 2, no padding) together with the previous chunk's last frame.
at::Tensor Resample::downsampleTime(const at::Tensor& x, CausalSlot& slot) const {
  if (!slot.frames.defined()) {
    slot.frames = lastFrames(x, 1);
    return x;
  }
  const at::Tensor input = at::cat({slot.frames, x}, 2);
  slot.frames = lastFrames(x, 1);
  return at::conv3d(input, timeWeight_, timeBias_, {2, 1, 1});
}

// Decoder upsample3d: the first chunk (latent frame 0) skips time_conv and is not history; later
// chunks go through a causal time_conv whose history starts from zeros, and its 2C output
// channels become two frames (channels [0, C) first, [C, 2C) second).
at::Tensor Resample::upsampleTime(const at::Tensor& x, CausalSlot& slot) const {
  if (!slot.started) {
    slot.started = true;
    return x;
  }
  const int64_t b = x.size(0), c = x.size(1), t = x.size(2), h = x.size(3), w = x.size(4);
  const at::Tensor doubled = (*timeUp_)(x, slot);
  return doubled.view({b, 2, c, t, h, w}).permute({0, 2, 3, 1, 4, 5}).reshape({b, c, 2 * t, h, w});
}

at::Tensor Resample::forward(const at::Tensor& x, CausalCache& cache) const {
  switch (mode_) {
    case ResampleMode::Upsample3d: return spatial(upsampleTime(x, cache.next()));
    case ResampleMode::Downsample3d: return downsampleTime(spatial(x), cache.next());
    case ResampleMode::Upsample2d:
    case ResampleMode::Downsample2d: break;
  }
  return spatial(x);
}

// --- Head / Sequence ----------------------------------------------------------------------------

Head::Head(int64_t inDim, int64_t outDim) : norm_(inDim, false), conv_(inDim, outDim, 3, 3) {}

void Head::visit(const std::string& prefix, const ParamVisitor& visitor) {
  norm_.visit(prefix + ".0", visitor);  // slot 1 is SiLU
  conv_.visit(prefix + ".2", visitor);
}

at::Tensor Head::forward(const at::Tensor& x, CausalCache& cache) const {
  at::Tensor y = norm_(x);
  at::silu_(y);
  return conv_(std::move(y), cache.next());
}

void Sequence::visit(const std::string& prefix, const ParamVisitor& visitor) {
  for (size_t i = 0; i < layers_.size(); ++i) layers_[i]->visit(prefix + "." + std::to_string(i), visitor);
}

at::Tensor Sequence::forward(at::Tensor x, CausalCache& cache) const {
  for (const auto& layer : layers_) x = layer->forward(x, cache);
  return x;
}

}  // namespace ifedit::vae::detail
