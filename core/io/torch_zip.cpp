#include "io/torch_zip.h"

#include <bit>
#include <cstring>
#include <unordered_map>

#include "io/mapped_file.h"
#include "io/pickle_reader.h"
#include "io/raw_tensor.h"
#include "io/zip_archive.h"

namespace ifedit::io {
namespace {

static_assert(std::endian::native == std::endian::little,
              "torch.save storages are little-endian; a big-endian host would need byte swapping");

using pickle::Value;

struct StoredTensor {
  std::shared_ptr<const pickle::TensorRef> ref;
  const uint8_t* storage = nullptr;  // first byte of the storage record in the mapping
};

class TorchZipSource final : public TensorSource {
 public:
  explicit TorchZipSource(std::shared_ptr<const zip::ZipArchive> archive) : archive_(std::move(archive)) {
    read();
  }

  const std::string& path() const override { return archive_->path(); }
  std::string format() const override { return "torch-zip"; }
  const std::vector<TensorInfo>& tensors() const override { return infos_; }

  at::Tensor load(const std::string& name, std::optional<c10::ScalarType> dtype,
                  c10::Device device) const override {
    auto it = index_.find(name);
    if (it == index_.end()) throw IoError(path(), "no tensor named '" + name + "'");
    const auto& info = infos_[it->second];
    const auto& stored = stored_[it->second];
    const auto& ref = *stored.ref;
    const uint8_t* first = stored.storage + static_cast<uint64_t>(ref.storageOffset) * dtypeSize(info.dtype);
    try {
      return tensorFromBytes(archive_->file(), first, info.dtype, ref.size, ref.stride, dtype, device);
    } catch (const IoError&) {
      throw;
    } catch (const std::exception& e) {  // e.g. no memory for a huge stride-0 view's copy
      throw IoError(path(), "tensor '" + name + "': " + firstLine(e.what()));
    }
  }

 private:
  [[noreturn]] void fail(const std::string& problem) const { throw IoError(path(), problem); }

  void read() {
    // 1. The pickle: the one record named <archive>/data.pkl.
    const zip::ZipEntry* pkl = nullptr;
    for (const auto& e : archive_->entries()) {
      const auto slash = e.name.find('/');
      if (slash == std::string::npos || slash == 0 || e.name.compare(slash, std::string::npos, "/data.pkl") != 0)
        continue;
      if (pkl) fail("two pickles ('" + pkl->name + "' and '" + e.name + "'): not a single torch.save archive");
      pkl = &e;
    }
    if (!pkl) fail("zip archive without an '<archive>/data.pkl' record: not written by torch.save");
    prefix_ = pkl->name.substr(0, pkl->name.size() - std::strlen("data.pkl"));

    if (const auto* order = archive_->find(prefix_ + "byteorder")) {
      const auto b = archive_->storedBytes(*order, true);
      if (std::string_view(reinterpret_cast<const char*>(b.data()), b.size()) != "little")
        fail("storages are stored big-endian ('" + order->name + "'); only little-endian files are supported");
    }

    const auto pickleBytes = archive_->storedBytes(*pkl, /*verifyCrc=*/true);
    const auto root = pickle::unpickle(pickleBytes, path(), pkl->name);
    if (root->kind != Value::Kind::Dict)
      fail(pkl->name + ": the pickled object is a " + pickle::kindName(root->kind) +
           ", expected a state dict (a dict of tensors)");

    // 2. The tensors, nested dicts flattened with '.' (e.g. {"model": {...}} -> "model.<key>").
    visitBudget_ = pickleBytes.size();
    collect(*root, "", true);
    if (infos_.empty()) fail(pkl->name + ": the state dict holds no tensors");
  }

  void collect(const Value& dict, const std::string& prefix, bool topLevel) {
    size_t i = 0;
    for (const auto& [key, value] : dict.entries) {
      // Each real entry costs at least one pickle opcode; more visits mean shared sub-dicts that
      // would multiply the names (hostile input).
      if (visitBudget_-- == 0) fail("the state dict repeats shared sub-dicts too often");
      ++i;
      if (key->kind != Value::Kind::String) {
        if (topLevel)
          fail("state dict key #" + std::to_string(i) + " is a " + pickle::kindName(key->kind) +
               ", expected a string");
        continue;  // e.g. optimizer state indexed by ints: not a named tensor
      }
      const std::string name = prefix + key->text;
      if (value->kind == Value::Kind::Tensor)
        add(name, value->tensor);
      else if (value->kind == Value::Kind::Dict)
        collect(*value, name + ".", false);
      // Other leaves (numbers, strings, None) are bookkeeping such as "epoch": no tensor to list.
    }
  }

  void add(const std::string& name, const std::shared_ptr<const pickle::TensorRef>& ref) {
    if (index_.count(name)) fail("duplicate tensor name '" + name + "' in the state dict");
    const auto& s = *ref->storage;
    const std::string what = "tensor '" + name + "'";
    const std::string recordName = prefix_ + "data/" + s.key;
    const auto* record = archive_->find(recordName);
    if (!record) fail(what + ": its storage record '" + recordName + "' is missing");
    const auto bytes = archive_->storedBytes(*record);

    const uint64_t elem = dtypeSize(s.dtype);
    const auto storageNumel = static_cast<uint64_t>(s.numel);
    if (storageNumel > bytes.size() / elem || storageNumel * elem != bytes.size())
      fail(what + ": storage '" + s.key + "' declares " + std::to_string(s.numel) + " elements of " +
           std::string(dtypeName(s.dtype)) + " but its record '" + recordName + "' holds " +
           std::to_string(bytes.size()) + " bytes");

    // Every element the view can address must lie inside the storage (computed without overflow).
    using Wide = unsigned __int128;
    if (ref->storageOffset < 0) fail(what + ": negative storage offset");
    Wide bytesNeeded = elem, last = static_cast<uint64_t>(ref->storageOffset);
    bool empty = false;
    for (size_t d = 0; d < ref->size.size(); ++d) {
      const int64_t n = ref->size[d], st = ref->stride[d];
      if (n < 0 || st < 0)
        fail(what + ": negative size or stride in dimension " + std::to_string(d));
      empty = empty || n == 0;
      if (n > 0) last += Wide{static_cast<uint64_t>(n - 1)} * static_cast<uint64_t>(st);
      if (last > Wide{UINT64_MAX}) last = Wide{UINT64_MAX};  // already out of any storage
      // Stride-0 views can describe far more elements than stored; their size must stay countable.
      bytesNeeded *= static_cast<uint64_t>(n);
      if (bytesNeeded > Wide{INT64_MAX}) fail(what + ": size " + shapeText(ref->size) + " is too large");
    }
    if (empty ? Wide{static_cast<uint64_t>(ref->storageOffset)} > storageNumel : last >= storageNumel)
      fail(what + " (offset " + std::to_string(ref->storageOffset) + ", size " + shapeText(ref->size) +
           ", stride " + shapeText(ref->stride) + ") needs more elements than its storage '" + s.key +
           "' holds (" + std::to_string(s.numel) + ")");

    TensorInfo info;
    info.name = name;
    info.dtype = s.dtype;
    info.shape = ref->size;
    info.byteSize = static_cast<uint64_t>(info.numel()) * elem;
    index_.emplace(name, infos_.size());
    infos_.push_back(std::move(info));
    stored_.push_back({ref, bytes.data()});
  }

  static std::string firstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

  static std::string shapeText(const std::vector<int64_t>& v) {
    std::string s = "(";
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
    return s + ")";
  }

  std::shared_ptr<const zip::ZipArchive> archive_;
  std::string prefix_;  // "<archive>/"
  std::vector<TensorInfo> infos_;
  std::vector<StoredTensor> stored_;
  std::unordered_map<std::string, size_t> index_;
  uint64_t visitBudget_ = 0;
};

}  // namespace

std::unique_ptr<TensorSource> openTorchZip(const std::string& path) {
  auto file = MappedFile::open(path);
  const uint8_t* d = file->data();
  const uint64_t n = file->size();
  if (n >= 4 && std::memcmp(d, "PK\x03\x04", 4) != 0) {
    // Before torch 1.6, torch.save wrote a bare pickle stream (PROTO opcode first) or a tar file.
    const bool pickleStream = d[0] == 0x80 && d[1] <= 5;
    const bool tar = n >= 262 && std::memcmp(d + 257, "ustar", 5) == 0;
    if (pickleStream || tar)
      throw IoError(path,
                    "this is the legacy torch.save format (PyTorch before 1.6, not a zip archive) and "
                    "is not supported; re-save it with torch.save(torch.load(old), new) in PyTorch >= "
                    "1.6, or convert it to safetensors");
    throw IoError(path, "not a torch zip archive: expected the zip signature 'PK\\x03\\x04' at byte 0");
  }
  return std::make_unique<TorchZipSource>(std::make_shared<const zip::ZipArchive>(std::move(file)));
}

}  // namespace ifedit::io
