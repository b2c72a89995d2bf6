#include "app/export/exporter.h"

#include <algorithm>
#include <cstring>

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageWriter>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTemporaryDir>
#include <filesystem>
#include <opencv2/core.hpp>
#include <opencv2/videoio.hpp>
#include <system_error>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

#include "app/export/atomic_save.h"

namespace ifedit::app {
namespace {

const QString kSequenceJson = QStringLiteral("evolution.json");
// frame_0000.png ...; ifedit-cli --evolution wrote frame_000.png before it used this export.
const QRegularExpression kFrameName(QStringLiteral("^frame_\\d{3,}\\.png$"));

bool fail(QString* error, const QString& message) {
  if (error) *error = message;
  return false;
}

bool isLatin1(const QString& text) {
  for (QChar c : text)
    if (c.unicode() > 0xff) return false;
  return true;
}

QByteArray compactJson(const QJsonObject& json) { return QJsonDocument(json).toJson(QJsonDocument::Compact); }

// A name beside `target` that no one else uses: ".<name>.<random>.<suffix>".
QString tempPathBeside(const QString& target, const QString& suffix) {
  const QFileInfo info(target);
  return info.absoluteDir().filePath(QStringLiteral(".%1.%2.%3")
                                         .arg(info.fileName())
                                         .arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'))
                                         .arg(suffix));
}

// rename(2): replaces a file atomically (or an empty folder).
bool renameOver(const QString& from, const QString& to, QString* error) {
  std::error_code ec;
  std::filesystem::rename(QFile::encodeName(from).toStdString(), QFile::encodeName(to).toStdString(), ec);
  if (ec) return fail(error, QCoreApplication::translate("ifedit::app::Export", "%1: cannot move into place (%2)").arg(to, QString::fromStdString(ec.message())));
  return true;
}

bool checkFolderOf(const QString& path, QString* error) {
  const QFileInfo dir(QFileInfo(path).absolutePath());
  if (!dir.isDir()) return fail(error, QCoreApplication::translate("ifedit::app::Export", "%1: the folder %2 does not exist").arg(path, dir.filePath()));
  return true;
}

// New folders get the permissions mkdir gives (QTemporaryDir makes them private to the user).
// The umask is read from /proc: setting it to read it would race with other threads' files.
void setDefaultFolderPermissions(const QString& folder) {
#ifdef Q_OS_UNIX
  mode_t mask = 022;
  QFile status(QStringLiteral("/proc/self/status"));
  if (status.open(QIODevice::ReadOnly))
    for (const QByteArray& line : status.readAll().split('\n'))
      if (line.startsWith("Umask:")) mask = mode_t(line.mid(6).trimmed().toUInt(nullptr, 8));
  ::chmod(QFile::encodeName(folder).constData(), 0777 & ~mask);
#else
  Q_UNUSED(folder);
#endif
}

// Frames decodable from the MP4 at `path` (0 when it does not open: a file cut short has no index).
int readableVideoFrames(const QString& path) {
  cv::VideoCapture capture(QFile::encodeName(path).toStdString(), cv::CAP_FFMPEG);
  if (!capture.isOpened()) return 0;
  int frames = 0;
  cv::Mat frame;
  while (capture.read(frame)) ++frames;
  return frames;
}

QImage evenSized(const QImage& rgb) {
  const int w = rgb.width() + (rgb.width() & 1), h = rgb.height() + (rgb.height() & 1);
  if (w == rgb.width() && h == rgb.height()) return rgb;
  QImage out(w, h, QImage::Format_RGB888);
  for (int y = 0; y < h; ++y) {
    const uchar* src = rgb.constScanLine(std::min(y, rgb.height() - 1));
    uchar* dst = out.scanLine(y);
    std::memcpy(dst, src, size_t(rgb.width()) * 3);
    if (w != rgb.width()) std::memcpy(dst + size_t(rgb.width()) * 3, src + size_t(rgb.width() - 1) * 3, 3);
  }
  return out;
}

// The pixels to encode: 8-bit RGB, or 16-bit for Png16 so that scaling keeps the values between
// the 8-bit steps (a 16-bit file of an 8-bit picture would otherwise only hold multiples of 257).
QImage exportPixels(const QImage& image, QSize size, bool sixteenBit) {
  QImage pixels = image.convertToFormat(sixteenBit ? QImage::Format_RGBX64 : QImage::Format_RGB888);
  if (size.isEmpty() || size == pixels.size()) return pixels;
  pixels = pixels.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
  return sixteenBit ? pixels : pixels.convertToFormat(QImage::Format_RGB888);
}

}  // namespace

QString fileSuffix(ImageExportFormat format) {
  switch (format) {
    case ImageExportFormat::Png8:
    case ImageExportFormat::Png16: return QStringLiteral("png");
    case ImageExportFormat::Jpeg: return QStringLiteral("jpg");
    case ImageExportFormat::WebP: return QStringLiteral("webp");
  }
  return {};
}

bool formatFromSuffix(const QString& path, ImageExportFormat* format) {
  const QString s = QFileInfo(path).suffix().toLower();
  ImageExportFormat f;
  if (s == QLatin1String("png")) f = ImageExportFormat::Png8;
  else if (s == QLatin1String("jpg") || s == QLatin1String("jpeg")) f = ImageExportFormat::Jpeg;
  else if (s == QLatin1String("webp")) f = ImageExportFormat::WebP;
  else return false;
  if (format) *format = f;
  return true;
}

// The bytes one JPEG comment segment holds (its 16-bit length counts itself).
constexpr int kJpegCommentBytes = 65533;

QString sidecarPath(const QString& imagePath) { return imagePath + QStringLiteral(".json"); }

bool isSameFile(const QString& target, const QString& source) {
  if (target.isEmpty() || source.isEmpty()) return false;
#ifdef Q_OS_UNIX
  struct stat a {}, b {};
  if (::stat(QFile::encodeName(target).constData(), &a) != 0 || ::stat(QFile::encodeName(source).constData(), &b) != 0)
    return false;
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
#else
  const QString canonical = QFileInfo(target).canonicalFilePath();
  return !canonical.isEmpty() && canonical == QFileInfo(source).canonicalFilePath();
#endif
}

bool checkNotSource(const QString& target, const QString& source, QString* error) {
  bool clash = isSameFile(target, source);
  if (!clash && !source.isEmpty() && QFileInfo(target).isDir()) {
    // A folder export replaces the folder whole: the source must not be inside it.
    const QString folder = QFileInfo(target).canonicalFilePath();
    const QString file = QFileInfo(source).canonicalFilePath();
    clash = !folder.isEmpty() && file.startsWith(folder + QLatin1Char('/'));
  }
  if (!clash) return true;
  return fail(error, QCoreApplication::translate("ifedit::app::Export",
                                                 "%1: this is the source picture of the edit (exporting there would "
                                                 "overwrite it); choose another name")
                         .arg(QDir::toNativeSeparators(target)));
}

QByteArray whitespaceSafeJson(const QJsonObject& json) {
  // Compact JSON has whitespace only inside strings, where a \uXXXX escape means the same.
  const QString text = QString::fromUtf8(compactJson(json));
  QString out;
  out.reserve(text.size());
  for (QChar c : text) {
    if (c.isSpace()) out += QStringLiteral("\\u%1").arg(uint(c.unicode()), 4, 16, QLatin1Char('0'));
    else out += c;
  }
  return out.toUtf8();
}

QString exportSizeProblem(ImageExportFormat format, QSize size) {
  const int limit = format == ImageExportFormat::WebP ? 16383 : format == ImageExportFormat::Jpeg ? 65500 : 0;
  if (limit == 0 || (size.width() <= limit && size.height() <= limit)) return {};
  return QCoreApplication::translate("ifedit::app::Export",
                                     "%1 holds at most %2 pixels a side, and the picture is %3 x %4: export it as PNG, "
                                     "or at the model's working size")
      .arg(fileSuffix(format).toUpper())
      .arg(limit)
      .arg(size.width())
      .arg(size.height());
}

bool exportImage(const QImage& image, const QString& path, const ImageExportOptions& options,
                 const ExportMetadata& metadata, QString* error) {
  if (image.isNull()) return fail(error, QCoreApplication::translate("ifedit::app::Export", "%1: there is no image to export").arg(path));
  if (const QString problem = exportSizeProblem(options.format, options.size.isEmpty() ? image.size() : options.size);
      !problem.isEmpty())
    return fail(error, QStringLiteral("%1: %2").arg(path, problem));
  if (!checkFolderOf(path, error)) return false;
  if (!checkNotSource(path, options.sourcePath, error)) return false;
  const bool withMeta = options.metadata && !metadata.isEmpty();
  const bool sixteenBit = options.format == ImageExportFormat::Png16;
  const QImage pixels = exportPixels(image, options.size, sixteenBit);
  if (pixels.isNull())
    return fail(error, QCoreApplication::translate("ifedit::app::Export", "%1: cannot scale the image to %2 × %3 (not enough memory)")
                           .arg(path)
                           .arg(options.size.width())
                           .arg(options.size.height()));
  QJsonObject edit = metadata.edit;
  if (!edit.isEmpty()) edit.insert(QLatin1String(kExportSizeKey), QJsonArray{pixels.width(), pixels.height()});
  bool recordBeside = false;  // the record is too long to embed: it goes into the sidecar
  switch (options.format) {
    case ImageExportFormat::Png8:
    case ImageExportFormat::Png16: {
      QList<PngText> texts;
      if (withMeta) {
        if (!metadata.parameters.isEmpty())
          texts.append({"parameters", metadata.parameters, !isLatin1(metadata.parameters)});
        if (!edit.isEmpty()) texts.append({"ifedit", QString::fromUtf8(compactJson(edit)), true});
      }
      if (!saveImageAtomic(pixels, path, error, texts, 95, sixteenBit, "png")) return false;
      break;
    }
    case ImageExportFormat::Jpeg:
    case ImageExportFormat::WebP: {
      const QByteArray format = options.format == ImageExportFormat::Jpeg ? "jpeg" : "webp";
      if (!QImageWriter::supportedImageFormats().contains(format))
        return fail(error, QCoreApplication::translate("ifedit::app::Export", "%1: this Qt has no %2 writer (install the Qt image format plugins)")
                               .arg(path, QString::fromLatin1(format)));
      QByteArray bytes;
      QBuffer buffer(&bytes);
      buffer.open(QIODevice::WriteOnly);
      QImageWriter writer(&buffer, format);
      writer.setQuality(std::clamp(options.quality, 0, 100));
      if (withMeta && options.format == ImageExportFormat::Jpeg) {
        // Each text is one comment segment ("key: text"), which holds at most 65 533 bytes: Qt
        // cuts a longer one short (a long chain of edits nests every earlier record), and a cut
        // JSON cannot be read back. The record then goes beside the picture, whole.
        const auto fits = [](const QString& key, const QByteArray& text) {
          return key.toUtf8().size() + 2 + text.size() <= kJpegCommentBytes;
        };
        if (!metadata.parameters.isEmpty() && fits(QStringLiteral("parameters"), metadata.parameters.toUtf8()))
          writer.setText(QStringLiteral("parameters"), metadata.parameters);
        if (!edit.isEmpty()) {
          const QByteArray json = whitespaceSafeJson(edit);
          if (fits(QStringLiteral("ifedit"), json)) writer.setText(QStringLiteral("ifedit"), QString::fromUtf8(json));
          else recordBeside = true;
        }
      }
      if (!writer.write(pixels))
        return fail(error, QCoreApplication::translate("ifedit::app::Export", "%1: cannot encode %2 (%3)").arg(path, QString::fromLatin1(format), writer.errorString()));
      buffer.close();
      if (!saveBytesAtomic(bytes, path, error)) return false;
      break;
    }
  }
  const bool sidecar =
      withMeta && !edit.isEmpty() && (options.sidecar || options.format == ImageExportFormat::WebP || recordBeside);
  if (sidecar) {
    const QByteArray json = QJsonDocument(edit).toJson(QJsonDocument::Indented);
    if (!saveBytesAtomic(json, sidecarPath(path), error)) return false;
  } else if (QFileInfo(sidecarPath(path)).isFile()) {
    // The sidecar of an earlier export to this name would be read as this image's edit.
    QFile::remove(sidecarPath(path));
  }
  return true;
}

bool exportVideoMp4(const QList<QImage>& frames, const QString& path, double fps, QString* error,
                    const QString& sourcePath) {
  if (frames.isEmpty()) return fail(error, QCoreApplication::translate("ifedit::app::Export", "%1: there are no frames to export").arg(path));
  if (!(fps > 0 && fps <= 240)) return fail(error, QCoreApplication::translate("ifedit::app::Export", "%1: frame rate %2 is outside 0..240").arg(path).arg(fps));
  if (!checkFolderOf(path, error)) return false;
  if (!checkNotSource(path, sourcePath, error)) return false;
  const QSize size = frames.first().size();
  // FFmpeg's MPEG-4 Part 2 encoder takes at most 8191 pixels a side (odd sides are padded by one):
  // a very wide picture's working size reaches that, and the writer then failed as if OpenCV had
  // no FFmpeg.
  if (size.width() + size.width() % 2 > 8191 || size.height() + size.height() % 2 > 8191)
    return fail(error, QCoreApplication::translate("ifedit::app::Export",
                                                   "%1: MP4 holds at most 8191 pixels a side, and the evolution is %2 x %3: "
                                                   "export it as a PNG sequence")
                           .arg(path)
                           .arg(size.width())
                           .arg(size.height()));
  // The container is chosen from the suffix, so the temporary name ends in .mp4 too.
  const QString temp = tempPathBeside(path, QStringLiteral("mp4"));
  auto cleanFail = [&](const QString& message) {
    QFile::remove(temp);
    return fail(error, message);
  };
  try {
    const QImage first = evenSized(frames.first().convertToFormat(QImage::Format_RGB888));
    cv::VideoWriter writer(QFile::encodeName(temp).toStdString(), cv::CAP_FFMPEG,
                           cv::VideoWriter::fourcc('m', 'p', '4', 'v'), fps, cv::Size(first.width(), first.height()),
                           true);
    if (!writer.isOpened())
      return cleanFail(QCoreApplication::translate("ifedit::app::Export", "%1: cannot start an MP4 writer (OpenCV built without FFmpeg?)").arg(path));
    for (int i = 0; i < frames.size(); ++i) {
      if (frames[i].size() != size)
        return cleanFail(QCoreApplication::translate("ifedit::app::Export", "%1: frame %2 is %3x%4, frame 0 is %5x%6")
                             .arg(path)
                             .arg(i)
                             .arg(frames[i].width())
                             .arg(frames[i].height())
                             .arg(size.width())
                             .arg(size.height()));
      // OpenCV wants BGR rows.
      const QImage bgr = evenSized(frames[i].convertToFormat(QImage::Format_RGB888)).rgbSwapped();
      const cv::Mat mat(bgr.height(), bgr.width(), CV_8UC3, const_cast<uchar*>(bgr.constBits()),
                        size_t(bgr.bytesPerLine()));
      writer.write(mat);
    }
    writer.release();
  } catch (const cv::Exception& e) {
    return cleanFail(QCoreApplication::translate("ifedit::app::Export", "%1: video writer failed (%2)").arg(path, QString::fromStdString(e.msg)));
  }
  if (QFileInfo(temp).size() <= 0) return cleanFail(QCoreApplication::translate("ifedit::app::Export", "%1: the video writer wrote nothing").arg(path));
  if (const int readable = readableVideoFrames(temp); readable != frames.size())
    return cleanFail(QCoreApplication::translate("ifedit::app::Export",
                                                 "%1: the video was not written whole (%2 of %3 frames read back; is the disk full?)")
                         .arg(path)
                         .arg(readable)
                         .arg(frames.size()));
  if (!renameOver(temp, path, error)) {
    QFile::remove(temp);
    return false;
  }
  return true;
}

QString resolvedSequenceFolder(const QString& folder) {
  const QString clean = QDir::cleanPath(folder);
  const QFileInfo link(clean);
  if (!link.isSymLink()) return clean;
  // Through every link of a chain; a dangling link names where the folder will be made.
  const QString canonical = link.canonicalFilePath();
  return canonical.isEmpty() ? link.symLinkTarget() : canonical;
}

bool checkSequenceFolder(const QString& folderGiven, const QString& sourcePath, QString* error) {
  const QString folder = resolvedSequenceFolder(folderGiven);
  if (!checkFolderOf(folder, error)) return false;
  if (!checkNotSource(folder, sourcePath, error)) return false;
  const QFileInfo target(folder);
  if (!target.exists()) return true;
  if (!target.isDir()) return fail(error, QCoreApplication::translate("ifedit::app::Export", "%1: exists and is not a folder").arg(folder));
  const auto entries = QDir(folder).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
  for (const auto& e : entries)
    if (e != kSequenceJson && !kFrameName.match(e).hasMatch())
      return fail(error, QCoreApplication::translate("ifedit::app::Export", "%1: the folder holds other files (%2); choose a new or empty folder")
                             .arg(folder, e));
  return true;
}

bool exportFrameSequence(const QList<QImage>& frames, const QString& folderGiven, const ExportMetadata& metadata,
                         QString* error, const QString& sourcePath) {
  // "out/" names the folder "out"; a symlink names the folder it points to (renaming the link
  // aside would move the link, and removing "the earlier export" would empty its target).
  const QString folder = resolvedSequenceFolder(folderGiven);
  if (frames.isEmpty()) return fail(error, QCoreApplication::translate("ifedit::app::Export", "%1: there are no frames to export").arg(folder));
  if (!checkSequenceFolder(folder, sourcePath, error)) return false;
  const bool replace = QFileInfo(folder).isDir() && !QDir(folder).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
  QTemporaryDir temp(QFileInfo(tempPathBeside(folder, QStringLiteral("tmp"))).filePath() + QStringLiteral("-XXXXXX"));
  if (!temp.isValid())
    return fail(error, QCoreApplication::translate("ifedit::app::Export", "%1: cannot create a temporary folder beside it (%2)").arg(folder, temp.errorString()));
  setDefaultFolderPermissions(temp.path());
  const int digits = std::max(4, int(QString::number(frames.size() - 1).size()));
  for (int i = 0; i < frames.size(); ++i) {
    const QString name = QStringLiteral("frame_%1.png").arg(i, digits, 10, QLatin1Char('0'));
    QString e;
    if (!saveImageAtomic(frames[i].convertToFormat(QImage::Format_RGB888), temp.filePath(name), &e, {}, 95, false, "png"))
      return fail(error, QStringLiteral("%1: %2").arg(folder, e));
  }
  if (!metadata.edit.isEmpty()) {
    QJsonObject json = metadata.edit;
    json.insert(QStringLiteral("parameters"), metadata.parameters);
    if (!saveBytesAtomic(QJsonDocument(json).toJson(QJsonDocument::Indented), temp.filePath(kSequenceJson), error))
      return false;
  }
  QString old;
  if (replace) {
    // A non-empty folder cannot be renamed over: move the earlier export aside first.
    old = tempPathBeside(folder, QStringLiteral("old"));
    if (!renameOver(folder, old, error)) return false;
  }
  if (!renameOver(temp.path(), folder, error)) {
    if (!old.isEmpty()) renameOver(old, folder, nullptr);
    return false;
  }
  temp.setAutoRemove(false);
  if (!old.isEmpty()) QDir(old).removeRecursively();
  return true;
}

}  // namespace ifedit::app
