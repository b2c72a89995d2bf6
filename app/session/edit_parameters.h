#pragma once
// What the user sets for an edit and where the model lives, in Qt types so ui/ can read and write
// them (the engine's own structs are core/ and stay behind app/). Defaults are the engine's
// defaults (api::EditSettings / api::ModelOptions; a test keeps them equal).
#include <QString>
#include <QtGlobal>

namespace ifedit::app {

// The demo model's pictures are noise at any size, and its VAE is slow on a CPU at full size: the
// editor (and ifedit-cli unless --max-area is given) runs it at most at this working size (about
// 288 x 160), so a run takes seconds; the paper's 399 360 pixels take minutes on two cores.
inline constexpr qint64 kDemoMaxArea = 160 * 288;

// The engine's bounds (core/api/engine.h, validateSettings; test_app_session checks they agree),
// for widgets that cannot ask the engine.
inline constexpr int kMinFrames = 5;  // fewer are rounded up to 5 (one evolved latent frame)
inline constexpr int kMaxFrames = 1001;
inline constexpr int kMaxSteps = 1000;
// The largest seed (api::kMaxSeed): the noise generator keeps 32 bits of a seed.
inline constexpr quint64 kMaxSeed = 0xFFFF'FFFFu;
// A LoRA's strength factor (the Settings box and --lora-strength): 1 is the LoRA as trained.
inline constexpr double kMaxLoraStrength = 4.0;

struct EditParameters {
  // Sampling (DESIGN.md §1: Lightning recipe, 33 frames, 8 Euler steps, CFG 1).
  int frames = 33;
  int steps = 8;
  double shift = 5.0;
  QString solver = QStringLiteral("euler");
  double guidanceLow = 1.0;
  double guidanceHigh = 1.0;
  QString negativePrompt;
  qint64 maxArea = 480 * 832;
  quint64 seed = 42;
  bool randomSeed = false;  // draw a new seed for every run (the drawn seed is recorded)
  // Temporal Latent Dropout (DESIGN.md §1.3).
  bool dropout = true;
  int dropoutK = 3;
  double threshold = 0.9;
  QString anchor = QStringLiteral("end");
  QString positions = QStringLiteral("preserve");
  // Self-consistent post-refinement (DESIGN.md §1.6).
  bool refine = true;
  int refineFrames = 9;

  bool operator==(const EditParameters&) const = default;
};

// The model set: a folder in the official, Diffusers or ComfyUI layout, or "demo" for the bundled
// random-weight set.
struct ModelSetup {
  QString path;
  QString loraHigh;
  QString loraLow;
  double loraStrength = 1.0;
  QString device = QStringLiteral("auto");
  QString precision = QStringLiteral("auto");
  QString memoryMode = QStringLiteral("auto");  // "auto", "resident", "swap", "fp8", "lowvram" (GPU only)
  bool textEncoderOnCpu = false;                // saves the text encoder's VRAM on a GPU

  static QString demoPath() { return QStringLiteral("demo"); }
  bool isSet() const { return !path.trimmed().isEmpty(); }
  bool isDemo() const { return path == demoPath(); }
  bool operator==(const ModelSetup&) const = default;
};

}  // namespace ifedit::app
