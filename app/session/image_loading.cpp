#include "app/session/image_loading.h"

#include <QColorSpace>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImageReader>
#include <QLocale>
#include <QStringList>
#include <algorithm>
#include <limits>

#include "app/session/exif_orientation.h"
#include "app/session/image_truncation.h"

namespace ifedit::app {
namespace {

QString supportedFormats() {
  QStringList names;
  for (const QByteArray& f : QImageReader::supportedImageFormats()) names << QString::fromLatin1(f);
  return names.join(QStringLiteral(", "));
}

// Qt refuses decodes above its allocation limit (256 MB by default); ours follows the pixel bound
// instead, at 8 bytes per pixel for 16-bit RGBA.
int allocationLimitMiB(qint64 maxPixels) {
  const qint64 mib = maxPixels * 8 / (1024 * 1024) + 1;
  return int(std::clamp<qint64>(mib, 256, std::numeric_limits<int>::max()));
}

QString tooLarge(const QString& shown, QSize size, qint64 maxPixels) {
  return QCoreApplication::translate("ifedit::app::ImageLoading", "%1 is too large: %2 x %3 pixels (the limit is %4 megapixels).")
      .arg(shown)
      .arg(size.width())
      .arg(size.height())
      .arg(QLocale().toString(double(maxPixels) / 1e6, 'f', 1));
}

}  // namespace

LoadedImage loadSourceImage(const QString& path, qint64 maxPixels) {
  LoadedImage out;
  const QString shown = QDir::toNativeSeparators(path);
  const QFileInfo info(path);
  if (path.isEmpty()) {
    out.error = QCoreApplication::translate("ifedit::app::ImageLoading", "No file name given.");
    return out;
  }
  if (!info.exists()) {
    out.error = QCoreApplication::translate("ifedit::app::ImageLoading", "File not found: %1").arg(shown);
    return out;
  }
  if (!info.isFile()) {
    out.error = QCoreApplication::translate("ifedit::app::ImageLoading", "Not a file: %1").arg(shown);
    return out;
  }
  if (!info.isReadable()) {
    out.error = QCoreApplication::translate("ifedit::app::ImageLoading", "Cannot read %1: permission denied.").arg(shown);
    return out;
  }
  if (info.size() == 0) {
    out.error = QCoreApplication::translate("ifedit::app::ImageLoading", "%1 is empty (0 bytes), not an image.").arg(shown);
    return out;
  }

  QImageReader reader(path);
  // The bytes decide the decoder, not the extension: a renamed JPEG still opens, and random bytes
  // called .png are reported as "not an image" rather than as a broken PNG.
  reader.setDecideFormatFromContent(true);
  reader.setAutoTransform(true);  // EXIF orientation, as every viewer shows the photo
  // A content sniff can be fooled: an uncompressed TGA starts like an ICO (00 00 02 00), whose
  // loose check claims it. Then, or when no decoder claims the bytes, the decoder the file's
  // suffix names gets them if it accepts them.
  const QByteArray bySuffix = info.suffix().toLower().toLatin1();
  if ((reader.format() == "ico" || !reader.canRead()) && !bySuffix.isEmpty() && reader.format() != bySuffix &&
      QImageReader::supportedImageFormats().contains(bySuffix)) {
    QImageReader named(path, bySuffix);
    named.setDecideFormatFromContent(false);
    if (named.canRead() && named.format() == bySuffix) {
      reader.setFileName(path);
      reader.setDecideFormatFromContent(false);
      reader.setFormat(bySuffix);
    }
  }
  if (!reader.canRead()) {
    out.error = QCoreApplication::translate("ifedit::app::ImageLoading", "%1 is not an image in a supported format (supported: %2).")
                    .arg(shown, supportedFormats());
    return out;
  }
  out.format = reader.format();
  // Qt's SVG renderer needs fonts, which exist only in a QGuiApplication (the editor): the command
  // line would abort on the first <text>.
  if ((out.format == "svg" || out.format == "svgz") && !qobject_cast<QGuiApplication*>(QCoreApplication::instance())) {
    out.error = QCoreApplication::translate("ifedit::app::ImageLoading",
                                            "%1 is an SVG drawing: open it in the editor, or convert it to PNG for the command line.")
                    .arg(shown);
    return out;
  }
  const QSize size = reader.size();
  if (size.isValid()) {
    const qint64 pixels = qint64(size.width()) * size.height();
    if (size.isEmpty()) {
      out.error = QCoreApplication::translate("ifedit::app::ImageLoading", "%1 declares an empty image (%2 x %3 pixels).")
                      .arg(shown).arg(size.width()).arg(size.height());
      return out;
    }
    if (pixels > maxPixels) {
      out.error = tooLarge(shown, size, maxPixels);
      return out;
    }
  }
  reader.setAllocationLimit(allocationLimitMiB(maxPixels));
  QImage image = reader.read();
  if (image.isNull()) {
    out.error = QCoreApplication::translate("ifedit::app::ImageLoading", "Could not decode %1 as %2: %3 (the file may be corrupt or truncated).")
                    .arg(shown, QString::fromLatin1(out.format).toUpper(), reader.errorString());
    return out;
  }
  const bool checkCut = out.format == "jpeg" || out.format == "jpg" || out.format == "gif";
  // Qt 6.4 reads the orientation of JPEG and TIFF only; a newer Qt that applies it itself is left to.
  const bool checkOrientation = (out.format == "png" || out.format == "webp") &&
                                reader.transformation() == QImageIOHandler::TransformationNone;
  if (checkCut || checkOrientation) {
    QFile file(path);
    const uchar* mapped = file.open(QIODevice::ReadOnly) ? file.map(0, file.size()) : nullptr;
    const QByteArray readAll = mapped ? QByteArray() : file.readAll();
    const QByteArrayView bytes = mapped ? QByteArrayView(mapped, file.size()) : QByteArrayView(readAll);
    if (checkOrientation) image = orientedByExif(image, exifOrientation(bytes));
    if (checkCut && (out.format == "gif" ? gifIsTruncated(bytes) : jpegIsTruncated(bytes))) {
      out.error = QCoreApplication::translate("ifedit::app::ImageLoading",
                                              "%1 is cut short: its %2 data ends before the picture does (an incomplete download or copy?).")
                      .arg(shown, QString::fromLatin1(out.format).toUpper());
      return out;
    }
  }
  if (qint64(image.width()) * image.height() > maxPixels) {  // formats without a size in the header
    out.error = tooLarge(shown, image.size(), maxPixels);
    return out;
  }
  out.image = asModelSees(std::move(image));
  return out;
}

QImage asModelSees(QImage image) {
  image.setDevicePixelRatio(1.0);
  // The model was trained on sRGB and exports are untagged (read as sRGB): other colour spaces
  // are converted here. Qt 6.4 converts RGB images only; grayscale is the same in every RGB space.
  if (const QColorSpace cs = image.colorSpace(); cs.isValid() && cs != QColorSpace(QColorSpace::SRgb) && !image.isGrayscale())
    image.convertToColorSpace(QColorSpace(QColorSpace::SRgb));
  return image;
}

void allowSourceSizedDecodes() { QImageReader::setAllocationLimit(allocationLimitMiB(kMaxSourcePixels)); }

}  // namespace ifedit::app
