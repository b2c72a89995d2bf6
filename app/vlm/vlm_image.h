#pragma once
// The picture as the VLM receives it: downscaled so the long side is at most 1024 px (issue 5;
// vision encoders tile larger images into many more tokens without helping the rewrite) and
// embedded in the request as a base64 data URL.
#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>

namespace ifedit::app {

enum class VlmImageEncoding {
  Auto,  // JPEG, transparency flattened onto white as the engine does (PNG only when asked for)
  Png,
  Jpeg,
};

struct VlmImage {
  QByteArray dataUrl;  // "data:image/jpeg;base64,..."; empty when preparation failed
  QString mimeType;    // "image/jpeg" or "image/png"
  QSize size;          // after downscaling
  QString error;       // why dataUrl is empty
};

inline constexpr int kVlmMaxImageSide = 1024;

VlmImage prepareVlmImage(const QImage& image, int maxSide = kVlmMaxImageSide,
                         VlmImageEncoding encoding = VlmImageEncoding::Auto, int jpegQuality = 90);

// Reads an image file applying its EXIF orientation (what the user sees is what the VLM sees).
// Returns a null image with *error naming the file and the reason on failure.
QImage loadImageForVlm(const QString& path, QString* error);

}  // namespace ifedit::app
