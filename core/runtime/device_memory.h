#pragma once
// Device memory figures and synchronisation, behind one header free of CUDA: with a CUDA libtorch
// (IFEDIT_TORCH_CUDA) they ask the CUDA runtime and torch's caching allocator; elsewhere they say
// "unknown" (nullopt / 0) and do nothing.
#include <c10/core/Device.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ifedit::runtime {

struct DeviceMemoryInfo {
  int64_t freeBytes = 0;
  int64_t totalBytes = 0;
};

// Free and total memory of a CUDA device (cudaMemGetInfo); nullopt for the CPU or without CUDA.
std::optional<DeviceMemoryInfo> deviceMemoryInfo(c10::Device device);

// Peak bytes allocated through torch's caching allocator since the last reset (0 where unknown).
void resetPeakDeviceMemory(c10::Device device);
int64_t peakDeviceMemory(c10::Device device);
int64_t allocatedDeviceMemory(c10::Device device);
// What torch's caching allocator holds from the driver now (allocated + cached; 0 where unknown,
// and before CUDA is initialised).
int64_t reservedDeviceMemory(c10::Device device);

// Waits for all work queued on the device (timing); returns cached blocks to the driver.
void synchronizeDevice(c10::Device device);
void releaseCachedDeviceMemory();

// Whether this build can talk to CUDA devices at all (a CUDA libtorch).
bool cudaRuntimeCompiledIn();

struct CudaDeviceInfo {
  int index = 0;
  std::string name;        // "NVIDIA H200"
  int64_t totalBytes = 0;  // the card's memory
};

// The CUDA devices this process sees (after CUDA_VISIBLE_DEVICES); none without a CUDA libtorch,
// a driver or a GPU. Never throws.
std::vector<CudaDeviceInfo> visibleCudaDevices();

}  // namespace ifedit::runtime
