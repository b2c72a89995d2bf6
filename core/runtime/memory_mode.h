#pragma once
// Memory modes: where the weights of a Wan2.2 I2V model set live while it edits.
//   resident  both experts, the text encoder and the VAE on the GPU;
//   swap      one expert's blocks on the GPU, the other's in pinned host memory, exchanged at the
//             expert boundary by asynchronous copies overlapped with the last forward pass
//             (runtime/block_arena.h);
//   fp8       both experts' block weights in FP8 E4M3 (per-tensor scales) on the GPU, nothing
//             streamed: half of resident's block memory (swap's), and the GPU's FP8 units where it
//             has them, for speed;
//   lowvram   FP8 E4M3 block weights (per-tensor scales) in pinned host memory, streamed through a
//             few device slots block by block while the previous block computes.
// chooseMemoryMode is the pure decision from free device memory and the model's sizes.
#include <cstdint>
#include <optional>
#include <string>

namespace ifedit::runtime {

enum class MemoryMode { Resident, Swap, Fp8, LowVram };

std::string memoryModeName(MemoryMode mode);
// "52.4 GiB": how plans and their messages state sizes.
std::string gib(int64_t bytes);  // "resident", "swap", "fp8", "lowvram"
// "auto" or "" -> nullopt (choose from free memory); throws std::invalid_argument naming the
// accepted values for anything else.
std::optional<MemoryMode> parseMemoryMode(const std::string& text);

// Sizes in bytes of what a model set puts on the device.
struct MemoryNeeds {
  int64_t expertBlockBytes = 0;     // one expert's transformer blocks in the load dtype
  int64_t expertFp8BlockBytes = 0;  // the same as FP8 (+ scales)
  int64_t expertOtherBytes = 0;     // one expert's embeddings, time projection, head
  int64_t textEncoderBytes = 0;
  int64_t vaeBytes = 0;
  int64_t activationBytes = 0;      // peak working memory of the largest step
  int numLayers = 40;
  int streamSlots = 2;              // lowvram: blocks on the device at once
};

// The weights of the real Wan2.2-I2V-A14B set (DESIGN.md §2 sizes: one expert 28.6 GB bf16 /
// 14.3 GB FP8, UMT5-XXL 11.4 GB bf16, VAE 0.25 GB) and the working memory of the paper setting.
MemoryNeeds a14bNeeds();

// Working memory of one DiT forward pass over `tokens` tokens (activations of the widest block
// step; planDeviceBytes adds the allocator's headroom): a planning estimate, calibrated by
// ifedit-bench.
int64_t ditActivationBytes(int64_t tokens, int64_t dim, int64_t ffnDim);

struct MemoryPlan {
  MemoryMode mode = MemoryMode::Resident;
  bool textEncoderResident = true;  // false: kept in host memory, brought over for each encode
  int64_t deviceBytes = 0;          // expected peak on the device
  bool fits = true;                 // false: not even lowvram fits in the free memory
  std::string reason;               // one line for logs and the UI
  int64_t hostBytes = 0;            // weights kept in host memory while loaded (planHostBytes)
  bool hostFits = true;             // false: more than the host memory available (a known figure)
};

// Expected device peak of a mode (the text encoder, when not resident, is on the device only
// while it encodes, before the DiT runs; on the CPU, never).
int64_t planDeviceBytes(MemoryMode mode, const MemoryNeeds& needs, bool textEncoderResident,
                        bool textEncoderOnCpu = false);

// What a mode keeps in host memory for as long as the models are loaded (pinned on CUDA): swap's
// and lowvram's expert blocks (both experts', in the load dtype / FP8), the text encoder when it
// is offloaded or on the CPU. With the device a CPU, every weight and the working memory. What
// only passes through host memory while loading (one tensor at a time) is not counted.
int64_t planHostBytes(MemoryMode mode, const MemoryNeeds& needs, bool textEncoderResident,
                      bool textEncoderOnCpu = false, bool deviceIsCpu = false);

// Whether `hostBytes` fits in `hostAvailable` (< 0: unknown, then it does) with a reserve for the
// program itself and the pictures (1 GiB).
bool fitsHostMemory(int64_t hostBytes, int64_t hostAvailable);

// The first of resident, swap, lowvram (text encoder resident, then offloaded) whose peak plus a
// reserve (6 % of free memory + 1 GiB: CUDA context, fragmentation) fits in `freeBytes` and whose
// host memory fits in `hostAvailable` (< 0: unknown); when none fits both, of those that fit the
// device the one needing the least RAM (hostFits false), else the last (fits false).
// When neither resident nor swap fits both the device and the RAM, resident with the text encoder
// brought over per prompt, then fp8 (swap's device memory, at FP8 quality, no RAM) are tried before
// lowvram; fp8 is otherwise chosen only when forced. `forced` skips the choice of mode (the text encoder
// placement is still chosen); textEncoderOnCpu keeps the text encoder off the device altogether.
// Without float8 support (`fp8Available` false: libtorch < 2.1) auto never picks fp8 or lowvram.
MemoryPlan chooseMemoryMode(int64_t freeBytes, const MemoryNeeds& needs,
                            std::optional<MemoryMode> forced = std::nullopt,
                            bool textEncoderOnCpu = false, int64_t hostAvailable = -1, bool fp8Available = true);

}  // namespace ifedit::runtime
