#include "io/dtype.h"

#include <array>
#include <utility>

namespace ifedit::io {
namespace {

struct DTypeRow {
  DType type;
  std::string_view name;
  std::size_t size;
};

constexpr std::array<DTypeRow, 12> kTable{{
    {DType::F64, "F64", 8},
    {DType::F32, "F32", 4},
    {DType::F16, "F16", 2},
    {DType::BF16, "BF16", 2},
    {DType::F8_E4M3, "F8_E4M3", 1},
    {DType::F8_E5M2, "F8_E5M2", 1},
    {DType::I64, "I64", 8},
    {DType::I32, "I32", 4},
    {DType::I16, "I16", 2},
    {DType::I8, "I8", 1},
    {DType::U8, "U8", 1},
    {DType::BOOL, "BOOL", 1},
}};

}  // namespace

std::string_view dtypeName(DType t) {
  for (const auto& r : kTable)
    if (r.type == t) return r.name;
  return "?";
}

std::optional<DType> dtypeFromName(std::string_view name) {
  for (const auto& r : kTable)
    if (r.name == name) return r.type;
  return std::nullopt;
}

std::size_t dtypeSize(DType t) {
  for (const auto& r : kTable)
    if (r.type == t) return r.size;
  return 0;
}

}  // namespace ifedit::io
