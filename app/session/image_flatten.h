#pragma once
// The picture as the engine sees it: alpha composited over white, as an artist sees a transparent
// image on a canvas (an opaque image comes back as it is). The engine, the VLM and the canvas
// all show this one.
#include <QImage>

namespace ifedit::app {

QImage flattenedOnWhite(const QImage& image);

}  // namespace ifedit::app
