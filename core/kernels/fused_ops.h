#pragma once
// The fused element-wise pieces of the Wan DiT, dispatched to a CUDA kernel (kernels/*.cu) for
// CUDA tensors when this build has the kernels and a CUDA libtorch, else computed by the plain
// torch composition in `reference` (identical semantics: the kernels round where torch rounds; the
// reductions differ only by summation order). No CUDA header here.
#include <ATen/core/Tensor.h>
#include <c10/core/ScalarType.h>

#include <string>
#include <vector>

namespace ifedit::kernels {

enum class FusedOp { Rope, LayerNormModulate, GatedResidual, RmsNorm };

std::vector<FusedOp> allFusedOps();
std::string fusedOpName(FusedOp op);  // "rope", "lnmod", "residual", "rmsnorm"

// Whether the CUDA kernels were compiled in AND can be launched (a CUDA libtorch gives the stream).
bool cudaKernelsAvailable();

// How many fused CUDA kernels this process has launched (tests check that the kernel ran).
int64_t fusedKernelLaunches();

// Per-op switch (all on by default; the benchmark turns off those that lose against torch). The
// environment variable IFEDIT_FUSED_OPS sets the start value: "all", "none" or a comma-separated
// list of op names. Thread-safe.
void setFusedOpEnabled(FusedOp op, bool enabled);
bool fusedOpEnabled(FusedOp op);

// LN(x) * (1 + scale) + shift, LN over the last dim without affine in float32 (WanLayerNorm), the
// modulation in float32, then cast to outDtype. shift/scale: float32, x's rank, last dim = x's,
// each either one row for all tokens ([1, 1, D]) or one per token ([1, L, D], any row stride).
at::Tensor layerNormModulate(const at::Tensor& x, const at::Tensor& shift, const at::Tensor& scale,
                             double eps, c10::ScalarType outDtype);

// x + y * gate in float32 (x, gate float32; gate broadcast like the modulation rows above).
at::Tensor gatedResidual(const at::Tensor& x, const at::Tensor& y, const at::Tensor& gate);

// WanRMSNorm over the whole last dim: (x.float() * rsqrt(mean(x^2) + eps)).to(x dtype) * weight.
at::Tensor rmsNorm(const at::Tensor& x, const at::Tensor& weight, double eps);

// Rotates the adjacent channel pairs of x [B, L, heads, headDim] by the angles whose cos/sin are
// given as [L, 1, headDim/2] or [L, headDim/2] float32 tables; float32 arithmetic, result in
// outDtype.
at::Tensor rope(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin,
                c10::ScalarType outDtype);

// The plain torch compositions (what the dispatcher falls back to; tests and the benchmark
// compare against them).
namespace reference {
at::Tensor layerNormModulate(const at::Tensor& x, const at::Tensor& shift, const at::Tensor& scale,
                             double eps, c10::ScalarType outDtype);
at::Tensor gatedResidual(const at::Tensor& x, const at::Tensor& y, const at::Tensor& gate);
at::Tensor rmsNorm(const at::Tensor& x, const at::Tensor& weight, double eps);
at::Tensor rope(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin,
                c10::ScalarType outDtype);
}  // namespace reference

}  // namespace ifedit::kernels
