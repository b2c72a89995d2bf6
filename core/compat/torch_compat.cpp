#include "compat/torch_compat.h"

#include <ATen/ops/matmul.h>
#include <ATen/ops/mul.h>
#include <ATen/ops/softmax.h>
#include <ATen/ops/where.h>
#include <ATen/ops/full.h>
#if IFEDIT_TORCH_AT_LEAST(2, 0)
#include <ATen/ops/scaled_dot_product_attention.h>
#endif

#include <limits>

namespace ifedit::compat {

at::Tensor scaledDotProductAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                                     double scale, const at::Tensor& key_mask) {
  at::Tensor mask;
  if (key_mask.defined()) mask = key_mask.view({key_mask.size(0), 1, 1, key_mask.size(1)});
#if IFEDIT_TORCH_AT_LEAST(2, 1)
  return at::scaled_dot_product_attention(q, k, v, mask, 0.0, false, scale);
#else
  auto scores = at::mul(at::matmul(q, k.transpose(-2, -1)), scale);
  if (mask.defined()) {
    auto neg = at::full({}, -std::numeric_limits<float>::infinity(), scores.options());
    scores = at::where(mask, scores, neg);
  }
  return at::matmul(at::softmax(scores, -1), v);
#endif
}

}  // namespace ifedit::compat
