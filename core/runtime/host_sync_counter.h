#pragma once
// Counts the host synchronisations that torch's CUDA code makes on the calling thread while a
// counter is alive: blocking copies between host and device, reading a scalar (.item()), stream
// and device synchronisation — what c10's sync debug mode reports. A run uses it to show where it
// waits for the GPU (issue 7: none inside the denoising loop except where an event needs data).
// Deliberate waits on CUDA events (the async preview, the block arena) are not among them.
// The debug mode is process-wide: while a counter lives, other threads' syncs are printed as
// torch warnings (the bench and the tests run the engine on one thread). It needs a CUDA
// libtorch 2.x; elsewhere active() is false and count() stays 0.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ifedit::runtime {

class HostSyncCounter {
 public:
  // maxSites: how many of the first syncs keep a backtrace (each costs a few milliseconds).
  explicit HostSyncCounter(int maxSites = 0);
  ~HostSyncCounter();
  HostSyncCounter(const HostSyncCounter&) = delete;
  HostSyncCounter& operator=(const HostSyncCounter&) = delete;

  bool active() const;
  int64_t count() const;
  // From now on, backtraces are kept for the next `maxSites` syncs (e.g. from the first step on).
  void recordSites(int maxSites);
  const std::vector<std::string>& sites() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ifedit::runtime
