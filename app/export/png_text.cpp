#include "app/export/png_text.h"

#include <QtEndian>
#include <array>

namespace ifedit::app {
namespace {

const QByteArray kSignature("\x89PNG\r\n\x1a\n", 8);

QByteArray chunk(const QByteArray& type, const QByteArray& data) {
  QByteArray out;
  char len[4];
  qToBigEndian<quint32>(quint32(data.size()), len);
  out.append(len, 4);
  out.append(type);
  out.append(data);
  char crc[4];
  qToBigEndian<quint32>(crc32Of(type + data), crc);
  out.append(crc, 4);
  return out;
}

}  // namespace

quint32 crc32Of(const QByteArray& bytes) {
  static const auto table = [] {
    std::array<quint32, 256> t{};
    for (quint32 n = 0; n < 256; ++n) {
      quint32 c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  quint32 c = 0xffffffffu;
  for (char b : bytes) c = table[(c ^ quint8(b)) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

QByteArray addPngText(const QByteArray& png, const QList<PngText>& chunks) {
  if (!png.startsWith(kSignature) || png.size() < 8 + 12 + 13) return {};
  const quint32 ihdrLen = qFromBigEndian<quint32>(png.constData() + 8);
  const qsizetype afterIhdr = 8 + 12 + qsizetype(ihdrLen);
  if (png.mid(12, 4) != "IHDR" || afterIhdr > png.size()) return {};
  QByteArray inserted;
  for (const auto& c : chunks) {
    QByteArray data = c.keyword + '\0';
    if (c.utf8) {
      data += QByteArray("\0\0", 2);  // compression flag 0, method 0
      data += '\0';                   // no language tag
      data += '\0';                   // no translated keyword
      data += c.text.toUtf8();
      inserted += chunk("iTXt", data);
    } else {
      data += c.text.toLatin1();
      inserted += chunk("tEXt", data);
    }
  }
  return png.left(afterIhdr) + inserted + png.mid(afterIhdr);
}

QList<PngText> readPngText(const QByteArray& png) {
  QList<PngText> out;
  if (!png.startsWith(kSignature)) return out;
  qsizetype pos = 8;
  while (pos + 12 <= png.size()) {
    const quint32 len = qFromBigEndian<quint32>(png.constData() + pos);
    if (len > quint32(png.size() - pos - 12)) break;
    const QByteArray type = png.mid(pos + 4, 4);
    const QByteArray data = png.mid(pos + 8, len);
    pos += 12 + qsizetype(len);
    if (type == "IEND") break;
    const auto nul = data.indexOf('\0');
    if (nul <= 0) continue;
    PngText t;
    t.keyword = data.left(nul);
    if (type == "tEXt") {
      t.text = QString::fromLatin1(data.mid(nul + 1));
      out.append(t);
    } else if (type == "zTXt") {
      if (data.size() < nul + 2 || data[nul + 1] != '\0') continue;
      // qUncompress wants a 4-byte big-endian length in front of the zlib stream.
      QByteArray z = data.mid(nul + 2);
      QByteArray sized(4, '\0');
      qToBigEndian<quint32>(quint32(z.size() * 20 + 1024), sized.data());
      t.text = QString::fromLatin1(qUncompress(sized + z));
      out.append(t);
    } else if (type == "iTXt") {
      if (data.size() < nul + 3 || data[nul + 1] != '\0') continue;  // compressed iTXt not needed here
      qsizetype p = nul + 3;
      const auto lang = data.indexOf('\0', p);
      if (lang < 0) continue;
      const auto translated = data.indexOf('\0', lang + 1);
      if (translated < 0) continue;
      t.text = QString::fromUtf8(data.mid(translated + 1));
      t.utf8 = true;
      out.append(t);
    }
  }
  return out;
}

}  // namespace ifedit::app
