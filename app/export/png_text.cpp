#include "app/export/png_text.h"

#include <QStringDecoder>
#include <algorithm>

#include <QtEndian>
#include <array>
#include <optional>
#include <zlib.h>

namespace ifedit::app {
namespace {

const QByteArray kSignature("\x89PNG\r\n\x1a\n", 8);
// Our texts are a few KB; a zTXt chunk inflating past this is skipped (a small file can carry a
// deflate stream of a thousand times its size).
constexpr qsizetype kMaxInflatedText = qsizetype(8) << 20;

// The inflated zlib stream `z`, or nothing when it is corrupt, truncated or inflates past `limit`
// (qUncompress grows its buffer without bound).
std::optional<QByteArray> inflateAtMost(const QByteArray& z, qsizetype limit) {
  z_stream s{};
  if (inflateInit(&s) != Z_OK) return std::nullopt;
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(z.constData()));
  s.avail_in = uInt(z.size());  // a PNG chunk holds less than 2^31 bytes
  QByteArray out;
  std::array<char, 65536> buffer;
  int rc = Z_OK;
  while (rc == Z_OK && out.size() <= limit) {
    s.next_out = reinterpret_cast<Bytef*>(buffer.data());
    s.avail_out = uInt(buffer.size());
    rc = inflate(&s, Z_NO_FLUSH);  // Z_BUF_ERROR once a truncated stream makes no progress
    if (rc == Z_OK || rc == Z_STREAM_END) out.append(buffer.data(), qsizetype(buffer.size() - s.avail_out));
  }
  inflateEnd(&s);
  if (rc != Z_STREAM_END || out.size() > limit) return std::nullopt;
  return out;
}

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

// tEXt and zTXt are Latin-1 by the PNG standard, but stable-diffusion.cpp (which runs Wan2.2
// too) writes its UTF-8 `parameters` into tEXt: valid UTF-8 with non-ASCII bytes is read as UTF-8
// (Latin-1 text with accents is almost never valid UTF-8).
static QString latin1OrUtf8(const QByteArray& bytes) {
  const bool ascii = std::all_of(bytes.begin(), bytes.end(), [](char c) { return quint8(c) < 0x80; });
  if (!ascii) {
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = utf8.decode(bytes);
    if (!utf8.hasError()) return text;
  }
  return QString::fromLatin1(bytes);
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
      t.text = latin1OrUtf8(data.mid(nul + 1));
      out.append(t);
    } else if (type == "zTXt") {
      if (data.size() < nul + 2 || data[nul + 1] != '\0') continue;
      const auto text = inflateAtMost(data.mid(nul + 2), kMaxInflatedText);
      if (!text) continue;
      t.text = latin1OrUtf8(*text);
      out.append(t);
    } else if (type == "iTXt") {
      // keyword NUL, compression flag, method, language NUL, translated keyword NUL, text
      if (data.size() < nul + 3) continue;
      const bool compressed = data[nul + 1] != '\0';
      if (compressed && data[nul + 2] != '\0') continue;  // 0 (deflate) is the only method
      qsizetype p = nul + 3;
      const auto lang = data.indexOf('\0', p);
      if (lang < 0) continue;
      const auto translated = data.indexOf('\0', lang + 1);
      if (translated < 0) continue;
      if (compressed) {
        const auto text = inflateAtMost(data.mid(translated + 1), kMaxInflatedText);
        if (!text) continue;
        t.text = QString::fromUtf8(*text);
      } else {
        t.text = QString::fromUtf8(data.mid(translated + 1));
      }
      t.utf8 = true;
      out.append(t);
    }
  }
  return out;
}

}  // namespace ifedit::app
