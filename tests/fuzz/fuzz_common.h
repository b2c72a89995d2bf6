#pragma once
// Shared by the harnesses: the input as a file (the parsers take paths, as users give them), and
// the rule every parser must keep: a clean error (IoError / std::runtime_error with a message) or
// a result. Any other exception is a finding: the harness aborts so that libFuzzer keeps the input.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <unistd.h>

#include "io/io_error.h"

namespace ifedit::fuzz {

// A private folder for this process, in memory when /dev/shm exists.
inline const std::filesystem::path& scratchDir() {
  static const std::filesystem::path dir = [] {
    const std::filesystem::path base = std::filesystem::exists("/dev/shm") ? "/dev/shm" : "/tmp";
    auto d = base / ("ifedit-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    std::atexit([] { std::error_code ec; std::filesystem::remove_all(scratchDir(), ec); });
    return d;
  }();
  return dir;
}

inline std::string writeInput(const std::string& name, const uint8_t* data, size_t size) {
  const auto path = (scratchDir() / name).string();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

template <typename F>
void expectCleanError(F&& f) {
  try {
    f();
  } catch (const io::IoError& e) {
    if (e.problem().empty()) { std::fprintf(stderr, "IoError without a message\n"); std::abort(); }
  } catch (const std::runtime_error& e) {
    if (!*e.what()) { std::fprintf(stderr, "runtime_error without a message\n"); std::abort(); }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "not a clean error (expected IoError or runtime_error): %s\n", e.what());
    std::abort();
  }
}

}  // namespace ifedit::fuzz
