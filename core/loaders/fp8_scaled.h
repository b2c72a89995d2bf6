#pragma once
// ComfyUI "fp8_scaled" checkpoints (wan2.2_*_fp8_scaled.safetensors, umt5_xxl_fp8_e4m3fn_scaled):
// Linear weights stored as float8 (F8_E4M3) with one float32 `<layer>.scale_weight` each, plus a
// `scaled_fp8` marker tensor; the true weight is W = W_fp8 * scale_weight (DESIGN.md §2).
// Text-encoder files also carry `<layer>.scale_input` (activation scaling for fp8 matmuls, which
// this engine does not do: it dequantises the weights). Newer ComfyUI files spell the scale
// `<layer>.weight_scale` and describe the format in a `<layer>.comfy_quant` JSON byte tensor.
#include <memory>

#include "io/weight_source.h"

namespace ifedit::loaders {

// Whether `source` (names after any prefix strip) holds scaled-fp8 bookkeeping: the marker, or any
// per-layer weight scale.
bool isFp8Scaled(const io::WeightSource& source);

// A WeightSource that hides the marker and every scale / comfy_quant key and returns each scaled
// weight as (W_stored widened to float32) * scale, then converted to the requested dtype; weights
// without a scale pass through (F8 data is widened by the io layer). The scale is a scalar or one
// value per output row. Throws IoError at construction for a scale without its weight, a
// comfy_quant format other than float8_e4m3fn / float8_e5m2, or a misshapen scale.
std::unique_ptr<io::WeightSource> fp8ScaledWeights(std::unique_ptr<io::WeightSource> inner);

}  // namespace ifedit::loaders
