#include "app/engine/image_convert.h"

#include "app/session/image_flatten.h"

#include <cstring>

namespace ifedit::app {

api::Image toEngineImage(const QImage& source) {
  const QImage rgb = flattenedOnWhite(source).convertToFormat(QImage::Format_RGB888);
  api::Image out;
  out.width = rgb.width();
  out.height = rgb.height();
  out.rgb.resize(size_t(out.width) * out.height * 3);
  for (int y = 0; y < out.height; ++y)
    std::memcpy(out.rgb.data() + size_t(y) * out.width * 3, rgb.constScanLine(y), size_t(out.width) * 3);
  return out;
}

QImage toQImage(const api::Image& image) {
  QImage out(image.width, image.height, QImage::Format_RGB888);
  for (int y = 0; y < image.height; ++y)
    std::memcpy(out.scanLine(y), image.rgb.data() + size_t(y) * image.width * 3, size_t(image.width) * 3);
  return out;
}

}  // namespace ifedit::app
