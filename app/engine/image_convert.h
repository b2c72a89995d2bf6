#pragma once
// QImage <-> the engine's 8-bit RGB image. Grayscale, palette, 16-bit and alpha images become
// 8-bit RGB (alpha composited over white, as an artist sees a transparent image on a canvas).
#include <QImage>

#include "api/engine.h"

namespace ifedit::app {

api::Image toEngineImage(const QImage& image);
QImage toQImage(const api::Image& image);

}  // namespace ifedit::app
