#include "app/session/image_truncation.h"

namespace ifedit::app {
namespace {

unsigned at(QByteArrayView b, qsizetype i) { return static_cast<unsigned char>(b[i]); }

}  // namespace

bool jpegIsTruncated(QByteArrayView b) {
  const qsizetype n = b.size();
  if (n < 4 || at(b, 0) != 0xFF || at(b, 1) != 0xD8) return false;  // not a JPEG: not ours to judge
  qsizetype i = 2;
  while (true) {
    while (i < n && at(b, i) != 0xFF) ++i;  // tolerate junk between segments, as decoders do
    while (i < n && at(b, i) == 0xFF) ++i;  // fill bytes
    if (i >= n) return true;
    const unsigned marker = at(b, i++);
    if (marker == 0xD9) return false;                                   // end of image
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;  // no length field
    if (i + 2 > n) return true;
    const qsizetype length = qsizetype(at(b, i) << 8 | at(b, i + 1));
    if (length < 2 || i + length > n) return true;
    i += length;
    if (marker != 0xDA) continue;
    // Entropy-coded data after a start of scan: runs to the next marker that is neither a
    // stuffed 0xFF00 nor a restart marker.
    while (true) {
      while (i < n && at(b, i) != 0xFF) ++i;
      if (i + 1 >= n) return true;
      const unsigned next = at(b, i + 1);
      if (next == 0x00 || next == 0xFF || (next >= 0xD0 && next <= 0xD7)) {
        i += next == 0xFF ? 1 : 2;
        continue;
      }
      break;
    }
  }
}

bool gifIsTruncated(QByteArrayView b) {
  const qsizetype n = b.size();
  if (n < 13 || !b.startsWith("GIF")) return false;
  qsizetype i = 13;
  if (at(b, 10) & 0x80) i += 3 * (qsizetype(1) << ((at(b, 10) & 7) + 1));  // global colour table
  auto skipSubBlocks = [&]() {
    while (i < n && at(b, i) != 0) i += at(b, i) + 1;
    if (i >= n) return false;
    ++i;  // the terminator
    return true;
  };
  while (i < n) {
    const unsigned block = at(b, i);
    if (block == 0x3B) return false;  // trailer before any image: nothing to cut
    if (block == 0x21) {              // extension: label, then data sub-blocks
      i += 2;
      if (!skipSubBlocks()) return true;
    } else if (block == 0x2C) {  // image descriptor, local colour table, LZW code size, data
      if (i + 10 > n) return true;
      const unsigned packed = at(b, i + 9);
      i += 10;
      if (packed & 0x80) i += 3 * (qsizetype(1) << ((packed & 7) + 1));
      i += 1;
      return i > n || !skipSubBlocks();
    } else {
      return false;  // not a block we know: leave the verdict to the decoder
    }
  }
  return true;
}

}  // namespace ifedit::app
