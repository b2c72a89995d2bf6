#pragma once
// Exports of an edit (DESIGN.md §3, issue 6 item 6). Every write is atomic: a temporary file or
// folder beside the target, renamed into place; on failure the target is untouched and no
// temporary is left behind.
//
// Where the metadata goes:
//   PNG  : `parameters` (A1111 text; tEXt, or iTXt when it is not Latin-1) + `ifedit` (JSON, iTXt),
//          the format `ifedit-cli edit` writes.
//   JPEG : `parameters` and `ifedit` as COM segments through QImageWriter::setText (Qt reads them
//          back with QImageReader::text). Qt collapses whitespace there, so the JSON is written with
//          every whitespace character inside its strings escaped (\u0020): it reads back unchanged.
//   WebP : Qt's WebP writer keeps no text, so the JSON goes to a sidecar `<file>.webp.json`.
// The JSON also records the size written, as "export_size": [w, h] (the model's working size is
// "working_size"; an export may be scaled to the source picture's size).
// Qt-only header (ui/ may include it); build ExportMetadata from an edit with export_metadata.h.
#include <QImage>
#include <QJsonObject>
#include <QList>
#include <QSize>
#include <QString>

namespace ifedit::app {

enum class ImageExportFormat { Png8, Png16, Jpeg, WebP };

struct ExportMetadata {
  QString parameters;  // A1111-style text: prompt line, then "Steps: 8, Sampler: euler, ..."
  QJsonObject edit;    // the edit report (instruction, prompt, settings, seed, model)
  bool isEmpty() const { return parameters.isEmpty() && edit.isEmpty(); }
};

struct ImageExportOptions {
  ImageExportFormat format = ImageExportFormat::Png8;
  int quality = 95;       // JPEG / WebP
  bool metadata = true;   // embed (or, for WebP, write the sidecar)
  bool sidecar = false;   // also write `<file>.json` for PNG / JPEG
  QSize size;             // scale to this size (smooth; in 16 bits for Png16); empty: as is
  QString sourcePath;     // the edit's source picture: an export there is refused
};

// The key of the exported size in the edit JSON.
inline constexpr char kExportSizeKey[] = "export_size";

// "png", "jpg", "webp".
QString fileSuffix(ImageExportFormat format);
// The format a file name asks for (png -> Png8, jpg/jpeg, webp); false for anything else.
bool formatFromSuffix(const QString& path, ImageExportFormat* format);
// Empty when `format` can hold a picture of `size`; else a sentence naming the format's limit
// (WebP: 16383 pixels a side, JPEG: 65500) and what to choose instead.
QString exportSizeProblem(ImageExportFormat format, QSize size);
// Where the JSON sidecar of `imagePath` goes: `<imagePath>.json`.
QString sidecarPath(const QString& imagePath);
// The compact JSON with all whitespace inside strings escaped (survives QString::simplified()).
QByteArray whitespaceSafeJson(const QJsonObject& json);

// Whether `target` names the file `source` (the same path, a symlink to it, or a hard link):
// writing there would replace the source picture.
bool isSameFile(const QString& target, const QString& source);
// False with a message naming `target` when it is `source` (or, for a folder, holds it).
bool checkNotSource(const QString& target, const QString& source, QString* error);

// Writes `image` as `path`, scaled to options.size when it is set. The source of the edit
// (options.sourcePath) is never touched: writing over it is refused. Without metadata in a
// sidecar, an earlier export's sidecar of `path` is removed (it would describe another edit).
// Returns false with a one-line *error naming the file.
bool exportImage(const QImage& image, const QString& path, const ImageExportOptions& options,
                 const ExportMetadata& metadata, QString* error);

// The evolution as an MP4 (MPEG-4 Part 2, OpenCV's FFmpeg writer) at `fps` frames per second.
// Frames must share one size; odd sizes are padded by one edge row/column (the codec needs even).
// The written file is read back (every frame) before it replaces `path`: OpenCV's writer does
// not report a full disk.
bool exportVideoMp4(const QList<QImage>& frames, const QString& path, double fps, QString* error,
                    const QString& sourcePath = {});

// The evolution as frame_0000.png, frame_0001.png, ... plus evolution.json (the metadata) in
// `folder`. The folder must be new, empty, or hold an earlier frame export (then it is replaced
// whole). A symlink to a folder exports into the folder it names.
bool exportFrameSequence(const QList<QImage>& frames, const QString& folder, const ExportMetadata& metadata,
                         QString* error, const QString& sourcePath = {});
// The checks exportFrameSequence makes before writing (for callers that want them up front): the
// folder is new, empty or an earlier frame export, and neither is nor holds the source.
bool checkSequenceFolder(const QString& folder, const QString& sourcePath, QString* error);
// The folder a sequence export writes: the path cleaned, symlinks (chains too) followed.
QString resolvedSequenceFolder(const QString& folder);

}  // namespace ifedit::app
