#pragma once
// The UMT5-XXL text encoder of Wan (wan/modules/t5.py: T5Encoder with shared_pos=False, driven by
// T5EncoderModel.__call__). Weights are addressed by the official state_dict keys
// ("token_embedding.weight", "blocks.N.attn.q.weight", ...).
//
// Numerics (manifest notes "T5: ..."): no 1/sqrt(head_dim) in attention; T5LayerNorm
// x*rsqrt(mean(x^2)+1e-6)*w with the statistics in f32; FFN fc2(fc1(x) * gelu_tanh(gate(x)));
// every layer has its own relative-position bias table [num_buckets, num_heads]; padded keys are
// masked by filling the bias with the dtype's lowest finite value; softmax runs in f32.
//
// Precision: the fixtures are f32 on CPU. The official pipeline runs this model with bfloat16
// weights AND activations on CUDA (T5EncoderModel's default dtype=torch.bfloat16); load(..., kBFloat16,
// cuda) reproduces that: the norm statistics and the softmax are then computed in f32 and cast back,
// exactly where the official code does.
#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "io/weight_source.h"

namespace ifedit {
class CancelToken;
}

namespace ifedit::t5 {

struct Umt5Config {
  int64_t vocab = 256384;
  int64_t dim = 4096;
  int64_t dimAttn = 4096;  // num_heads * head_dim
  int64_t dimFfn = 10240;
  int64_t numHeads = 64;
  int64_t numLayers = 24;
  int64_t numBuckets = 32;
  int64_t maxDistance = 128;  // T5RelativeEmbedding's max_dist (fixed in the official code)
  double eps = 1e-6;          // T5LayerNorm

  // The real umt5-xxl encoder (wan/modules/t5.py: umt5_xxl).
  static Umt5Config umt5Xxl() { return {}; }

  // Reads every size from the weight shapes: vocab and dim from token_embedding.weight, dimAttn from
  // blocks.0.attn.q.weight, dimFfn from blocks.0.ffn.fc1.weight, the layer count from the
  // contiguous blocks.N.norm1.weight keys, and num_buckets x num_heads from the per-layer
  // blocks.0.pos_embedding.embedding.weight [num_buckets, num_heads] (umt5 has no shared table), so
  // the tiny fixture (4 heads) and the real model (64 heads) need no extra information.
  // Throws io::IoError (file = source.describe()) naming the first key that is missing or misshapen.
  static Umt5Config fromWeights(const io::WeightSource& source);

  int64_t headDim() const { return dimAttn / numHeads; }
  bool operator==(const Umt5Config&) const = default;
};

// Intermediates of one forward pass, filled when a trace is passed (for parity tests).
struct Umt5Trace {
  at::Tensor tokenEmbed;              // [B, L, dim]
  std::vector<at::Tensor> posBias;    // per layer [1, heads, L, L]
  std::vector<at::Tensor> blockOut;   // per layer [B, L, dim]
};

// Bucket of each relative position rel = k_pos - q_pos for the bidirectional encoder table
// (T5RelativeEmbedding._relative_position_bucket): half the buckets for rel > 0, |rel| < nb/4
// exact, then logarithmic up to maxDistance, capped at nb/2 - 1. int64 in, int64 out.
at::Tensor relativePositionBucket(const at::Tensor& relPos, int64_t numBuckets, int64_t maxDistance);

class Umt5Encoder {
 public:
  explicit Umt5Encoder(Umt5Config config);
  ~Umt5Encoder();
  Umt5Encoder(Umt5Encoder&&) noexcept;
  Umt5Encoder& operator=(Umt5Encoder&&) noexcept;

  const Umt5Config& config() const { return config_; }

  // Every parameter under its official key with the shape the config implies.
  std::vector<io::ParamSpec> parameterSpecs() const;

  // Checks the source against parameterSpecs() (io::verifyWeights: missing / unexpected /
  // misshapen keys are reported by name), then loads every weight converted to dtype on device.
  void load(const io::WeightSource& source, c10::ScalarType dtype = c10::kFloat,
            c10::Device device = c10::kCPU);
  bool isLoaded() const;
  c10::ScalarType dtype() const;
  c10::Device device() const;

  // T5Encoder.forward: ids [B, L] integer token ids, mask [B, L] (nonzero = real token) ->
  // [B, L, dim] for all positions (padded positions included), in the weight dtype.
  // The cancel token is checked before every block (throws ifedit::Cancelled): UMT5-XXL on a CPU
  // takes seconds per prompt.
  at::Tensor forward(const at::Tensor& ids, const at::Tensor& mask, Umt5Trace* trace = nullptr,
                     const CancelToken* cancel = nullptr) const;

  // T5EncoderModel.__call__: one [len_i, dim] context per sequence, len_i = number of nonzero mask
  // entries of row i (the tokenizer pads on the right).
  std::vector<at::Tensor> encode(const at::Tensor& ids, const at::Tensor& mask, const CancelToken* cancel = nullptr) const;

 private:
  struct Weights;
  Umt5Config config_;
  std::unique_ptr<Weights> weights_;
};

}  // namespace ifedit::t5
