#pragma once
// The engine's public face, torch-free (app/ and the CLI include only this): load a model set,
// then edit in two phases because the user decides in between (DESIGN.md §3):
//   evolve(request)            -> Evolution (decoded frames, candidates, scores, pick)
//   refine(evolution, frame)   -> RefineResult (SCPR on the chosen frame, or the frame itself)
// Every call reports through EngineEvents and checks a CancelToken (throws ifedit::Cancelled).
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "api/cancel.h"

namespace ifedit::api {

// 8-bit RGB, row-major, width*height*3 bytes.
struct Image {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> rgb;
  bool empty() const { return width <= 0 || height <= 0; }
};

struct EditSettings {
  // Sampling. Paper setting (DESIGN.md §1): Lightning recipe, 33 frames, 8 Euler steps, CFG 1.
  int frames = 33;                  // pixel frames, 4n+1 (other values are rounded and reported)
  int steps = 8;
  double shift = 5.0;
  std::string solver = "euler";     // "euler" (Lightning), "unipc" (official), "dpm++"
  double guidanceLow = 1.0;         // CFG of the low-noise expert; 1.0 = no negative pass
  double guidanceHigh = 1.0;        // CFG of the high-noise expert
  std::string negativePrompt;       // empty: the built-in negative prompt (only used with CFG)
  int64_t maxArea = 480 * 832;      // pixel budget of the working resolution
  uint64_t seed = 42;
  // Temporal Latent Dropout (DESIGN.md §1.3).
  bool dropout = true;
  int dropoutK = 3;
  double threshold = 0.9;           // in (0, 1): drop at the first step with t < threshold*1000
  std::string anchor = "end";       // "end" (default) or "start"
  std::string positions = "preserve";  // "preserve" (default) or "reindex"
  // Self-consistent post-refinement (DESIGN.md §1.6).
  bool refine = true;
  int refineFrames = 9;
  // Cheap previews of the x0 prediction: every N-th denoising step and the last one (0: none).
  // On CUDA they arrive a little after their step: the copy to the host never stalls the GPU.
  int previewEvery = 1;
};

struct ModelOptions {
  std::string path;           // a model folder (official / Diffusers / ComfyUI) or "demo"
  std::string loraHigh;       // optional LoRA merged into the high-noise expert
  std::string loraLow;        // optional LoRA merged into the low-noise expert
  double loraStrength = 1.0;
  std::string device = "auto";     // "auto", "cpu", "cuda", "cuda:N"
  std::string precision = "auto";  // "auto" (bf16 on CUDA, f32 on CPU), "f32", "bf16"
  // Where the weights live on a GPU (core/runtime/memory_mode.h): "auto" (chosen from free device
  // memory), "resident" (everything on the GPU), "swap" (one expert's blocks on the GPU at a time),
  // "fp8" (both experts' blocks in FP8 on the GPU), "lowvram" (FP8 blocks streamed from host
  // memory); the FP8 modes need libtorch >= 2.1. On the CPU only "auto" and "resident" are
  // accepted.
  std::string memoryMode = "auto";
  bool textEncoderOnCpu = false;  // run the text encoder on the CPU (saves its 11 GB of VRAM)
};

struct ModelInfo {
  std::string identity;     // e.g. "official Wan2.2 I2V (dim 5120, 40 layers) @ /models/wan"
  std::string layout;
  std::string device;
  std::string precision;
  std::string memoryMode;   // "resident", "swap", "fp8" or "lowvram" (as chosen for "auto")
  std::string loraHigh, loraLow;  // the LoRA files merged into each expert ("" for none)
  double loraStrength = 1.0;
  bool randomWeights = false;  // the demo set: every output must say so
  double boundary = 0.9;
  int textLen = 512;
  std::vector<std::string> notes;
};

enum class Stage { LoadingModels, EncodingText, EncodingImage, Denoising, Decoding, Scoring, Refining, Done };
std::string stageName(Stage stage);

struct StepInfo {
  int index = 0;  // 0-based
  int total = 0;
  double timestep = 0;
  bool highExpert = true;
  bool refining = false;  // a step of the SCPR run
};

// Callbacks arrive on the engine's thread; implementations forward them (queued) to the UI.
class EngineEvents {
 public:
  virtual ~EngineEvents() = default;
  virtual void stage(Stage, const std::string& detail) {}
  // While models load: the fraction of the whole set's weights read so far (0..1), every 0.5 %.
  virtual void loadProgress(double fraction) {}
  virtual void step(const StepInfo&) {}
  virtual void dropout(const std::vector<int64_t>& keptLatentFrames, int atStep) {}
  // Cheap preview of the x0 prediction's last latent frame (latent resolution, no VAE).
  virtual void preview(const StepInfo&, const Image&) {}
  // Decoded pixel frames as they arrive: frames[0] is frame `first` of the sequence.
  virtual void frames(int first, const std::vector<Image>& frames, bool refining) {}
  virtual void scores(const std::vector<int>& frameIndices, const std::vector<double>& sharpness, int pick,
                      bool refining) {}
  virtual void timing(const std::string& what, double seconds) {}
};

struct EvolveRequest {
  Image source;
  std::string prompt;  // the approved temporal prompt
  EditSettings settings;
};

struct Evolution {
  std::string prompt;
  EditSettings settings;  // as used (after adjustments)
  std::vector<std::string> adjustments;  // e.g. "frames 32 -> 33 (Wan needs 4n+1)"
  uint64_t seed = 0;
  int width = 0, height = 0;             // working resolution
  std::vector<Image> frames;             // the whole decoded evolution
  std::vector<int> candidates;           // frame indices of the last latent frame's 4 frames
  std::vector<double> candidateScores;   // Laplacian variance of each candidate
  int pick = -1;                         // frame index of the sharpest candidate
  std::vector<int64_t> keptLatentFrames; // after Temporal Latent Dropout
  int dropoutStep = -1;
  std::vector<std::pair<std::string, double>> timings;  // seconds per stage
  ModelInfo model;
};

// What the refinement does, decided when it is asked for: the user may change these settings
// between the evolution and the refinement, and the refinement follows what they say then.
struct RefineOptions {
  bool refine = true;
  int frames = 9;  // pixel frames of the SCPR clip, 4n+1 (other values are rounded)
};

struct RefineResult {
  Image image;                    // the edited image
  bool refined = false;           // false: SCPR was off, the chosen frame is the result
  int refineFrames = 0;           // pixel frames SCPR ran with (0 when off)
  int chosenFrame = -1;           // the evolution frame refinement started from
  std::vector<Image> frames;      // the SCPR sequence (frame 0 reconstructs the chosen frame)
  std::vector<double> scores;     // sharpness of frames 1..end
  int pick = -1;                  // index into frames of the result
  std::vector<int64_t> keptLatentFrames;
  std::vector<std::pair<std::string, double>> timings;
};

class Engine {
 public:
  Engine();
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Loads (or keeps, when the options are unchanged) the models. Throws std::runtime_error naming
  // the folder and what is missing or wrong.
  // `cancel` stops a load between parts and between the experts' tensors (throws Cancelled; no
  // models are loaded then).
  ModelInfo load(const ModelOptions& options, EngineEvents* events = nullptr, const CancelToken* cancel = nullptr);
  bool loaded() const;
  ModelInfo info() const;
  void unload();

  // Phase 1: the I2V evolution from the source image towards the edited state.
  Evolution evolve(const EvolveRequest& request, EngineEvents& events, const CancelToken* cancel = nullptr);
  // Phase 2: SCPR on `frame` of the evolution (any frame; -1 = the pick), or the frame itself when
  // options.refine is off. `staticPrompt` is the "still scene gains clarity" prompt. SCPR runs at
  // the evolution's working size, with TLD on (DESIGN.md §1.6), whatever the evolution used.
  RefineResult refine(const Evolution& evolution, int frame, const std::string& staticPrompt,
                      const RefineOptions& options, EngineEvents& events, const CancelToken* cancel = nullptr);
  // The same, with the refinement settings the evolution ran with.
  RefineResult refine(const Evolution& evolution, int frame, const std::string& staticPrompt, EngineEvents& events,
                      const CancelToken* cancel = nullptr);

  // The folder of the bundled demo model set (tiny random weights with the real structure).
  static std::string demoModelPath();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Settings checks shared by the CLI and the GUI: returns adjusted settings and a line per
// adjustment; throws std::invalid_argument for values that cannot be used (K < 1, threshold outside
// (0, 1), steps outside 1..kMaxSteps, shift or guidance not finite, unknown solver/anchor/positions).
inline constexpr int kMaxSteps = 1000;
inline constexpr double kMinShift = 0.001, kMaxShift = 1000.0;  // the Settings dialog's range
inline constexpr double kMaxGuidance = 100.0;
inline constexpr int64_t kMaxArea = 100'000'000;
// The CPU noise generator (mt19937, as torch.manual_seed on the CPU) keeps the low 32 bits of a
// seed: larger seeds are adjusted to those bits (the same noise they always gave), so two seeds
// shown as different always are.
inline constexpr uint64_t kMaxSeed = 0xFFFF'FFFFu;
EditSettings validateSettings(const EditSettings& settings, std::vector<std::string>* adjustments);

// How many frames evolve() returns for these settings: the adjusted frame count, thinned by
// Temporal Latent Dropout when a step falls below its threshold (1 + 4 per further kept latent
// frame). What a frame choice (ifedit-cli edit --pick) may name, known before anything loads.
int evolutionFrameCount(const EditSettings& settings);

// Empty when a width x height picture can be worked on at `maxArea` pixels (Wan's resolution
// rule gives at least 16 x 16); else a sentence naming the smallest max area that would do.
std::string workingSizeProblem(int width, int height, int64_t maxArea);

}  // namespace ifedit::api
