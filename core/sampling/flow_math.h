#pragma once
// Scalar helpers shared by the multistep solvers. The official schedulers do this arithmetic on
// 0-dim float32 tensors, so it is done in float here too.
#include <cmath>

namespace ifedit::sampling::detail {

// Flow matching: x_t = (1 - sigma) x0 + sigma noise, so alpha = 1 - sigma.
inline float alphaOf(float sigma) { return 1.0f - sigma; }

// lambda = log(alpha) - log(sigma); +inf at sigma 0, -inf at sigma 1 (IEEE arithmetic relied on).
inline float lambdaOf(float sigma) { return std::log(alphaOf(sigma)) - std::log(sigma); }

}  // namespace ifedit::sampling::detail
