#pragma once
// Reading a source image from disk for an edit: orientation applied, size bounded, every failure
// explained in one sentence that names the file. The file is only ever opened for reading.
#include <QImage>
#include <QString>

namespace ifedit::app {

struct LoadedImage {
  QImage image;   // null on failure
  QString error;  // empty on success
  QByteArray format;  // decoder that read it ("png", "jpeg", ...)
};

// The default bound on width x height (about 16k x 16k): a huge or lying header fails with a
// message instead of exhausting memory.
inline constexpr qint64 kMaxSourcePixels = qint64(16384) * 16384;

// maxPixels bounds width x height (checked from the header, before decoding). The picture comes
// back as the model sees it: sRGB (a Display P3 or Adobe RGB photo is converted, not
// reinterpreted) at a device pixel ratio of 1 (Qt reads "name@2x.png" as a 2x picture).
LoadedImage loadSourceImage(const QString& path, qint64 maxPixels = kMaxSourcePixels);

// A decoded picture (pasted, dropped as data) as the model sees it: sRGB, device pixel ratio 1.
QImage asModelSees(QImage image);

// Lets Qt decode pictures up to kMaxSourcePixels anywhere in the program (its own limit is 256 MB:
// a 12000 x 8000 picture pasted from another program came back empty).
void allowSourceSizedDecodes();

}  // namespace ifedit::app
