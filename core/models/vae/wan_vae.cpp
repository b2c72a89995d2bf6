#include "models/vae/wan_vae.h"

#include <ATen/ops/div.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/reciprocal.h>
#include <ATen/ops/sub.h>
#include <ATen/ops/tensor.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "io/io_error.h"
#include "models/vae/wan_vae_blocks.h"

namespace ifedit::vae {

using detail::AttentionBlock;
using detail::CausalCache;
using detail::CausalConv3d;
using detail::Head;
using detail::ParamVisitor;
using detail::Resample;
using detail::ResampleMode;
using detail::ResidualBlock;
using detail::Sequence;

namespace {

std::string shapeText(const at::Tensor& t) {
  std::ostringstream s;
  s << '[';
  for (int64_t i = 0; i < t.dim(); ++i) s << (i ? ", " : "") << t.size(i);
  s << ']';
  return s.str();
}

bool hasScale(const std::vector<double>& scales, double scale) {
  return std::find(scales.begin(), scales.end(), scale) != scales.end();
}

void checkVideo(const at::Tensor& video, int64_t spatialStride) {
  const std::string where = "WanVae::encode: ";
  if (!video.defined()) throw std::invalid_argument(where + "no video given");
  if (video.dim() != 4)
    throw std::invalid_argument(where + "video must be [3, T, H, W]; got " + shapeText(video));
  if (video.size(0) != 3)
    throw std::invalid_argument(where + "video must have 3 colour channels in dim 0; got " +
                                std::to_string(video.size(0)) + " (shape " + shapeText(video) + ")");
  const int64_t t = video.size(1);
  if (t < 1 || (t - 1) % 4 != 0)
    throw std::invalid_argument(where + "frame count T must be 1 + 4n (1, 5, 9, ...); got " +
                                std::to_string(t));
  for (int d : {2, 3})
    if (video.size(d) < 1 || video.size(d) % spatialStride != 0)
      throw std::invalid_argument(where + (d == 2 ? "height" : "width") + " must be a positive multiple of " +
                                  std::to_string(spatialStride) + "; got " + std::to_string(video.size(d)));
  if (!at::isFloatingType(video.scalar_type()))
    throw std::invalid_argument(where + "video must be a floating-point tensor in [-1, 1]");
}

void checkLatent(const at::Tensor& latent, int64_t zDim) {
  const std::string where = "WanVae::decode: ";
  if (!latent.defined()) throw std::invalid_argument(where + "no latent given");
  if (latent.dim() != 4 || latent.size(0) != zDim || latent.size(1) < 1 || latent.size(2) < 1 ||
      latent.size(3) < 1)
    throw std::invalid_argument(where + "latent must be [" + std::to_string(zDim) + ", F, h, w]; got " +
                                shapeText(latent));
  if (!at::isFloatingType(latent.scalar_type()))
    throw std::invalid_argument(where + "latent must be a floating-point tensor");
}

at::Tensor perChannel(const std::array<float, 16>& values, const at::Tensor& like) {
  return at::tensor(at::ArrayRef<float>(values.data(), values.size()),
                    at::TensorOptions().dtype(at::kFloat).device(like.device()))
      .view({16, 1, 1, 1});
}

void checkNormalisable(const at::Tensor& t, const char* what) {
  if (!t.defined() || t.dim() != 4 || t.size(0) != 16)
    throw std::invalid_argument(std::string("WanVae::") + what + ": expected a latent [16, F, h, w]; got " +
                                (t.defined() ? shapeText(t) : std::string("nothing")));
}

}  // namespace

// --- Config -------------------------------------------------------------------------------------

WanVaeConfig WanVaeConfig::fromWeights(const io::WeightSource& weights) {
  WanVaeConfig config;
  const auto conv = weights.shapeOf("encoder.conv1.weight");
  if (!conv || conv->size() != 5 || (*conv)[1] != 3)
    throw io::IoError(weights.describe(),
                      "not a Wan 2.1 VAE: expected 'encoder.conv1.weight' of shape [dim, 3, 3, 3, 3]");
  const auto post = weights.shapeOf("conv2.weight");
  if (!post || post->size() != 5)
    throw io::IoError(weights.describe(),
                      "not a Wan 2.1 VAE: expected 'conv2.weight' of shape [z_dim, z_dim, 1, 1, 1]");
  config.dim = (*conv)[0];
  config.zDim = (*post)[0];
  config.validate();
  return config;
}

void WanVaeConfig::validate() const {
  auto fail = [](const std::string& what) { throw std::invalid_argument("WanVaeConfig: " + what); };
  if (dim < 1) fail("dim must be positive");
  // The latent statistics (and the DiT's 16 input channels) are those of z_dim 16.
  if (zDim != 16) fail("z_dim must be 16 (Wan 2.1 latent normalisation); got " + std::to_string(zDim));
  if (dimMult.empty()) fail("dim_mult is empty");
  for (auto m : dimMult)
    if (m < 1) fail("dim_mult entries must be positive");
  if (numResBlocks < 1) fail("num_res_blocks must be at least 1");
  if (temperalDownsample.size() + 1 != dimMult.size())
    fail("temperal_downsample needs one entry per resolution change (" + std::to_string(dimMult.size() - 1) +
         ")");
  // The official encode hardcodes chunks of 1, 4, 4, ... frames: a temporal stride of 4.
  if (std::count(temperalDownsample.begin(), temperalDownsample.end(), true) != 2)
    fail("exactly two temporal downsamples are supported (temporal stride 4)");
}

const std::array<float, 16>& wanVaeLatentMean() {
  static const std::array<float, 16> mean = {-0.7571f, -0.7089f, -0.9113f, 0.1075f, -0.1745f, 0.9653f,
                                             -0.1517f, 1.5508f,  0.4134f,  -0.0715f, 0.5517f,  -0.3632f,
                                             -0.1922f, -0.9497f, 0.2503f,  -0.2921f};
  return mean;
}

const std::array<float, 16>& wanVaeLatentStd() {
  static const std::array<float, 16> std = {2.8184f, 1.4541f, 2.3275f, 2.6558f, 1.2196f, 1.7708f,
                                            2.6052f, 2.0743f, 3.2687f, 2.1526f, 2.8652f, 1.5579f,
                                            1.6382f, 1.1253f, 2.8251f, 1.9160f};
  return std;
}

// --- The network --------------------------------------------------------------------------------

struct WanVae::Net {
  explicit Net(const WanVaeConfig& c);
  void visit(const ParamVisitor& visitor);
  at::Tensor encodeChunk(const at::Tensor& frames, CausalCache& cache) const;
  at::Tensor decodeChunk(const at::Tensor& frame, CausalCache& cache) const;

  static int64_t encoderOut(const WanVaeConfig& c) { return c.dim * c.dimMult.back(); }
  static int64_t decoderOut(const WanVaeConfig& c) { return c.dim * c.dimMult.front(); }

  // Encoder3d (z_dim * 2 outputs: mu and log_var), then conv1; conv2, then Decoder3d.
  CausalConv3d encConv1;
  Sequence encDown, encMiddle;
  Head encHead;
  CausalConv3d conv1, conv2;
  CausalConv3d decConv1;
  Sequence decMiddle, decUp;
  Head decHead;
};

WanVae::Net::Net(const WanVaeConfig& c)
    : encConv1(3, c.dim, 3, 3),
      encHead(encoderOut(c), 2 * c.zDim),
      conv1(2 * c.zDim, 2 * c.zDim, 1, 1),
      conv2(c.zDim, c.zDim, 1, 1),
      decConv1(c.zDim, c.dim * c.dimMult.back(), 3, 3),
      decHead(decoderOut(c), 3) {
  const size_t levels = c.dimMult.size();

  // Encoder: dims = dim * [1] + dim_mult; attention where the running scale is in attn_scales.
  std::vector<int64_t> enc{c.dim};
  for (auto m : c.dimMult) enc.push_back(c.dim * m);
  double scale = 1.0;
  for (size_t i = 0; i < levels; ++i) {
    int64_t in = enc[i];
    const int64_t out = enc[i + 1];
    for (int64_t r = 0; r < c.numResBlocks; ++r) {
      encDown.add(std::make_unique<ResidualBlock>(in, out));
      if (hasScale(c.attnScales, scale)) encDown.add(std::make_unique<AttentionBlock>(out));
      in = out;
    }
    if (i + 1 != levels) {
      encDown.add(std::make_unique<Resample>(
          out, c.temperalDownsample[i] ? ResampleMode::Downsample3d : ResampleMode::Downsample2d));
      scale /= 2.0;
    }
  }
  const int64_t bottom = enc.back();
  encMiddle.add(std::make_unique<ResidualBlock>(bottom, bottom));
  encMiddle.add(std::make_unique<AttentionBlock>(bottom));
  encMiddle.add(std::make_unique<ResidualBlock>(bottom, bottom));

  // Decoder: dims = dim * [dim_mult[-1]] + reversed dim_mult; temporal upsampling mirrors the
  // encoder's downsampling.
  std::vector<int64_t> dec{c.dim * c.dimMult.back()};
  for (auto it = c.dimMult.rbegin(); it != c.dimMult.rend(); ++it) dec.push_back(c.dim * *it);
  decMiddle.add(std::make_unique<ResidualBlock>(dec[0], dec[0]));
  decMiddle.add(std::make_unique<AttentionBlock>(dec[0]));
  decMiddle.add(std::make_unique<ResidualBlock>(dec[0], dec[0]));
  scale = 1.0 / static_cast<double>(int64_t{1} << (levels - 2));
  for (size_t i = 0; i < levels; ++i) {
    // Every level after the first starts from the preceding Resample's halved channels.
    int64_t in = i >= 1 ? dec[i] / 2 : dec[i];
    const int64_t out = dec[i + 1];
    for (int64_t r = 0; r < c.numResBlocks + 1; ++r) {
      decUp.add(std::make_unique<ResidualBlock>(in, out));
      if (hasScale(c.attnScales, scale)) decUp.add(std::make_unique<AttentionBlock>(out));
      in = out;
    }
    if (i + 1 != levels) {
      const bool temporal = c.temperalDownsample[levels - 2 - i];
      decUp.add(std::make_unique<Resample>(out, temporal ? ResampleMode::Upsample3d : ResampleMode::Upsample2d));
      scale *= 2.0;
    }
  }
}

void WanVae::Net::visit(const ParamVisitor& visitor) {
  encConv1.visit("encoder.conv1", visitor);
  encDown.visit("encoder.downsamples", visitor);
  encMiddle.visit("encoder.middle", visitor);
  encHead.visit("encoder.head", visitor);
  conv1.visit("conv1", visitor);
  conv2.visit("conv2", visitor);
  decConv1.visit("decoder.conv1", visitor);
  decMiddle.visit("decoder.middle", visitor);
  decUp.visit("decoder.upsamples", visitor);
  decHead.visit("decoder.head", visitor);
}

at::Tensor WanVae::Net::encodeChunk(const at::Tensor& frames, CausalCache& cache) const {
  cache.beginChunk();
  at::Tensor x = encConv1(frames, cache.next());
  x = encDown.forward(std::move(x), cache);
  x = encMiddle.forward(std::move(x), cache);
  return encHead.forward(x, cache);
}

at::Tensor WanVae::Net::decodeChunk(const at::Tensor& frame, CausalCache& cache) const {
  cache.beginChunk();
  at::Tensor x = decConv1(frame, cache.next());
  x = decMiddle.forward(std::move(x), cache);
  x = decUp.forward(std::move(x), cache);
  return decHead.forward(x, cache);
}

// --- WanVae -------------------------------------------------------------------------------------

WanVae::WanVae(WanVaeConfig config) : config_(std::move(config)) {
  config_.validate();
  net_ = std::make_unique<Net>(config_);
}

WanVae::~WanVae() = default;
WanVae::WanVae(WanVae&&) noexcept = default;
WanVae& WanVae::operator=(WanVae&&) noexcept = default;

std::vector<io::ParamSpec> WanVae::parameterSpecs() const {
  std::vector<io::ParamSpec> specs;
  Net shape(config_);  // structure only: no tensors are allocated
  shape.visit([&](const std::string& name, const std::vector<int64_t>& dims, at::Tensor&) {
    specs.push_back({name, dims});
  });
  return specs;
}

void WanVae::load(const io::WeightSource& weights, c10::ScalarType dtype, c10::Device device) {
  if (!at::isFloatingType(dtype)) throw std::invalid_argument("WanVae::load: dtype must be floating-point");
  io::verifyWeights(weights, parameterSpecs(),
                    "the Wan 2.1 VAE (dim " + std::to_string(config_.dim) + ", z_dim " +
                        std::to_string(config_.zDim) + ")");
  c10::InferenceMode guard;
  loaded_ = false;
  net_->visit([&](const std::string& name, const std::vector<int64_t>&, at::Tensor& slot) {
    slot = weights.load(name, dtype, device);
  });
  dtype_ = dtype;
  device_ = device;
  loaded_ = true;
}

void WanVae::requireLoaded(const char* what) const {
  if (!loaded_) throw std::logic_error(std::string("WanVae::") + what + ": no weights loaded (call load first)");
}

at::Tensor WanVae::normaliseLatent(const at::Tensor& mu) {
  checkNormalisable(mu, "normaliseLatent");
  c10::InferenceMode guard;
  const at::Tensor x = mu.to(at::kFloat);
  const at::Tensor invStd = at::reciprocal(perChannel(wanVaeLatentStd(), x));
  return at::sub(x, perChannel(wanVaeLatentMean(), x)).mul_(invStd);
}

at::Tensor WanVae::denormaliseLatent(const at::Tensor& z) {
  checkNormalisable(z, "denormaliseLatent");
  c10::InferenceMode guard;
  const at::Tensor x = z.to(at::kFloat);
  const at::Tensor invStd = at::reciprocal(perChannel(wanVaeLatentStd(), x));
  return at::div(x, invStd).add_(perChannel(wanVaeLatentMean(), x));
}

at::Tensor WanVae::encodeUnnormalised(const at::Tensor& video, const CancelToken* cancel) const {
  requireLoaded("encode");
  checkVideo(video, config_.spatialStride());
  c10::InferenceMode guard;
  const at::Tensor x = video.to(device_, dtype_).unsqueeze(0);
  const int64_t stride = config_.spatialStride();
  const int64_t chunks = latentFrames(x.size(2));
  at::Tensor mu = at::empty({config_.zDim, chunks, x.size(3) / stride, x.size(4) / stride},
                            at::TensorOptions().dtype(at::kFloat).device(device_));
  CausalCache cache;
  for (int64_t i = 0; i < chunks; ++i) {
    throwIfCancelled(cancel);
    // Official chunking: frame 0 alone, then 4 frames per chunk, each giving one latent frame.
    const at::Tensor frames = i == 0 ? x.narrow(2, 0, 1) : x.narrow(2, 1 + 4 * (i - 1), 4);
    const at::Tensor moments = net_->conv1(net_->encodeChunk(frames, cache));
    if (moments.size(2) != 1) throw std::logic_error("WanVae::encode: a chunk did not give one latent frame");
    mu.narrow(1, i, 1).copy_(moments[0].narrow(0, 0, config_.zDim));
  }
  return mu;
}

at::Tensor WanVae::encode(const at::Tensor& video, const CancelToken* cancel) const {
  return normaliseLatent(encodeUnnormalised(video, cancel));
}

void WanVae::decodeStreaming(const at::Tensor& latent, const FramesCallback& onFrames, const CancelToken* cancel,
                             bool clamp) const {
  requireLoaded("decode");
  checkLatent(latent, config_.zDim);
  c10::InferenceMode guard;
  const at::Tensor z = denormaliseLatent(latent.to(device_)).to(dtype_).unsqueeze(0);
  const at::Tensor x = net_->conv2(z);  // 1x1x1: per frame, so the whole latent at once
  CausalCache cache;
  int first = 0;
  for (int64_t i = 0; i < x.size(2); ++i) {
    throwIfCancelled(cancel);
    at::Tensor frames = net_->decodeChunk(x.narrow(2, i, 1), cache)[0].to(at::kFloat);
    if (clamp) frames = frames.clamp(-1.0, 1.0);
    if (onFrames) onFrames(first, frames);
    first += static_cast<int>(frames.size(1));
  }
}

at::Tensor WanVae::decodeUnclamped(const at::Tensor& latent, const CancelToken* cancel) const {
  requireLoaded("decode");
  checkLatent(latent, config_.zDim);
  c10::InferenceMode guard;
  const int64_t stride = config_.spatialStride();
  at::Tensor video = at::empty({3, pixelFrames(latent.size(1)), latent.size(2) * stride, latent.size(3) * stride},
                               at::TensorOptions().dtype(at::kFloat).device(device_));
  decodeStreaming(
      latent, [&](int first, const at::Tensor& frames) { video.narrow(1, first, frames.size(1)).copy_(frames); },
      cancel, /*clamp=*/false);
  return video;
}

at::Tensor WanVae::decode(const at::Tensor& latent, const CancelToken* cancel) const {
  c10::InferenceMode guard;
  return decodeUnclamped(latent, cancel).clamp_(-1.0, 1.0);
}

}  // namespace ifedit::vae
