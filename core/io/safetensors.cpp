#include "io/safetensors.h"

#include <ATen/ops/empty.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <unordered_map>

#include "io/mapped_file.h"
#include "io/raw_tensor.h"

namespace ifedit::io {
namespace {

using json = nlohmann::json;
constexpr uint64_t kMaxHeaderBytes = 100ull << 20;  // the format's own limit

std::string byteCount(uint64_t n) {
  char text[48];
  if (n >= 1000000000ull) std::snprintf(text, sizeof text, "%.2f GB", static_cast<double>(n) / 1e9);
  else if (n >= 1000000ull) std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(n) / 1e6);
  else std::snprintf(text, sizeof text, "%llu bytes", static_cast<unsigned long long>(n));
  return text;
}

struct StoredTensor {
  TensorInfo info;
  uint64_t begin = 0;  // offset inside the data area
};

class SafetensorsFile final : public TensorSource {
 public:
  explicit SafetensorsFile(const std::string& path) : path_(path), file_(MappedFile::open(path)) { parse(); }

  const std::string& path() const override { return path_; }
  std::string format() const override { return "safetensors"; }
  const std::vector<TensorInfo>& tensors() const override { return infos_; }
  std::vector<std::pair<std::string, std::string>> metadata() const override { return metadata_; }

  at::Tensor load(const std::string& name, std::optional<c10::ScalarType> dtype,
                  c10::Device device) const override {
    auto it = index_.find(name);
    if (it == index_.end()) throw IoError(path_, "no tensor named '" + name + "'");
    const auto& s = stored_[it->second];
    const uint8_t* bytes = file_->data() + dataStart_ + s.begin;
    auto t = tensorFromBytes(file_, bytes, s.info.dtype, s.info.shape, {}, dtype, device);
    // A converted (or device) copy no longer needs the mapped pages: drop them, so loading a
    // checkpoint into another dtype does not keep the file resident beside the converted model.
    // Safe because safetensors ranges never overlap (checked in parse()).
    if (!t.is_cpu() || t.data_ptr() < static_cast<void*>(file_->data()) ||
        t.data_ptr() >= static_cast<void*>(file_->data() + file_->size()))
      file_->release(bytes, s.info.byteSize);
    return t;
  }

 private:
  [[noreturn]] void fail(const std::string& problem) const { throw IoError(path_, problem); }

  void parse() {
    const uint64_t size = file_->size();
    if (size < 8) fail("truncated: " + std::to_string(size) + " bytes, the 8-byte header length is missing");
    uint64_t headerLen = 0;
    for (int i = 7; i >= 0; --i) headerLen = (headerLen << 8) | file_->data()[i];
    if (headerLen == 0) fail("header length is 0");
    if (headerLen > kMaxHeaderBytes) fail("header length " + std::to_string(headerLen) + " exceeds the 100 MB limit");
    if (headerLen > size - 8)
      fail("header length " + std::to_string(headerLen) + " runs past the end of the file (" +
           std::to_string(size) + " bytes): the file is cut short (an incomplete download?) or not safetensors");
    dataStart_ = 8 + headerLen;
    const uint64_t dataSize = size - dataStart_;

    const char* begin = reinterpret_cast<const char*>(file_->data() + 8);
    std::set<std::string> seen;
    std::string duplicate;
    json header;
    try {
      header = json::parse(begin, begin + headerLen, [&](int depth, json::parse_event_t event, json& parsed) {
        if (depth == 1 && event == json::parse_event_t::key) {
          auto key = parsed.get<std::string>();
          if (!seen.insert(key).second && duplicate.empty()) duplicate = key;
        }
        return true;
      });
    } catch (const json::exception& e) {  // parse_error, and out_of_range for a number past double
      fail(std::string("header is not valid UTF-8 JSON: ") + e.what());
    }
    if (!duplicate.empty()) fail("duplicate tensor name '" + duplicate + "' in the header");
    if (!header.is_object()) fail("header is not a JSON object");
    // A download cut short keeps its whole header: say so before naming the first tensor it lost.
    uint64_t dataEnd = 0;
    for (const auto& [name, entry] : header.items()) {
      if (name == "__metadata__" || !entry.is_object() || !entry.contains("data_offsets")) continue;
      const auto& o = entry["data_offsets"];
      if (o.is_array() && o.size() == 2 && o[1].is_number_unsigned()) dataEnd = std::max(dataEnd, o[1].get<uint64_t>());
    }
    if (dataEnd > dataSize)
      fail("the file is cut short (an incomplete download?): its header places tensors up to " +
           byteCount(dataStart_ + dataEnd) + ", the file holds " + byteCount(size) +
           " (tensor data would run past the data area)");

    for (auto& [name, entry] : header.items()) {
      if (name == "__metadata__") {
        if (!entry.is_object()) fail("__metadata__ is not an object of strings");
        for (auto& [k, v] : entry.items()) {
          if (!v.is_string()) fail("__metadata__ value of '" + k + "' is not a string");
          metadata_.emplace_back(k, v.get<std::string>());
        }
        continue;
      }
      stored_.push_back(parseEntry(name, entry, dataSize));
    }
    // Offsets must tile without overlap (gaps are tolerated, as the reference reader does not use them).
    // Zero-size tensors (e.g. the `scaled_fp8` marker of ComfyUI fp8 files) occupy no bytes.
    std::vector<const StoredTensor*> byOffset;
    for (const auto& s : stored_)
      if (s.info.byteSize > 0) byOffset.push_back(&s);
    std::sort(byOffset.begin(), byOffset.end(), [](auto* a, auto* b) { return a->begin < b->begin; });
    const StoredTensor* furthest = nullptr;
    for (const auto* s : byOffset) {
      if (furthest && s->begin < furthest->begin + furthest->info.byteSize)
        fail("tensors '" + furthest->info.name + "' and '" + s->info.name + "' overlap in the data area");
      if (!furthest || s->begin + s->info.byteSize > furthest->begin + furthest->info.byteSize) furthest = s;
    }
    std::sort(stored_.begin(), stored_.end(), [](const auto& a, const auto& b) { return a.begin < b.begin; });
    for (size_t i = 0; i < stored_.size(); ++i) {
      infos_.push_back(stored_[i].info);
      index_[stored_[i].info.name] = i;
    }
  }

  StoredTensor parseEntry(const std::string& name, const json& entry, uint64_t dataSize) const {
    const std::string where = "tensor '" + name + "': ";
    if (!entry.is_object()) fail(where + "entry is not an object");
    if (!entry.contains("dtype") || !entry["dtype"].is_string()) fail(where + "missing string field 'dtype'");
    if (!entry.contains("shape") || !entry["shape"].is_array()) fail(where + "missing array field 'shape'");
    if (!entry.contains("data_offsets") || !entry["data_offsets"].is_array() || entry["data_offsets"].size() != 2)
      fail(where + "'data_offsets' must be an array [begin, end]");
    StoredTensor s;
    s.info.name = name;
    const auto dtypeName = entry["dtype"].get<std::string>();
    auto dtype = dtypeFromName(dtypeName);
    if (!dtype)
      fail(where + "unknown dtype '" + dtypeName + "' (expected F64, F32, F16, BF16, F8_E4M3, F8_E5M2, I64, I32, I16, I8, U8 or BOOL)");
    s.info.dtype = *dtype;
    uint64_t numel = 1;
    // The product of the non-zero dimensions bounds the contiguous strides: it must fit in int64
    // even when a zero dimension leaves the tensor empty.
    uint64_t span = 1;
    constexpr auto kMaxDim = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    for (const auto& d : entry["shape"]) {
      if (!d.is_number_unsigned()) fail(where + "shape entries must be non-negative integers");
      const auto dim = d.get<uint64_t>();
      if (dim > kMaxDim || (dim != 0 && span > kMaxDim / dim)) fail(where + "shape is too large");
      numel *= dim;
      span *= std::max<uint64_t>(dim, 1);
      s.info.shape.push_back(static_cast<int64_t>(dim));
    }
    for (const auto& o : entry["data_offsets"])
      if (!o.is_number_unsigned()) fail(where + "data_offsets must be non-negative integers");
    const auto b = entry["data_offsets"][0].get<uint64_t>();
    const auto e = entry["data_offsets"][1].get<uint64_t>();
    if (e < b) fail(where + "data_offsets end " + std::to_string(e) + " < begin " + std::to_string(b));
    if (e > dataSize)
      fail(where + "data_offsets [" + std::to_string(b) + ", " + std::to_string(e) + "] run past the data area (" +
           std::to_string(dataSize) + " bytes)");
    const auto elem = dtypeSize(*dtype);
    if (numel > std::numeric_limits<uint64_t>::max() / elem) fail(where + "shape is too large");
    if (numel * elem != e - b)
      fail(where + "byte range is " + std::to_string(e - b) + " bytes but shape x " + std::string(dtypeName) +
           " needs " + std::to_string(numel * elem));
    s.begin = b;
    s.info.byteSize = e - b;
    return s;
  }

  std::string path_;
  std::shared_ptr<MappedFile> file_;
  uint64_t dataStart_ = 0;
  std::vector<StoredTensor> stored_;
  std::vector<TensorInfo> infos_;
  std::unordered_map<std::string, size_t> index_;
  std::vector<std::pair<std::string, std::string>> metadata_;
};

class ShardedSafetensors final : public TensorSource {
 public:
  explicit ShardedSafetensors(const std::string& indexPath) : path_(indexPath) {
    std::ifstream in(indexPath, std::ios::binary);
    if (!in) throw IoError(indexPath, "cannot open index");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    json index;
    try {
      index = json::parse(text);
    } catch (const json::exception& e) {  // parse_error, and out_of_range for a number past double
      throw IoError(indexPath, std::string("index is not valid JSON: ") + e.what());
    }
    if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object())
      throw IoError(indexPath, "index has no 'weight_map' object (expected a *.safetensors.index.json)");
    const auto dir = std::filesystem::path(indexPath).parent_path();
    std::unordered_map<std::string, size_t> shardOf;
    for (auto& [name, file] : index["weight_map"].items()) {
      if (!file.is_string()) throw IoError(indexPath, "weight_map entry '" + name + "' is not a file name");
      const auto shardName = file.get<std::string>();
      if (shardName.find('/') != std::string::npos || shardName.find("..") != std::string::npos)
        throw IoError(indexPath, "weight_map entry '" + name + "' names a file outside the folder: " + shardName);
      if (!shardOf.count(shardName)) {
        shardOf[shardName] = shards_.size();
        shards_.push_back(openSafetensors((dir / shardName).string()));
      }
      const auto& shard = *shards_[shardOf[shardName]];
      const auto* info = shard.find(name);
      if (!info) throw IoError(shard.path(), "tensor '" + name + "' listed in " + indexPath + " is not in this shard");
      where_[name] = shardOf[shardName];
      infos_.push_back(*info);
    }
  }

  const std::string& path() const override { return path_; }
  std::string format() const override { return "safetensors-sharded"; }
  const std::vector<TensorInfo>& tensors() const override { return infos_; }
  size_t shardCount() const { return shards_.size(); }

  at::Tensor load(const std::string& name, std::optional<c10::ScalarType> dtype,
                  c10::Device device) const override {
    auto it = where_.find(name);
    if (it == where_.end()) throw IoError(path_, "no tensor named '" + name + "'");
    return shards_[it->second]->load(name, dtype, device);
  }

 private:
  std::string path_;
  std::vector<std::unique_ptr<TensorSource>> shards_;
  std::unordered_map<std::string, size_t> where_;
  std::vector<TensorInfo> infos_;
};

std::string safetensorsDtype(c10::ScalarType t) {
  switch (t) {
    case c10::ScalarType::Double: return "F64";
    case c10::ScalarType::Float: return "F32";
    case c10::ScalarType::Half: return "F16";
    case c10::ScalarType::BFloat16: return "BF16";
    case c10::ScalarType::Long: return "I64";
    case c10::ScalarType::Int: return "I32";
    case c10::ScalarType::Short: return "I16";
    case c10::ScalarType::Char: return "I8";
    case c10::ScalarType::Byte: return "U8";
    case c10::ScalarType::Bool: return "BOOL";
    default: return {};
  }
}

}  // namespace

std::unique_ptr<TensorSource> openSafetensors(const std::string& path) {
  return std::make_unique<SafetensorsFile>(path);
}

std::unique_ptr<TensorSource> openShardedSafetensors(const std::string& indexPath) {
  return std::make_unique<ShardedSafetensors>(indexPath);
}

void writeSafetensors(const std::string& path, const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata) {
  json header = json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::vector<at::Tensor> blobs;
  uint64_t offset = 0;
  for (const auto& [name, tensor] : tensors) {
    auto t = tensor.to(c10::kCPU).contiguous();
    const auto dtype = safetensorsDtype(t.scalar_type());
    if (dtype.empty()) throw IoError(path, "tensor '" + name + "' has a dtype safetensors cannot store");
    const uint64_t bytes = t.numel() * t.element_size();
    header[name] = {{"dtype", dtype}, {"shape", t.sizes().vec()}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
    blobs.push_back(t);
  }
  std::string text = header.dump();
  while ((8 + text.size()) % 8 != 0) text.push_back(' ');  // keeps the data area 8-byte aligned
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw IoError(tmp, "cannot create");
    uint64_t len = text.size();
    unsigned char lenBytes[8];
    for (int i = 0; i < 8; ++i) lenBytes[i] = static_cast<unsigned char>(len >> (8 * i));
    out.write(reinterpret_cast<const char*>(lenBytes), 8);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    for (const auto& t : blobs)
      out.write(static_cast<const char*>(t.data_ptr()), static_cast<std::streamsize>(t.numel() * t.element_size()));
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      throw IoError(tmp, "write failed (disk full?)");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    throw IoError(path, "cannot rename the temporary file into place: " + ec.message());
  }
}

}  // namespace ifedit::io
