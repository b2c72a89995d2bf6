#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace ifedit::io {

// A whole file mapped copy-on-write (MAP_PRIVATE, read + write): tensors can wrap its pages without
// a copy and may even be modified in place without touching the file. Shared by every tensor that
// views it, so the mapping lives as long as the last of them.
class MappedFile {
 public:
  static std::shared_ptr<MappedFile> open(const std::string& path);  // throws IoError
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const std::string& path() const { return path_; }
  uint8_t* data() const { return data_; }
  uint64_t size() const { return size_; }
  // Gives the whole pages inside [bytes, bytes + length) back to the kernel (MADV_DONTNEED): the
  // next read maps them from the file again. Only for ranges no live tensor aliases.
  void release(const uint8_t* bytes, uint64_t length) const;

 private:
  MappedFile(std::string path, uint8_t* data, uint64_t size)
      : path_(std::move(path)), data_(data), size_(size) {}
  std::string path_;
  uint8_t* data_ = nullptr;
  uint64_t size_ = 0;
};

}  // namespace ifedit::io
