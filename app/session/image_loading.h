#pragma once
// Reading a source image from disk for an edit: orientation applied, size bounded, every failure
// explained in one sentence that names the file. The file is only ever opened for reading.
#include <QImage>
#include <QString>

namespace ifedit::app {

struct LoadedImage {
  QImage image;   // null on failure
  QString error;  // empty on success
  QByteArray format;  // decoder that read it ("png", "jpeg", ...)
};

// maxPixels bounds width x height (checked from the header, before decoding).
LoadedImage loadSourceImage(const QString& path, qint64 maxPixels);

}  // namespace ifedit::app
