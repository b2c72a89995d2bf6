#include "app/session/exif_orientation.h"

#include <QTransform>

namespace ifedit::app {
namespace {

quint32 be32(QByteArrayView b, qsizetype i) {
  return quint32(quint8(b[i])) << 24 | quint32(quint8(b[i + 1])) << 16 | quint32(quint8(b[i + 2])) << 8 | quint8(b[i + 3]);
}
quint32 le32(QByteArrayView b, qsizetype i) {
  return quint32(quint8(b[i + 3])) << 24 | quint32(quint8(b[i + 2])) << 16 | quint32(quint8(b[i + 1])) << 8 | quint8(b[i]);
}

// The Orientation entry of IFD0 of a TIFF-structured EXIF block.
int orientationInTiff(QByteArrayView tiff) {
  // Some writers keep JPEG's "Exif\0\0" prefix.
  if (tiff.size() >= 6 && tiff.startsWith(QByteArrayView("Exif\0\0", 6))) tiff = tiff.sliced(6);
  if (tiff.size() < 8) return 1;
  const bool little = tiff.startsWith(QByteArrayView("II*\0", 4));
  if (!little && !tiff.startsWith(QByteArrayView("MM\0*", 4))) return 1;
  auto u16 = [&](qsizetype i) {
    return little ? quint16(quint8(tiff[i]) | quint8(tiff[i + 1]) << 8) : quint16(quint8(tiff[i]) << 8 | quint8(tiff[i + 1]));
  };
  const quint32 ifd = little ? le32(tiff, 4) : be32(tiff, 4);
  if (ifd > quint32(tiff.size() - 2)) return 1;
  const int entries = u16(ifd);
  for (int e = 0; e < entries; ++e) {
    const qsizetype at = qsizetype(ifd) + 2 + qsizetype(e) * 12;
    if (at + 12 > tiff.size()) return 1;
    if (u16(at) != 0x0112) continue;
    const int value = u16(at + 8);  // SHORT, count 1: in the first bytes of the value field
    return u16(at + 2) == 3 && value >= 1 && value <= 8 ? value : 1;
  }
  return 1;
}

}  // namespace

int exifOrientation(QByteArrayView b) {
  if (b.startsWith(QByteArrayView("\x89PNG\r\n\x1a\n", 8))) {
    for (qsizetype i = 8; i + 12 <= b.size();) {
      const quint32 length = be32(b, i);
      if (length > quint32(b.size() - i - 12)) return 1;
      const QByteArrayView type = b.sliced(i + 4, 4);
      if (type == "eXIf") return orientationInTiff(b.sliced(i + 8, length));
      if (type == "IEND") return 1;
      i += 12 + qsizetype(length);
    }
    return 1;
  }
  if (b.size() >= 12 && b.startsWith("RIFF") && b.sliced(8, 4) == "WEBP") {
    for (qsizetype i = 12; i + 8 <= b.size();) {
      const quint32 length = le32(b, i + 4);
      if (length > quint32(b.size() - i - 8)) return 1;
      if (b.sliced(i, 4) == "EXIF") return orientationInTiff(b.sliced(i + 8, length));
      i += 8 + qsizetype(length) + (length & 1);  // chunks are padded to an even size
    }
  }
  return 1;
}

QImage orientedByExif(const QImage& image, int orientation) {
  const QTransform cw = QTransform().rotate(90);
  switch (orientation) {
    case 2: return image.mirrored(true, false);
    case 3: return image.mirrored(true, true);
    case 4: return image.mirrored(false, true);
    case 5: return image.transformed(cw).mirrored(true, false);   // transpose
    case 6: return image.transformed(cw);
    case 7: return image.transformed(cw).mirrored(false, true);   // transverse
    case 8: return image.transformed(QTransform().rotate(270));
    default: return image;
  }
}

}  // namespace ifedit::app
