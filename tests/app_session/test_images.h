#pragma once
// Image files made by the tests themselves: plain PNGs, a JPEG with a hand-written EXIF orientation,
// a PNG header that declares a huge size, and the byte helpers around them. Shared by the session
// and UI tests.
#include <QBuffer>
#include <QByteArray>
#include <QColor>
#include <QFile>
#include <QImage>
#include <QImageWriter>
#include <QPainter>
#include <QString>
#include <QtEndian>

namespace ifedit::testimages {

// Four solid quadrants (red top-left, green top-right, blue bottom-left, white bottom-right), so an
// orientation mistake shows up as a wrong colour in a known place even after JPEG compression.
inline QImage quadrants(int width, int height) {
  QImage image(width, height, QImage::Format_RGB32);
  QPainter p(&image);
  const int hw = width / 2, hh = height / 2;
  p.fillRect(0, 0, hw, hh, Qt::red);
  p.fillRect(hw, 0, width - hw, hh, Qt::green);
  p.fillRect(0, hh, hw, height - hh, Qt::blue);
  p.fillRect(hw, hh, width - hw, height - hh, Qt::white);
  return image;
}

inline QByteArray encode(const QImage& image, const char* format, int quality = -1) {
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  QImageWriter writer(&buffer, format);
  writer.setQuality(quality);
  if (!writer.write(image)) return {};
  return bytes;
}

inline bool writeFile(const QString& path, const QByteArray& bytes) {
  QFile f(path);
  return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

inline QByteArray readFile(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A big-endian TIFF block whose IFD0 holds one Orientation entry, spelled out byte by byte: TIFF
// header, IFD0 with the single Orientation entry (tag 0x0112, SHORT, count 1), no next IFD.
inline QByteArray exifOrientationBlock(quint16 orientation) {
  QByteArray tiff;
  auto u16 = [&tiff](quint16 v) { tiff.append(char(v >> 8)).append(char(v & 0xff)); };
  auto u32 = [&](quint32 v) { u16(quint16(v >> 16)); u16(quint16(v & 0xffff)); };
  tiff.append("MM", 2);
  u16(42);       // TIFF magic
  u32(8);        // IFD0 right after this header
  u16(1);        // one entry
  u16(0x0112);   // Orientation
  u16(3);        // SHORT
  u32(1);        // one value
  u16(orientation);
  u16(0);        // value field padding to 4 bytes
  u32(0);        // no next IFD
  return tiff;
}

// A JPEG of `image` whose APP1 Exif segment says "display with this orientation" (1..8; 6 = rotate
// 90 degrees clockwise).
inline QByteArray jpegWithExifOrientation(const QImage& image, quint16 orientation) {
  QByteArray payload("Exif\0\0", 6);
  payload += exifOrientationBlock(orientation);
  QByteArray segment;
  segment.append(char(0xff)).append(char(0xe1));
  const quint16 length = quint16(payload.size() + 2);  // the length counts itself
  segment.append(char(length >> 8)).append(char(length & 0xff));
  segment += payload;

  QByteArray jpeg = encode(image, "jpeg", 95);
  if (jpeg.size() < 2) return {};
  jpeg.insert(2, segment);  // right after SOI
  return jpeg;
}

inline quint32 crc32(const QByteArray& data) {
  quint32 crc = 0xffffffffu;
  for (char c : data) {
    crc ^= quint8(c);
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

inline QByteArray pngChunk(const char type[4], const QByteArray& data) {
  QByteArray out;
  char be[4];
  qToBigEndian<quint32>(quint32(data.size()), be);
  out.append(be, 4);
  QByteArray typed(type, 4);
  typed += data;
  out += typed;
  qToBigEndian<quint32>(crc32(typed), be);
  out.append(be, 4);
  return out;
}

// A well-formed PNG signature and IHDR declaring width x height RGBA, then an IDAT with no pixels:
// what a file that lies about its size looks like to a reader that trusts the header.
inline QByteArray pngHeaderOnly(quint32 width, quint32 height) {
  QByteArray ihdr(13, '\0');
  qToBigEndian<quint32>(width, ihdr.data());
  qToBigEndian<quint32>(height, ihdr.data() + 4);
  ihdr[8] = 8;   // bit depth
  ihdr[9] = 6;   // RGBA
  QByteArray png("\x89PNG\r\n\x1a\n", 8);
  png += pngChunk("IHDR", ihdr);
  png += pngChunk("IDAT", QByteArray("\x78\x9c\x03\x00\x00\x00\x00\x01", 8));  // empty zlib stream
  png += pngChunk("IEND", {});
  return png;
}

// Deterministic noise that PNG cannot compress much, so cutting the file in half cuts pixel data.
inline QImage noise(int width, int height) {
  QImage image(width, height, QImage::Format_RGB32);
  quint32 state = 12345;
  for (int y = 0; y < height; ++y) {
    auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
    for (int x = 0; x < width; ++x) {
      state = state * 1664525u + 1013904223u;
      line[x] = 0xff000000u | (state >> 8);
    }
  }
  return image;
}

inline QByteArray randomBytes(int size, quint32 seed) {
  QByteArray out(size, '\0');
  for (int i = 0; i < size; ++i) {
    seed = seed * 1103515245u + 12345u;
    out[i] = char(seed >> 16);
  }
  return out;
}


// A PNG of `image` with an eXIf chunk (after IHDR) holding the orientation.
inline QByteArray pngWithExifOrientation(const QImage& image, quint16 orientation) {
  QByteArray png = encode(image, "png");
  png.insert(33, pngChunk("eXIf", exifOrientationBlock(orientation)));  // signature 8 + IHDR 25
  return png;
}

// A WebP of `image` with an EXIF chunk after its image data (the RIFF size grown to match).
inline QByteArray webpWithExifOrientation(const QImage& image, quint16 orientation) {
  QByteArray webp = encode(image, "webp", 100);
  const QByteArray block = exifOrientationBlock(orientation);
  QByteArray chunk("EXIF", 4);
  chunk.resize(8);
  qToLittleEndian<quint32>(quint32(block.size()), chunk.data() + 4);
  chunk += block;
  if (block.size() % 2) chunk += '\0';
  webp += chunk;
  qToLittleEndian<quint32>(quint32(webp.size() - 8), webp.data() + 4);
  return webp;
}

}  // namespace ifedit::testimages
