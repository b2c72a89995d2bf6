// libFuzzer: a PNG dropped on the editor (fuzz_targets_app.h restoreFromDroppedPng). JPEG input is
// skipped: its COM segments are read by Qt's JPEG plugin, not by our code.
#include <cstdio>
#include <cstdlib>

#include "fuzz_common.h"
#include "fuzz_targets_app.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size >= 2 && data[0] == 0xff && data[1] == 0xd8) return 0;
  const auto path = ifedit::fuzz::writeInput("dropped.png", data, size);
  bool silent = false;
  ifedit::fuzz::restoreFromDroppedPng(QString::fromStdString(path), &silent);
  if (silent) {
    std::fprintf(stderr, "readEditMetadata refused the file without an error message\n");
    std::abort();
  }
  return 0;
}
