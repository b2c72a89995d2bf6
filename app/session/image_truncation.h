#pragma once
// Whether an encoded picture stops before its image data does. Qt's JPEG and GIF decoders return
// what they could decode of a cut-off file (the rest grey or black) and only warn on stderr, so a
// half-downloaded photo would silently become the edit's source.
#include <QByteArrayView>

namespace ifedit::app {

// A JPEG without its end-of-image marker (the segments and entropy-coded data are walked, so an
// EOI byte pair inside the data does not count and trailing bytes after EOI are allowed).
bool jpegIsTruncated(QByteArrayView bytes);

// A GIF whose first image (the one we use) ends before its LZW data's terminating block.
bool gifIsTruncated(QByteArrayView bytes);

}  // namespace ifedit::app
