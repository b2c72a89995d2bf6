#pragma once
// Cooperative cancellation shared by the UI thread (which requests it) and the engine (which checks
// it at least once per DiT block and between VAE chunks). Header-only and torch-free.
#include <atomic>
#include <stdexcept>

namespace ifedit {

class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

class CancelToken {
 public:
  void cancel() { flag_.store(true, std::memory_order_relaxed); }
  void reset() { flag_.store(false, std::memory_order_relaxed); }
  bool requested() const { return flag_.load(std::memory_order_relaxed); }
  void throwIfCancelled() const {
    if (requested()) throw Cancelled();
  }

 private:
  std::atomic<bool> flag_{false};
};

// Null-safe check for optional tokens.
inline void throwIfCancelled(const CancelToken* token) {
  if (token) token->throwIfCancelled();
}

}  // namespace ifedit
