#pragma once
// Classifier-free guidance as Wan's generate loop applies it (manifest note "I2V loop").
#include <ATen/core/Tensor.h>

namespace ifedit::sampling {

// True when a guidance scale needs the unconditional (negative prompt) pass at all. At 1.0 the
// guided prediction is the conditional one, so callers skip the second DiT call (Lightning: CFG 1).
bool needsUncond(double scale);

// uncond + scale * (cond - uncond). With scale 1.0 returns `cond` itself and `uncond` may be
// undefined; otherwise both must be defined and of one shape (std::invalid_argument if not).
at::Tensor guide(const at::Tensor& cond, const at::Tensor& uncond, double scale);

}  // namespace ifedit::sampling
