#pragma once
// PNG text chunks written and read by hand: Qt's writer compresses long texts into zTXt, while the
// A1111 convention other tools read is an uncompressed tEXt "parameters" chunk. Our JSON goes into
// an uncompressed iTXt chunk (UTF-8).
#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace ifedit::app {

struct PngText {
  QByteArray keyword;  // 1-79 Latin-1 characters
  QString text;
  bool utf8 = false;   // false: tEXt (text must be Latin-1), true: iTXt
};

// Inserts the chunks right after IHDR. Returns an empty array if `png` is not a PNG stream.
QByteArray addPngText(const QByteArray& png, const QList<PngText>& chunks);

// Every tEXt / iTXt (uncompressed) / zTXt chunk of a PNG stream, in file order. Stops at malformed
// chunks; never reads past the data.
QList<PngText> readPngText(const QByteArray& png);

quint32 crc32Of(const QByteArray& bytes);

}  // namespace ifedit::app
