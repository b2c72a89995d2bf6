#pragma once
// How much host memory (RAM) this process can still fill: what the kernel says is available
// (/proc/meminfo MemAvailable: free memory plus what it can reclaim), lowered to the room left
// under a cgroup memory limit (a container, a systemd slice) when one is set. The model loader
// compares it with what a memory mode keeps in host memory, so a set that cannot fit is refused
// with a message instead of the system swapping to a halt or killing the program.
#include <cstdint>
#include <optional>
#include <string>

namespace ifedit::runtime {

struct HostMemoryInfo {
  int64_t availableBytes = 0;
  int64_t totalBytes = 0;  // the machine's RAM, or the cgroup limit when that is lower
};

// nullopt where /proc/meminfo cannot be read (not Linux).
std::optional<HostMemoryInfo> hostMemoryInfo();

// The pieces, for tests.
// MemAvailable and MemTotal of a /proc/meminfo text (kB); nullopt when either is missing.
std::optional<HostMemoryInfo> parseMeminfo(const std::string& meminfo);
// Room under one cgroup's limit: limit − (usage − file cache), from the limit and usage files'
// text (v2: memory.max / memory.current, "max" = none; v1: memory.limit_in_bytes /
// memory.usage_in_bytes, a huge value = none) and memory.stat. The file cache (inactive_file +
// active_file; in v1 the subtree's total_ figures, as its usage counts the subtree) is what the
// kernel reclaims under the limit — a load of 60 GB through a limited cgroup fills it with cache,
// which must not count as used. nullopt when there is no limit or the texts are not numbers.
std::optional<int64_t> cgroupRoom(const std::string& limit, const std::string& usage, const std::string& stat,
                                  bool v1);

}  // namespace ifedit::runtime
