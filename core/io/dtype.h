#pragma once
// Element types found in checkpoint files, independent of torch (safetensors' names).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ifedit::io {

enum class DType { F64, F32, F16, BF16, F8_E4M3, F8_E5M2, I64, I32, I16, I8, U8, BOOL };

std::string_view dtypeName(DType t);                          // "F32", "BF16", ...
std::optional<DType> dtypeFromName(std::string_view name);    // safetensors spelling
std::size_t dtypeSize(DType t);                               // bytes per element

}  // namespace ifedit::io
