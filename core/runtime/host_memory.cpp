#include "runtime/host_memory.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace fs = std::filesystem;

namespace ifedit::runtime {
namespace {

std::string readSmallFile(const fs::path& path) {
  std::ifstream in(path);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::optional<int64_t> parseCount(const std::string& text) {
  std::istringstream in(text);
  long long value = 0;
  if (!(in >> value) || value < 0) return std::nullopt;
  return static_cast<int64_t>(value);
}

// The value of `key` in "key value" lines (memory.stat) or "Key:  value kB" lines (meminfo).
std::optional<int64_t> field(const std::string& text, const std::string& key) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(key, 0) != 0 || line.size() == key.size()) continue;
    const char next = line[key.size()];
    if (next != ' ' && next != ':' && next != '\t') continue;
    return parseCount(line.substr(key.size() + (next == ':' ? 1 : 0)));
  }
  return std::nullopt;
}

// The directories of this process's memory cgroup, from its own up to the hierarchy's root, with
// whether they are cgroup v2.
std::vector<std::pair<fs::path, bool>> memoryCgroupDirs() {
  std::vector<std::pair<fs::path, bool>> out;
  std::istringstream lines(readSmallFile("/proc/self/cgroup"));
  std::string line;
  while (std::getline(lines, line)) {
    const auto first = line.find(':'), second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = line.substr(first + 1, second - first - 1);
    const std::string path = line.substr(second + 1);
    bool v2 = false;
    fs::path root;
    if (line.compare(0, first, "0") == 0 && controllers.empty()) {
      v2 = true, root = "/sys/fs/cgroup";
    } else if (("," + controllers + ",").find(",memory,") != std::string::npos) {
      root = "/sys/fs/cgroup/memory";
    } else {
      continue;
    }
    // Inside a container the hierarchy is often mounted at the container's own cgroup, so the
    // path may not exist below the root: its ancestors and the root still hold the limit.
    fs::path dir = root;
    if (const auto below = fs::path(path).relative_path(); !below.empty()) dir /= below;
    for (;; dir = dir.parent_path()) {
      std::error_code ec;
      if (fs::is_directory(dir, ec)) out.emplace_back(dir, v2);
      if (dir == root || !dir.has_relative_path() || dir.parent_path() == dir) break;
    }
  }
  return out;
}

}  // namespace

std::optional<HostMemoryInfo> parseMeminfo(const std::string& meminfo) {
  const auto available = field(meminfo, "MemAvailable"), total = field(meminfo, "MemTotal");
  if (!available || !total) return std::nullopt;
  return HostMemoryInfo{*available * 1024, *total * 1024};
}

std::optional<int64_t> cgroupRoom(const std::string& limit, const std::string& usage, const std::string& stat,
                                  bool v1) {
  const auto max = parseCount(limit), used = parseCount(usage);
  // v2 writes "max"; v1 writes a page-rounded 2^63 for none.
  if (!max || !used || *max >= (int64_t{1} << 60)) return std::nullopt;
  const auto cache = [&](const std::string& prefix) -> std::optional<int64_t> {
    const auto inactive = field(stat, prefix + "inactive_file"), active = field(stat, prefix + "active_file");
    if (!inactive && !active) return std::nullopt;
    return inactive.value_or(0) + active.value_or(0);
  };
  auto reclaimable = v1 ? cache("total_") : cache("");
  if (!reclaimable && v1) reclaimable = cache("");
  const int64_t inUse = std::max<int64_t>(0, *used - reclaimable.value_or(0));
  return std::max<int64_t>(0, *max - inUse);
}

std::optional<HostMemoryInfo> hostMemoryInfo() {
  auto info = parseMeminfo(readSmallFile("/proc/meminfo"));
  if (!info) return std::nullopt;
  for (const auto& [dir, v2] : memoryCgroupDirs()) {
    const std::string limitText = readSmallFile(dir / (v2 ? "memory.max" : "memory.limit_in_bytes"));
    const auto room = cgroupRoom(limitText,
                                 readSmallFile(dir / (v2 ? "memory.current" : "memory.usage_in_bytes")),
                                 readSmallFile(dir / "memory.stat"), !v2);
    if (!room) continue;
    info->availableBytes = std::min(info->availableBytes, *room);
    if (const auto limit = parseCount(limitText))
      info->totalBytes = std::min(info->totalBytes, *limit);
  }
  return info;
}

}  // namespace ifedit::runtime
