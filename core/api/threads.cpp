#include "api/threads.h"

#include <ATen/Parallel.h>

#include <algorithm>

namespace ifedit::api {

int setEngineThreads(int threads) {
  // OpenMP keeps the thread count per calling thread, so this is called on the engine's thread.
  at::set_num_threads(std::max(1, threads));
  return at::get_num_threads();
}

int engineThreads() { return at::get_num_threads(); }

}  // namespace ifedit::api
