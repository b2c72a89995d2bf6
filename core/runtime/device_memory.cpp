#include "runtime/device_memory.h"

#if defined(IFEDIT_TORCH_CUDA)
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#include <c10/cuda/CUDAGuard.h>
#include <cuda_runtime_api.h>
#endif

namespace ifedit::runtime {

bool cudaRuntimeCompiledIn() {
#if defined(IFEDIT_TORCH_CUDA)
  return true;
#else
  return false;
#endif
}

std::vector<CudaDeviceInfo> visibleCudaDevices() {
  std::vector<CudaDeviceInfo> out;
#if defined(IFEDIT_TORCH_CUDA)
  int count = 0;
  // Not c10::cuda::device_count(): it warns on stderr when there is no driver, which is a normal
  // setup for a user of a CUDA build without a GPU.
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    (void)cudaGetLastError();  // clear the sticky error the query leaves
    return out;
  }
  for (int i = 0; i < count; ++i) {
    cudaDeviceProp prop{};
    CudaDeviceInfo info;
    info.index = i;
    if (cudaGetDeviceProperties(&prop, i) == cudaSuccess) {
      info.name = prop.name;
      info.totalBytes = static_cast<int64_t>(prop.totalGlobalMem);
    }
    out.push_back(std::move(info));
  }
#endif
  return out;
}

std::optional<DeviceMemoryInfo> deviceMemoryInfo(c10::Device device) {
#if defined(IFEDIT_TORCH_CUDA)
  if (!device.is_cuda()) return std::nullopt;
  const c10::cuda::CUDAGuard guard(device);
  size_t freeBytes = 0, totalBytes = 0;
  if (cudaMemGetInfo(&freeBytes, &totalBytes) != cudaSuccess) return std::nullopt;
  return DeviceMemoryInfo{static_cast<int64_t>(freeBytes), static_cast<int64_t>(totalBytes)};
#else
  (void)device;
  return std::nullopt;
#endif
}

void resetPeakDeviceMemory(c10::Device device) {
#if defined(IFEDIT_TORCH_CUDA)
  if (device.is_cuda()) c10::cuda::CUDACachingAllocator::resetPeakStats(device.index() < 0 ? 0 : device.index());
#else
  (void)device;
#endif
}

int64_t peakDeviceMemory(c10::Device device) {
#if defined(IFEDIT_TORCH_CUDA)
  if (!device.is_cuda()) return 0;
  const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device.index() < 0 ? 0 : device.index());
  return stats.allocated_bytes[0].peak;  // index 0: StatType::AGGREGATE
#else
  (void)device;
  return 0;
#endif
}

int64_t allocatedDeviceMemory(c10::Device device) {
#if defined(IFEDIT_TORCH_CUDA)
  if (!device.is_cuda()) return 0;
  const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device.index() < 0 ? 0 : device.index());
  return stats.allocated_bytes[0].current;
#else
  (void)device;
  return 0;
#endif
}

int64_t reservedDeviceMemory(c10::Device device) {
#if defined(IFEDIT_TORCH_CUDA)
  if (!device.is_cuda()) return 0;
  try {
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device.index() < 0 ? 0 : device.index());
    return stats.reserved_bytes[0].current;
  } catch (const c10::Error&) {
    // Before torch's lazy CUDA init (a preview before any model loaded) the allocator refuses to
    // be asked ("did you call init?"); it holds nothing then.
    return 0;
  }
#else
  (void)device;
  return 0;
#endif
}

void synchronizeDevice(c10::Device device) {
#if defined(IFEDIT_TORCH_CUDA)
  if (device.is_cuda()) {
    const c10::cuda::CUDAGuard guard(device);
    c10::cuda::device_synchronize();
  }
#else
  (void)device;
#endif
}

void releaseCachedDeviceMemory() {
#if defined(IFEDIT_TORCH_CUDA)
  c10::cuda::CUDACachingAllocator::emptyCache();
#endif
}

}  // namespace ifedit::runtime
