#include "io/zip_archive.h"

#include <array>
#include <cstring>
#include <unordered_set>

#include "io/io_error.h"

namespace ifedit::io::zip {
namespace {

constexpr uint32_t kLocalHeaderSig = 0x04034b50;
constexpr uint32_t kCentralHeaderSig = 0x02014b50;
constexpr uint32_t kEndOfCentralDirSig = 0x06054b50;
constexpr uint32_t kZip64EndSig = 0x06064b50;
constexpr uint32_t kZip64LocatorSig = 0x07064b50;
constexpr std::size_t kEndOfCentralDirSize = 22;
constexpr std::size_t kZip64LocatorSize = 20;
constexpr std::size_t kZip64EndSize = 56;
constexpr std::size_t kCentralHeaderSize = 46;
constexpr std::size_t kLocalHeaderSize = 30;

uint16_t le16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint32_t le32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
         (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}
uint64_t le64(const uint8_t* p) { return le32(p) | (static_cast<uint64_t>(le32(p + 4)) << 32); }

std::string methodName(uint16_t method) {
  switch (method) {
    case 8: return "deflate";
    case 9: return "deflate64";
    case 12: return "bzip2";
    case 14: return "lzma";
    case 93: return "zstd";
    default: return "method " + std::to_string(method);
  }
}

// True when [offset, offset + length) lies inside [0, limit).
bool inside(uint64_t offset, uint64_t length, uint64_t limit) {
  return offset <= limit && length <= limit - offset;
}

}  // namespace

uint32_t crc32(std::span<const uint8_t> bytes, uint32_t crc) {
  static const auto table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  crc = ~crc;
  for (uint8_t b : bytes) crc = table[(crc ^ b) & 0xff] ^ (crc >> 8);
  return ~crc;
}

std::shared_ptr<const ZipArchive> ZipArchive::open(const std::string& path) {
  return std::make_shared<const ZipArchive>(MappedFile::open(path));
}

ZipArchive::ZipArchive(std::shared_ptr<MappedFile> file) : file_(std::move(file)) { parse(); }

void ZipArchive::fail(const std::string& problem) const { throw IoError(path(), problem); }

const ZipEntry* ZipArchive::find(std::string_view name) const {
  for (const auto& e : entries_)
    if (e.name == name) return &e;
  return nullptr;
}

void ZipArchive::parse() {
  const uint8_t* data = file_->data();
  const uint64_t size = file_->size();
  if (size < kEndOfCentralDirSize)
    fail("not a zip archive: " + std::to_string(size) + " bytes is too short (cut short? an incomplete download?)");

  // 1. The end-of-central-directory record: the last signature whose comment reaches the end.
  uint64_t eocd = UINT64_MAX;
  const uint64_t lowest = size > kEndOfCentralDirSize + 0xffff ? size - kEndOfCentralDirSize - 0xffff : 0;
  for (uint64_t pos = size - kEndOfCentralDirSize + 1; pos-- > lowest;) {
    if (le32(data + pos) == kEndOfCentralDirSig &&
        pos + kEndOfCentralDirSize + le16(data + pos + 20) == size) {
      eocd = pos;
      break;
    }
  }
  if (eocd == UINT64_MAX)
    fail("no end-of-central-directory record: the file is cut short (an incomplete download?) or not a zip "
         "archive");

  const uint8_t* e = data + eocd;
  uint64_t diskNumber = le16(e + 4), cdDisk = le16(e + 6);
  uint64_t entriesOnDisk = le16(e + 8), entryCount = le16(e + 10);
  uint64_t cdSize = le32(e + 12), cdOffset = le32(e + 16);
  uint64_t cdLimit = eocd;  // the central directory ends before this

  // 2. ZIP64: a locator right before the record points at the 64-bit end record.
  if (eocd >= kZip64LocatorSize && le32(data + eocd - kZip64LocatorSize) == kZip64LocatorSig) {
    const uint8_t* loc = data + eocd - kZip64LocatorSize;
    const uint64_t z64 = le64(loc + 8);
    if (!inside(z64, kZip64EndSize, eocd - kZip64LocatorSize) || le32(data + z64) != kZip64EndSig)
      fail("corrupt ZIP64 end-of-central-directory locator (points at offset " + std::to_string(z64) +
           ")");
    const uint8_t* z = data + z64;
    diskNumber = le32(z + 16);
    cdDisk = le32(z + 20);
    entriesOnDisk = le64(z + 24);
    entryCount = le64(z + 32);
    cdSize = le64(z + 40);
    cdOffset = le64(z + 48);
    cdLimit = z64;
  } else if (entryCount == 0xffff || cdSize == 0xffffffff || cdOffset == 0xffffffff) {
    fail("corrupt zip: the end record asks for ZIP64 but there is no ZIP64 locator");
  }
  if (diskNumber != 0 || cdDisk != 0 || entriesOnDisk != entryCount)
    fail("multi-part (spanned) zip archives are not supported");
  if (!inside(cdOffset, cdSize, cdLimit))
    fail("corrupt zip: central directory (offset " + std::to_string(cdOffset) + ", " +
         std::to_string(cdSize) + " bytes) lies outside the file");
  if (entryCount > cdSize / kCentralHeaderSize)
    fail("corrupt zip: " + std::to_string(entryCount) + " entries cannot fit in a central directory of " +
         std::to_string(cdSize) + " bytes");

  // 3. The central directory.
  entries_.reserve(entryCount);
  std::unordered_set<std::string> seen;
  uint64_t pos = cdOffset;
  const uint64_t cdEnd = cdOffset + cdSize;
  for (uint64_t i = 0; i < entryCount; ++i) {
    const std::string where = "central directory entry " + std::to_string(i);
    if (!inside(pos, kCentralHeaderSize, cdEnd) || le32(data + pos) != kCentralHeaderSig)
      fail("corrupt zip: " + where + " at offset " + std::to_string(pos) + " has no valid header");
    const uint8_t* h = data + pos;
    ZipEntry entry;
    entry.flags = le16(h + 8);
    entry.method = le16(h + 10);
    entry.crc32 = le32(h + 16);
    entry.compressedSize = le32(h + 20);
    entry.uncompressedSize = le32(h + 24);
    const uint16_t nameLen = le16(h + 28), extraLen = le16(h + 30), commentLen = le16(h + 32);
    uint64_t diskStart = le16(h + 34);
    entry.localHeaderOffset = le32(h + 42);
    const uint64_t varLen = uint64_t{nameLen} + extraLen + commentLen;
    if (!inside(pos + kCentralHeaderSize, varLen, cdEnd))
      fail("corrupt zip: " + where + " runs past the end of the central directory");
    entry.name.assign(reinterpret_cast<const char*>(h + kCentralHeaderSize), nameLen);

    // ZIP64 extra field: 64-bit values for exactly the fields that hold their all-ones marker.
    const uint8_t* extra = h + kCentralHeaderSize + nameLen;
    for (uint32_t x = 0; x + 4 <= extraLen;) {
      const uint16_t id = le16(extra + x), len = le16(extra + x + 2);
      if (x + 4 + len > extraLen) fail("corrupt zip: bad extra field in entry '" + entry.name + "'");
      if (id == 0x0001) {
        const uint8_t* f = extra + x + 4;
        uint32_t used = 0;
        auto take64 = [&](uint64_t& v) {
          if (used + 8 > len) fail("corrupt zip: short ZIP64 extra field in entry '" + entry.name + "'");
          v = le64(f + used);
          used += 8;
        };
        if (entry.uncompressedSize == 0xffffffff) take64(entry.uncompressedSize);
        if (entry.compressedSize == 0xffffffff) take64(entry.compressedSize);
        if (entry.localHeaderOffset == 0xffffffff) take64(entry.localHeaderOffset);
        if (diskStart == 0xffff) {
          if (used + 4 > len) fail("corrupt zip: short ZIP64 extra field in entry '" + entry.name + "'");
          diskStart = le32(f + used);
        }
      }
      x += 4u + len;
    }
    if (diskStart != 0) fail("multi-part (spanned) zip archives are not supported");
    if (!seen.insert(entry.name).second) fail("corrupt zip: duplicate entry '" + entry.name + "'");

    // The local header: its name and extra lengths place the data (its sizes may be zero when a
    // data descriptor follows, so the central directory's sizes are the ones used).
    const uint64_t lh = entry.localHeaderOffset;
    if (!inside(lh, kLocalHeaderSize, cdOffset) || le32(data + lh) != kLocalHeaderSig)
      fail("corrupt zip: entry '" + entry.name + "' points at offset " + std::to_string(lh) +
           ", where there is no local header (file size " + std::to_string(size) + ")");
    const uint16_t localName = le16(data + lh + 26), localExtra = le16(data + lh + 28);
    if (localName != nameLen ||
        !inside(lh + kLocalHeaderSize, localName, cdOffset) ||
        std::memcmp(data + lh + kLocalHeaderSize, entry.name.data(), nameLen) != 0)
      fail("corrupt zip: the local header of entry '" + entry.name + "' names a different file");
    entry.dataOffset = lh + kLocalHeaderSize + localName + localExtra;
    if (!inside(entry.dataOffset, entry.compressedSize, cdOffset))
      fail("corrupt zip: the data of entry '" + entry.name + "' (" + std::to_string(entry.compressedSize) +
           " bytes at offset " + std::to_string(entry.dataOffset) +
           ") runs past the records area, which ends at offset " + std::to_string(cdOffset));

    entries_.push_back(std::move(entry));
    pos += kCentralHeaderSize + varLen;
  }
  if (pos != cdEnd)
    fail("corrupt zip: central directory holds " + std::to_string(cdEnd - pos) +
         " bytes after its last entry");
}

std::span<const uint8_t> ZipArchive::storedBytes(const ZipEntry& entry, bool verifyCrc) const {
  if (entry.flags & 0x1) fail("record '" + entry.name + "' is encrypted");
  if (entry.method != 0)
    fail("record '" + entry.name + "' is compressed (" + methodName(entry.method) +
         "); only uncompressed (stored) records can be read, as torch.save writes them");
  if (entry.compressedSize != entry.uncompressedSize)
    fail("corrupt zip: stored record '" + entry.name + "' has compressed size " +
         std::to_string(entry.compressedSize) + " != size " + std::to_string(entry.uncompressedSize));
  std::span<const uint8_t> bytes(file_->data() + entry.dataOffset, entry.compressedSize);
  if (verifyCrc && crc32(bytes) != entry.crc32)
    fail("record '" + entry.name + "' fails its CRC-32 check (corrupt file)");
  return bytes;
}

}  // namespace ifedit::io::zip
