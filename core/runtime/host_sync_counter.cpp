#include "runtime/host_sync_counter.h"

#include <torch/version.h>

#if defined(IFEDIT_TORCH_CUDA) && TORCH_VERSION_MAJOR >= 2
#define IFEDIT_SYNC_COUNTING 1
#include <c10/cuda/CUDAFunctions.h>
#include <c10/util/Backtrace.h>
#include <c10/util/Exception.h>
#endif

namespace ifedit::runtime {

#if defined(IFEDIT_SYNC_COUNTING)

// The debug mode's "warn" setting raises a TORCH_WARN per sync; this handler, installed for the
// calling thread only, counts those and passes every other warning on unchanged.
struct HostSyncCounter::State : c10::WarningHandler {
  c10::WarningHandler* previous = nullptr;
  c10::cuda::SyncDebugMode previousMode = c10::cuda::SyncDebugMode::L_DISABLED;
  int64_t count = 0;
  int sitesLeft = 0;
  std::vector<std::string> sites;

  void process(const c10::Warning& w) override {
    if (w.msg().find("synchronizing CUDA operation") == std::string::npos) {
      previous->process(w);
      return;
    }
    ++count;
    if (sitesLeft > 0) {
      --sitesLeft;
      // Skip the frames of the handler and of torch's warning machinery.
      sites.push_back("sync #" + std::to_string(count) + ":\n" + c10::get_backtrace(4, 24));
    }
  }
};

HostSyncCounter::HostSyncCounter(int maxSites) : state_(std::make_unique<State>()) {
  state_->sitesLeft = maxSites;
  state_->previous = c10::WarningUtils::get_warning_handler();
  state_->previousMode = c10::cuda::warning_state().get_sync_debug_mode();
  c10::WarningUtils::set_warning_handler(state_.get());
  c10::cuda::warning_state().set_sync_debug_mode(c10::cuda::SyncDebugMode::L_WARN);
}

HostSyncCounter::~HostSyncCounter() {
  c10::cuda::warning_state().set_sync_debug_mode(state_->previousMode);
  c10::WarningUtils::set_warning_handler(state_->previous);
}

bool HostSyncCounter::active() const { return true; }
int64_t HostSyncCounter::count() const { return state_->count; }
void HostSyncCounter::recordSites(int maxSites) { state_->sitesLeft = maxSites; }
const std::vector<std::string>& HostSyncCounter::sites() const { return state_->sites; }

#else

struct HostSyncCounter::State {
  std::vector<std::string> sites;
};

HostSyncCounter::HostSyncCounter(int) : state_(std::make_unique<State>()) {}
HostSyncCounter::~HostSyncCounter() = default;
bool HostSyncCounter::active() const { return false; }
int64_t HostSyncCounter::count() const { return 0; }
void HostSyncCounter::recordSites(int) {}
const std::vector<std::string>& HostSyncCounter::sites() const { return state_->sites; }

#endif

}  // namespace ifedit::runtime
