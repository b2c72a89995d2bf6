#pragma once
// Exports never leave half-written files: everything is written to a temporary file beside the
// target and renamed into place (QSaveFile).
#include <QByteArray>
#include <QImage>
#include <QList>
#include <QString>

#include "app/export/png_text.h"

namespace ifedit::app {

// Format from the suffix (png, jpg/jpeg, webp) unless given. `sixteenBit` writes a 16-bit PNG.
// `quality` is JPEG's and WebP's; a PNG is always compressed as zlib's default level does.
// PNG text chunks are added for PNG only. Returns false with a one-line *error naming the file.
bool saveImageAtomic(const QImage& image, const QString& path, QString* error, const QList<PngText>& texts = {},
                     int quality = 95, bool sixteenBit = false, QByteArray format = {});

bool saveBytesAtomic(const QByteArray& bytes, const QString& path, QString* error);

}  // namespace ifedit::app
