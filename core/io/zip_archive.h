#pragma once
// A minimal read-only zip reader for torch.save archives: it parses the end-of-central-directory
// record (ZIP64 included), the central directory and each record's local header, and serves the
// bytes of STORED (uncompressed) records straight from the memory-mapped file. Compressed or
// encrypted records are listed but refused when read: torch.save never compresses its records.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/mapped_file.h"

namespace ifedit::io::zip {

struct ZipEntry {
  std::string name;
  uint16_t flags = 0;
  uint16_t method = 0;  // 0 = stored, 8 = deflate, ...
  uint32_t crc32 = 0;
  uint64_t compressedSize = 0;
  uint64_t uncompressedSize = 0;
  uint64_t localHeaderOffset = 0;
  uint64_t dataOffset = 0;  // first byte of the record's data in the file (after the local header)
};

class ZipArchive {
 public:
  // Maps the file and parses its directory; throws IoError naming the file and the problem
  // (no end-of-central-directory record, entries outside the file, duplicate names, ...).
  static std::shared_ptr<const ZipArchive> open(const std::string& path);
  // Parses an already mapped file.
  explicit ZipArchive(std::shared_ptr<MappedFile> file);

  const std::string& path() const { return file_->path(); }
  const std::shared_ptr<MappedFile>& file() const { return file_; }
  const std::vector<ZipEntry>& entries() const { return entries_; }
  const ZipEntry* find(std::string_view name) const;

  // The data of a STORED record, in place in the mapping. Throws IoError for a compressed or
  // encrypted record. verifyCrc: also check the CRC-32 (meant for small records like data.pkl).
  std::span<const uint8_t> storedBytes(const ZipEntry& entry, bool verifyCrc = false) const;

 private:
  void parse();
  [[noreturn]] void fail(const std::string& problem) const;

  std::shared_ptr<MappedFile> file_;
  std::vector<ZipEntry> entries_;
};

// Standard CRC-32 (zip, IEEE 802.3), exposed for tests that build archives.
uint32_t crc32(std::span<const uint8_t> bytes, uint32_t crc = 0);

}  // namespace ifedit::io::zip
