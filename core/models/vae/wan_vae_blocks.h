#pragma once
// Building blocks of the Wan 2.1 causal video VAE (wan/modules/vae2_1.py), internal to
// core/models/vae. Every block works on [B, C, T, H, W] tensors, one temporal chunk at a time,
// and keeps what it needs from earlier chunks in a CausalCache owned by the caller, so one model
// can run several encodes/decodes at once and no run keeps more than two frames per conv.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ifedit::vae::detail {

// Visits every parameter under its official key: once to list the expected shapes, once to load.
using ParamVisitor =
    std::function<void(const std::string& name, const std::vector<int64_t>& shape, at::Tensor& slot)>;

// What one causal layer remembers between the chunks of a run.
struct CausalSlot {
  at::Tensor frames;     // trailing input frames kept as temporal history (undefined: none yet)
  bool started = false;  // upsample3d: the first chunk has gone through
};

// Per-run state of every causal layer of one stack (encoder or decoder). The layers take their
// slots in the same order on every chunk, so slot i always belongs to the same layer (the role
// of feat_cache / feat_idx in the official code).
class CausalCache {
 public:
  void beginChunk() { cursor_ = 0; }
  CausalSlot& next();

 private:
  std::vector<CausalSlot> slots_;
  size_t cursor_ = 0;
};

// nn.Conv3d with the official causal padding: spatial padding k_s/2 on both sides, temporal
// padding 2*(k_t/2) in front only (manifest note "CausalConv3d pads 2*p zero frames in front only").
class CausalConv3d {
 public:
  CausalConv3d(int64_t inDim, int64_t outDim, int64_t kernelT, int64_t kernelS);
  void visit(const std::string& prefix, const ParamVisitor& visitor);
  // The whole input at once, zero frames in front.
  at::Tensor operator()(const at::Tensor& x) const;
  // One chunk of a stream: the slot's history stands in for (some of) the zero frames, and the
  // last 2p input frames become the history of the next chunk. Takes x by value so a caller that
  // moves it in frees the chunk before the convolution runs.
  at::Tensor operator()(at::Tensor x, CausalSlot& slot) const;

 private:
  int64_t in_, out_, kernelT_, kernelS_;
  at::Tensor weight_, bias_;
};

// RMS_norm: F.normalize over channels (eps 1e-12) * sqrt(C) * gamma.
class RmsNorm {
 public:
  // gammaShape: [C,1,1,1] for the video norms, [C,1,1] for AttentionBlock's image norm.
  RmsNorm(int64_t dim, bool images);
  void visit(const std::string& prefix, const ParamVisitor& visitor);
  at::Tensor operator()(const at::Tensor& x) const;

 private:
  int64_t dim_;
  bool images_;
  at::Tensor gamma_;
};

// One entry of encoder.downsamples / decoder.upsamples / *.middle.
class Layer {
 public:
  virtual ~Layer() = default;
  virtual void visit(const std::string& prefix, const ParamVisitor& visitor) = 0;
  virtual at::Tensor forward(const at::Tensor& x, CausalCache& cache) const = 0;
};

// residual = RMS, SiLU, conv3, RMS, SiLU, (dropout), conv3; shortcut = 1x1x1 conv when dims differ.
class ResidualBlock final : public Layer {
 public:
  ResidualBlock(int64_t inDim, int64_t outDim);
  void visit(const std::string& prefix, const ParamVisitor& visitor) override;
  at::Tensor forward(const at::Tensor& x, CausalCache& cache) const override;

 private:
  RmsNorm norm1_, norm2_;
  CausalConv3d conv1_, conv2_;
  std::unique_ptr<CausalConv3d> shortcut_;
};

// Single-head self-attention within each frame, scale 1/sqrt(C) (manifest note "AttentionBlock").
class AttentionBlock final : public Layer {
 public:
  explicit AttentionBlock(int64_t dim);
  void visit(const std::string& prefix, const ParamVisitor& visitor) override;
  at::Tensor forward(const at::Tensor& x, CausalCache& cache) const override;

 private:
  int64_t dim_;
  RmsNorm norm_;
  at::Tensor qkvWeight_, qkvBias_, projWeight_, projBias_;
};

enum class ResampleMode { Upsample2d, Upsample3d, Downsample2d, Downsample3d };

// Spatial x2 resampling per frame, plus the temporal x2 of the 3d modes (manifest note "VAE
// chunking ... EXCEPT downsample3d / upsample3d").
class Resample final : public Layer {
 public:
  Resample(int64_t dim, ResampleMode mode);
  void visit(const std::string& prefix, const ParamVisitor& visitor) override;
  at::Tensor forward(const at::Tensor& x, CausalCache& cache) const override;

 private:
  at::Tensor spatial(const at::Tensor& x) const;
  at::Tensor downsampleTime(const at::Tensor& x, CausalSlot& slot) const;
  at::Tensor upsampleTime(const at::Tensor& x, CausalSlot& slot) const;

  int64_t dim_;
  ResampleMode mode_;
  at::Tensor weight_, bias_;              // resample.1: Conv2d 3x3
  at::Tensor timeWeight_, timeBias_;      // downsample3d: k(3,1,1) stride 2, no padding
  std::unique_ptr<CausalConv3d> timeUp_;  // upsample3d: causal k(3,1,1), C -> 2C
};

// RMS, SiLU, causal conv3: the head of both stacks.
class Head {
 public:
  Head(int64_t inDim, int64_t outDim);
  void visit(const std::string& prefix, const ParamVisitor& visitor);
  at::Tensor forward(const at::Tensor& x, CausalCache& cache) const;

 private:
  RmsNorm norm_;
  CausalConv3d conv_;
};

// A numbered nn.Sequential of layers ("<prefix>.<i>.").
class Sequence {
 public:
  void add(std::unique_ptr<Layer> layer) { layers_.push_back(std::move(layer)); }
  void visit(const std::string& prefix, const ParamVisitor& visitor);
  at::Tensor forward(at::Tensor x, CausalCache& cache) const;

 private:
  std::vector<std::unique_ptr<Layer>> layers_;
};

}  // namespace ifedit::vae::detail
