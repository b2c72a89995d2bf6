#include "io/tensor_source.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "compat/torch_compat.h"
#include "io/safetensors.h"
#include "io/torch_zip.h"

namespace ifedit::io {

const TensorInfo* TensorSource::find(const std::string& name) const {
  for (const auto& t : tensors())
    if (t.name == name) return &t;
  return nullptr;
}

std::optional<c10::ScalarType> toScalarType(DType t) {
  switch (t) {
    case DType::F64: return c10::ScalarType::Double;
    case DType::F32: return c10::ScalarType::Float;
    case DType::F16: return c10::ScalarType::Half;
    case DType::BF16: return c10::ScalarType::BFloat16;
    case DType::I64: return c10::ScalarType::Long;
    case DType::I32: return c10::ScalarType::Int;
    case DType::I16: return c10::ScalarType::Short;
    case DType::I8: return c10::ScalarType::Char;
    case DType::U8: return c10::ScalarType::Byte;
    case DType::BOOL: return c10::ScalarType::Bool;
#if IFEDIT_HAS_FLOAT8
    case DType::F8_E4M3: return c10::ScalarType::Float8_e4m3fn;
    case DType::F8_E5M2: return c10::ScalarType::Float8_e5m2;
#else
    case DType::F8_E4M3:
    case DType::F8_E5M2: return std::nullopt;
#endif
  }
  return std::nullopt;
}

std::unique_ptr<TensorSource> openTensorFile(const std::string& path) {
  // Opening a pipe waits for a writer forever; a device never ends: only regular files are read.
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
    throw IoError(path, "not a regular file (a folder, pipe or device); expected a checkpoint file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path, "cannot open (missing or unreadable)");
  unsigned char head[16] = {};
  in.read(reinterpret_cast<char*>(head), sizeof head);
  const auto got = static_cast<size_t>(in.gcount());
  if (got == 0) throw IoError(path, "empty file (expected safetensors, an index.json or a torch zip)");

  if (got >= 4 && std::memcmp(head, "PK\x03\x04", 4) == 0) return openTorchZip(path);
  if (head[0] == '{') return openShardedSafetensors(path);
  if (head[0] == 0x80 && got >= 2 && head[1] <= 5)
    throw IoError(path,
                  "legacy torch.save format (before torch 1.6) is not supported; re-save it with "
                  "torch.save(state_dict, path) from torch >= 1.6 or convert it to safetensors");
  if (got >= 9 && head[8] == '{') return openSafetensors(path);
  throw IoError(path,
                "unrecognised file: not safetensors (8-byte header length + JSON), not a "
                "*.safetensors.index.json and not a torch zip archive");
}

}  // namespace ifedit::io
