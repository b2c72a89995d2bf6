#include "app/vlm/vlm_image.h"

#include "app/session/image_flatten.h"
#include "app/session/image_loading.h"

#include <QBuffer>
#include <algorithm>
#include <QImageReader>
#include <QImageWriter>

namespace ifedit::app {

VlmImage prepareVlmImage(const QImage& image, int maxSide, VlmImageEncoding encoding, int jpegQuality) {
  VlmImage out;
  if (image.isNull()) {
    out.error = QStringLiteral("no image to send to the VLM (the image is empty)");
    return out;
  }
  if (maxSide < 1) maxSide = kVlmMaxImageSide;
  QImage scaled = image;
  if (std::max(image.width(), image.height()) > maxSide) {
    const bool wide = image.width() >= image.height();
    const int longSide = std::max(image.width(), image.height()), shortSide = std::min(image.width(), image.height());
    QSize target = image.size().scaled(QSize(maxSide, maxSide), Qt::KeepAspectRatio);
    // A 30000 x 200 strip came out 1024 x 6: nothing a vision encoder can read.
    if (const int floor = std::min(kVlmMinImageSide, shortSide); std::min(target.width(), target.height()) < floor) {
      const double ratio = double(longSide) / shortSide;
      const int along = int(std::min<double>({ratio * floor, double(longSide), 4.0 * maxSide}));
      target = wide ? QSize(along, floor) : QSize(floor, along);
    }
    scaled = image.scaled(target, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
  }
  const bool png = encoding == VlmImageEncoding::Png;
  if (!png) {
    // Flattened onto white, as the engine sees the picture (image_convert.cpp): servers that drop
    // alpha (llama.cpp decodes 3 channels) would show the colours under transparent pixels.
    if (scaled.hasAlphaChannel()) {
      scaled = flattenedOnWhite(scaled);
    } else if (scaled.format() != QImage::Format_RGB32 && scaled.format() != QImage::Format_RGB888) {
      scaled = scaled.convertToFormat(QImage::Format_RGB32);
    }
  }
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  QImageWriter writer(&buffer, png ? QByteArrayLiteral("png") : QByteArrayLiteral("jpeg"));
  if (!png) writer.setQuality(jpegQuality);
  if (!writer.write(scaled)) {
    out.error = QStringLiteral("could not encode the image as %1 for the VLM: %2")
                    .arg(png ? QStringLiteral("PNG") : QStringLiteral("JPEG"), writer.errorString());
    return out;
  }
  out.mimeType = png ? QStringLiteral("image/png") : QStringLiteral("image/jpeg");
  out.size = scaled.size();
  out.dataUrl = QByteArrayLiteral("data:") + out.mimeType.toLatin1() + QByteArrayLiteral(";base64,") +
                bytes.toBase64();
  return out;
}

QImage loadImageForVlm(const QString& path, QString* error) {
  // The editor's loader: the same size bound, colour handling and messages in the CLI.
  LoadedImage loaded = loadSourceImage(path);
  if (loaded.image.isNull() && error) *error = loaded.error;
  return loaded.image;
}

}  // namespace ifedit::app
