// libFuzzer: the walks over a dropped or opened picture's bytes that our code does itself (Qt
// decodes the pixels): the JPEG / GIF truncation checks and the PNG / WebP EXIF orientation.
#include <QByteArrayView>
#include <cstdio>
#include <cstdlib>

#include "app/session/exif_orientation.h"
#include "app/session/image_truncation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const QByteArrayView bytes(reinterpret_cast<const char*>(data), qsizetype(size));
  ifedit::app::jpegIsTruncated(bytes);
  ifedit::app::gifIsTruncated(bytes);
  const int orientation = ifedit::app::exifOrientation(bytes);
  if (orientation < 1 || orientation > 8) {
    std::fprintf(stderr, "exifOrientation returned %d, outside 1..8\n", orientation);
    std::abort();
  }
  return 0;
}
