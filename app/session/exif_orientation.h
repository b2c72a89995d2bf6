#pragma once
// EXIF orientation of PNG (eXIf chunk) and WebP (EXIF chunk) files. Qt 6.4 applies the tag for
// JPEG and TIFF only; a phone's PNG or WebP export would otherwise be edited lying on its side.
#include <QByteArrayView>
#include <QImage>

namespace ifedit::app {

// The Orientation tag (1..8) of the EXIF data embedded in a PNG or WebP file; 1 when there is
// none or it cannot be read.
int exifOrientation(QByteArrayView fileBytes);

// `image` as the tag says it is to be shown (2..8 mirror and/or rotate; anything else: as is).
QImage orientedByExif(const QImage& image, int orientation);

}  // namespace ifedit::app
