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
// The shortest side a VLM is sent (vision encoders work on 14- or 28-pixel patches, and some
// servers refuse less): a very long strip keeps it, its long side growing to at most 4x the
// usual size, squeezed beyond that. A picture already shorter is sent as it is.
inline constexpr int kVlmMinImageSide = 28;

VlmImage prepareVlmImage(const QImage& image, int maxSide = kVlmMaxImageSide,
                         VlmImageEncoding encoding = VlmImageEncoding::Auto, int jpegQuality = 90);

// Reads an image file applying its EXIF orientation (what the user sees is what the VLM sees).
// Returns a null image with *error naming the file and the reason on failure.
QImage loadImageForVlm(const QString& path, QString* error);

}  // namespace ifedit::app
