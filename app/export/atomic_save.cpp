#include "app/export/atomic_save.h"

#include <QBuffer>
#include <QFileInfo>
#include <QImageWriter>
#include <QSaveFile>

namespace ifedit::app {

bool saveBytesAtomic(const QByteArray& bytes, const QString& path, QString* error) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) {
    if (error) *error = QStringLiteral("%1: cannot write (%2)").arg(path, file.errorString());
    return false;
  }
  if (file.write(bytes) != bytes.size() || !file.commit()) {
    if (error) *error = QStringLiteral("%1: write failed (%2)").arg(path, file.errorString());
    file.cancelWriting();
    return false;
  }
  return true;
}

bool saveImageAtomic(const QImage& image, const QString& path, QString* error, const QList<PngText>& texts,
                     int quality, bool sixteenBit, QByteArray format) {
  if (format.isEmpty()) format = QFileInfo(path).suffix().toLower().toLatin1();
  if (format == "jpg") format = "jpeg";
  if (!QImageWriter::supportedImageFormats().contains(format)) {
    if (error) *error = QStringLiteral("%1: unsupported image format '%2' (png, jpeg, webp)").arg(path, QString::fromLatin1(format));
    return false;
  }
  QImage out = image;
  if (format == "png" && sixteenBit) out = image.convertToFormat(QImage::Format_RGBX64);
  else if (format != "png") out = image.convertToFormat(QImage::Format_RGB888);
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  QImageWriter writer(&buffer, format);
  // For PNG, Qt reads "quality" as the compression ((100 - q) * 9 / 91): 95 wrote every PNG
  // uncompressed (a 12000 x 8000 export took 288 MB instead of 44 MB). 30 is zlib's level 6.
  writer.setQuality(format == "png" ? 30 : quality);
  if (!writer.write(out)) {
    if (error) *error = QStringLiteral("%1: cannot encode (%2)").arg(path, writer.errorString());
    return false;
  }
  buffer.close();
  if (format == "png" && !texts.isEmpty()) bytes = addPngText(bytes, texts);
  return saveBytesAtomic(bytes, path, error);
}

}  // namespace ifedit::app
