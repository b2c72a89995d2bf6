#pragma once
// Whole files as byte strings, for the tests that build or damage binary files (tests/io,
// tests/torchzip).
#include <fstream>
#include <iterator>
#include <string>

namespace ifedit::testfiles {

// The file's bytes; empty when it cannot be read.
inline std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Replaces the file's content with `bytes`.
inline void writeAll(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace ifedit::testfiles
