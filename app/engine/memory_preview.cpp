#include "app/engine/memory_preview.h"

#include "api/memory_preview.h"
#include "app/engine/parameters_convert.h"

namespace ifedit::app {

MemoryPreview previewMemory(const ModelSetup& model) {
  const auto p = api::previewMemory(toModelOptions(model));
  MemoryPreview out;
  out.error = QString::fromStdString(p.error);
  out.device = QString::fromStdString(p.device);
  out.precision = QString::fromStdString(p.precision);
  out.mode = QString::fromStdString(p.mode);
  out.deviceBytes = p.deviceBytes, out.deviceFreeBytes = p.deviceFreeBytes;
  out.hostBytes = p.hostBytes, out.hostAvailableBytes = p.hostAvailableBytes;
  out.fits = p.fits, out.hostFits = p.hostFits;
  return out;
}

}  // namespace ifedit::app
