#include "app/session/image_flatten.h"

#include <QPainter>

namespace ifedit::app {

QImage flattenedOnWhite(const QImage& source) {
  if (!source.hasAlphaChannel()) return source;
  QImage flat(source.size(), QImage::Format_RGB888);
  flat.fill(Qt::white);
  QPainter painter(&flat);
  // Into the whole rect: drawImage(0, 0, ...) would draw a 2x picture at half size.
  painter.drawImage(QRect(QPoint(0, 0), source.size()), source);
  painter.end();
  return flat;
}

}  // namespace ifedit::app
