#pragma once
// Where a model set's weights would live with the given setup, before loading it (the Settings
// dialog's memory line). ui/ never asks core/ itself.
#include <QString>

#include "app/session/edit_parameters.h"

namespace ifedit::app {

struct MemoryPreview {
  QString error;      // why there is no plan (English, from the engine)
  QString device;     // "cpu", "cuda:0"
  QString precision;  // "f32", "bf16"
  QString mode;       // "resident", "swap", "fp8", "lowvram"
  qint64 deviceBytes = 0, deviceFreeBytes = -1;  // -1: unknown
  qint64 hostBytes = 0, hostAvailableBytes = -1;
  bool fits = true, hostFits = true;
  bool onCpu() const { return device == QLatin1String("cpu"); }
};

// Reads the set's headers only; may take a moment on a slow disk. Never throws.
MemoryPreview previewMemory(const ModelSetup& model);

}  // namespace ifedit::app
