// Exports: each image format read back (pixels, metadata, 16-bit depth), atomic writes (a failing
// write leaves the target as it was and no temporary behind), MP4 read back with OpenCV, PNG
// sequences, and the metadata round trip that "drop the PNG back" relies on.
#include <signal.h>
#include <sys/resource.h>

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>
#include <opencv2/core.hpp>
#include <opencv2/videoio.hpp>

#include "api/engine.h"
#include "app/engine/edit_report.h"
#include "app/engine/settings_json.h"
#include "app/export/atomic_save.h"
#include "app/export/edit_metadata.h"
#include "app/export/export_metadata.h"
#include "app/export/exporter.h"
#include "app/export/png_text.h"
#include "app/settings/app_settings.h"
#include "app/settings/engine_settings.h"

using namespace ifedit;
using app::ImageExportFormat;

namespace {

// A smooth gradient with a colour ramp per channel: survives JPEG/WebP with small errors and makes
// any channel swap or flip visible.
QImage gradient(int w, int h) {
  QImage img(w, h, QImage::Format_RGB888);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      img.setPixelColor(x, y, QColor(x * 255 / std::max(1, w - 1), y * 255 / std::max(1, h - 1), (x + y) * 127 / std::max(1, w + h - 2)));
  return img;
}

// Pixels that do not compress (for the file-size limit test).
QImage noise(int w, int h, quint32 seed = 0) {
  QImage img(w, h, QImage::Format_RGB888);
  quint32 s = 12345 + seed;
  for (int y = 0; y < h; ++y) {
    uchar* row = img.scanLine(y);
    for (int i = 0; i < w * 3; ++i) row[i] = uchar((s = s * 1664525u + 1013904223u) >> 24);
  }
  return img;
}

double meanAbsDiff(const QImage& a, const QImage& b) {
  const QImage x = a.convertToFormat(QImage::Format_RGB888), y = b.convertToFormat(QImage::Format_RGB888);
  if (x.size() != y.size()) return 1e9;
  double sum = 0;
  for (int r = 0; r < x.height(); ++r)
    for (int i = 0; i < x.width() * 3; ++i) sum += std::abs(int(x.constScanLine(r)[i]) - int(y.constScanLine(r)[i]));
  return sum / (double(x.width()) * x.height() * 3);
}

QByteArray readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList entries(const QString& dir) {
  return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
}

// An edit as the engine would describe it (no engine run needed for exports).
struct FakeEdit {
  api::Evolution evolution;
  api::RefineResult result;
  app::EditRecord record;
  FakeEdit() {
    evolution.prompt = "The  sky slowly turns deep blue as night falls.\tStars appear.";
    evolution.settings.frames = 21;
    evolution.settings.steps = 6;
    evolution.settings.solver = "unipc";
    evolution.settings.shift = 3.0;
    evolution.settings.guidanceLow = 3.5;
    evolution.settings.guidanceHigh = 4.0;
    evolution.settings.dropoutK = 2;
    evolution.settings.threshold = 0.85;
    evolution.settings.refine = true;
    evolution.settings.refineFrames = 5;
    evolution.settings.seed = 987654321012345ull;
    evolution.seed = 987654321012345ull;
    evolution.width = 48;
    evolution.height = 32;
    for (int i = 0; i < 21; ++i) evolution.frames.push_back(api::Image{48, 32, std::vector<uint8_t>(48 * 32 * 3, uint8_t(i * 10))});
    evolution.candidates = {17, 18, 19, 20};
    evolution.candidateScores = {1.0, 2.0, 3.0, 2.5};
    evolution.pick = 19;
    evolution.keptLatentFrames = {0, 5};
    evolution.dropoutStep = 2;
    evolution.model.identity = "demo Wan2.2 I2V (dim 64, 2 layers) @ resources/demo";
    evolution.model.layout = "official";
    evolution.model.randomWeights = true;
    result.refined = true;
    result.chosenFrame = 19;
    result.pick = 3;
    record.sourcePath = QStringLiteral("/pictures/street.png");
    record.instruction = QStringLiteral("make it  night");
    record.prompt = QString::fromStdString(evolution.prompt);
    record.promptSource = QStringLiteral("vlm");
    record.promptModel = QStringLiteral("qwen3-vl");
    record.evolution = &evolution;
    record.result = &result;
    record.staticPrompt = QStringLiteral("A still scene.");
  }
  app::ExportMetadata metadata() const { return app::exportMetadata(record); }
  // Records name the model's folder, not the path to it (exported pictures travel).
  static QString recordedIdentity() { return QStringLiteral("demo Wan2.2 I2V (dim 64, 2 layers) @ demo"); }
  // The JSON an export of `size` embeds: the edit report plus the size written.
  QJsonObject exportedReport(QSize size) const {
    QJsonObject report = app::editReport(record, false);
    report.insert(QStringLiteral("export_size"), QJsonArray{size.width(), size.height()});
    return report;
  }
};

}  // namespace

class TestExport : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  QString path(const QString& name) const { return dir_.filePath(name); }

  // What every restored edit of FakeEdit must say.
  static void checkRestored(const app::RestoredEdit& r, const FakeEdit& edit) {
    QCOMPARE(r.instruction, edit.record.instruction);
    QCOMPARE(r.prompt, edit.record.prompt);  // double spaces and tabs intact
    QCOMPARE(r.promptSource, QStringLiteral("vlm"));
    QVERIFY(r.seed.has_value());
    QCOMPARE(*r.seed, edit.evolution.seed);
    QCOMPARE(r.modelIdentity, edit.recordedIdentity());
    QVERIFY(r.randomWeights);
    QCOMPARE(r.settings, app::settingsToJson(edit.evolution.settings));
    // Applied to the settings, they give back the engine settings of the edit.
    QTemporaryDir cfg;
    app::AppSettings settings(cfg.filePath(QStringLiteral("s.ini")));
    settings.randomSeed.setValue(true);
    QString error;
    QVERIFY2(settings.applyEditSettingsJson(r.settings, &error), qPrintable(error));
    QCOMPARE(app::settingsToJson(app::editSettings(settings)), app::settingsToJson(edit.evolution.settings));
    QVERIFY(!settings.randomSeed());
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    // The file-size limit test below must see EFBIG, not die of SIGXFSZ.
    signal(SIGXFSZ, SIG_IGN);
  }

  void png8CarriesPixelsAndBothChunks() {
    const FakeEdit edit;
    const QImage image = gradient(40, 24);
    const QString p = path(QStringLiteral("result.png"));
    QString error;
    QVERIFY2(app::exportImage(image, p, {ImageExportFormat::Png8}, edit.metadata(), &error), qPrintable(error));
    const QImage back(p);
    QCOMPARE(back.convertToFormat(QImage::Format_RGB888), image);
    const QByteArray bytes = readAll(p);
    QCOMPARE(int(quint8(bytes[24])), 8);  // IHDR bit depth
    const auto texts = app::readPngText(bytes);
    QCOMPARE(texts.size(), 2);
    QCOMPARE(texts[0].keyword, QByteArray("parameters"));
    QVERIFY(!texts[0].utf8);  // plain tEXt, as A1111 readers expect
    QCOMPARE(texts[0].text, app::parametersText(edit.record));
    QVERIFY(texts[0].text.contains(QStringLiteral("Steps: 6, Sampler: unipc")));
    QVERIFY(texts[0].text.contains(QStringLiteral("Seed: 987654321012345")));
    QCOMPARE(texts[1].keyword, QByteArray("ifedit"));
    QVERIFY(texts[1].utf8);  // iTXt
    QCOMPARE(QJsonDocument::fromJson(texts[1].text.toUtf8()).object(), edit.exportedReport(image.size()));
    // The same edit exported twice gives the same bytes (no timings in exported metadata).
    const QString p2 = path(QStringLiteral("result-again.png"));
    QVERIFY(app::exportImage(image, p2, {ImageExportFormat::Png8}, edit.metadata(), &error));
    QCOMPARE(readAll(p2), bytes);
    QCOMPARE(entries(dir_.path()).filter(QStringLiteral(".result")).size(), 0);
  }

  // PNGs are compressed (Qt read the JPEG quality 95 as "no compression": a 12000 x 8000 export
  // was 288 MB instead of 44 MB).
  void pngsAreCompressed() {
    const FakeEdit edit;
    const QImage image = gradient(512, 512);
    for (const auto format : {ImageExportFormat::Png8, ImageExportFormat::Png16}) {
      const QString p = path(QStringLiteral("compressed.png"));
      QString error;
      QVERIFY2(app::exportImage(image, p, {format, 95}, edit.metadata(), &error), qPrintable(error));
      const qint64 raw = qint64(image.width()) * image.height() * (format == ImageExportFormat::Png16 ? 6 : 3);
      QVERIFY2(QFileInfo(p).size() * 4 < raw, qPrintable(QStringLiteral("%1 of %2 bytes").arg(QFileInfo(p).size()).arg(raw)));
    }
  }

  void png16IsSixteenBitPerChannel() {
    const FakeEdit edit;
    const QImage image = gradient(31, 17);
    const QString p = path(QStringLiteral("result16.png"));
    QString error;
    QVERIFY2(app::exportImage(image, p, {ImageExportFormat::Png16}, edit.metadata(), &error), qPrintable(error));
    const QByteArray bytes = readAll(p);
    QCOMPARE(bytes.mid(12, 4), QByteArray("IHDR"));
    QCOMPARE(qFromBigEndian<quint32>(bytes.constData() + 16), 31u);
    QCOMPARE(int(quint8(bytes[24])), 16);  // bit depth
    QImageReader reader(p);
    const QImage back = reader.read();
    QVERIFY(back.format() == QImage::Format_RGBX64 || back.format() == QImage::Format_RGBA64);
    for (int y = 0; y < image.height(); y += 4)
      for (int x = 0; x < image.width(); x += 3) {
        const QRgba64 c = back.pixelColor(x, y).rgba64();
        const QColor want = image.pixelColor(x, y);
        QCOMPARE(int(c.red()), want.red() * 257);
        QCOMPARE(int(c.green()), want.green() * 257);
        QCOMPARE(int(c.blue()), want.blue() * 257);
      }
    const auto texts = app::readPngText(bytes);
    QCOMPARE(texts.size(), 2);
    QCOMPARE(texts[1].keyword, QByteArray("ifedit"));
  }

  void nonLatinParametersGoToITxt() {
    FakeEdit edit;
    edit.record.prompt = QStringLiteral("天空慢慢变成深蓝色，夜幕降临。");
    const QString p = path(QStringLiteral("zh.png"));
    QString error;
    QVERIFY2(app::exportImage(gradient(8, 8), p, {ImageExportFormat::Png8}, edit.metadata(), &error), qPrintable(error));
    const auto texts = app::readPngText(readAll(p));
    QCOMPARE(texts.size(), 2);
    QCOMPARE(texts[0].keyword, QByteArray("parameters"));
    QVERIFY(texts[0].utf8);
    QVERIFY(texts[0].text.startsWith(edit.record.prompt));
    const auto r = app::readEditMetadata(p, &error);
    QVERIFY2(r, qPrintable(error));
    QCOMPARE(r->prompt, edit.record.prompt);
  }

  void jpegCarriesMetadataInComments() {
    const FakeEdit edit;
    const QImage image = gradient(64, 40);
    const QString p = path(QStringLiteral("result.jpg"));
    QString error;
    app::ImageExportOptions options{ImageExportFormat::Jpeg, 95};
    QVERIFY2(app::exportImage(image, p, options, edit.metadata(), &error), qPrintable(error));
    QVERIFY(readAll(p).startsWith("\xff\xd8"));
    QImageReader reader(p);
    QCOMPARE(QString::fromLatin1(reader.format()), QStringLiteral("jpeg"));
    const QImage back = reader.read();
    QCOMPARE(back.size(), image.size());
    const double err = meanAbsDiff(back, image);
    QVERIFY2(err < 3.0, qPrintable(QString::number(err)));  // quality 95 on a smooth ramp
    QCOMPARE(QJsonDocument::fromJson(QImageReader(p).text(QStringLiteral("ifedit")).toUtf8()).object(),
             edit.exportedReport(image.size()));
    QVERIFY(!QFile::exists(app::sidecarPath(p)));
  }

  // A record longer than one JPEG comment segment holds (a long chain of edits nests each earlier
  // record) goes beside the picture whole instead of being cut short; the A1111 text likewise
  // stays out rather than cut. Dropping the JPEG back restores the whole record.
  void jpegRecordTooLongForACommentGoesBeside() {
    FakeEdit edit;
    QJsonObject chain;
    for (int i = 0; i < 150; ++i) {
      QJsonObject earlier = app::editReport(edit.record, false);
      earlier.insert(QStringLiteral("source_edit"), chain);
      chain = earlier;
    }
    edit.record.sourceEdit = chain;
    const QString p = path(QStringLiteral("long-chain.jpg"));
    QString error;
    const QJsonObject report = app::editReport(edit.record, false);
    QVERIFY(QJsonDocument(report).toJson(QJsonDocument::Compact).size() > 66000);
    QVERIFY2(app::exportImage(gradient(32, 24), p, {ImageExportFormat::Jpeg, 95}, {QString(), report}, &error),
             qPrintable(error));
    QVERIFY(QImageReader(p).text(QStringLiteral("ifedit")).isEmpty());
    QVERIFY(QFile::exists(app::sidecarPath(p)));
    const auto back = app::readEditMetadata(p, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->origin, QStringLiteral("sidecar"));
    QJsonObject expected = report;
    expected.insert(QStringLiteral("export_size"), QJsonArray{32, 24});
    QCOMPARE(back->report, expected);
    // A parameters text too long for a segment is left out, not cut.
    const QString longText = QString(70000, QLatin1Char('a'));
    QVERIFY(app::exportImage(gradient(32, 24), p, {ImageExportFormat::Jpeg, 95}, {longText, QJsonObject()}, &error));
    QVERIFY(QImageReader(p).text(QStringLiteral("parameters")).isEmpty());
    QVERIFY(!QFile::exists(app::sidecarPath(p)));
  }

  // WebP holds at most 16383 pixels a side, JPEG 65500: said by name, before encoding, with what
  // to choose instead (it was "cannot encode webp (Unknown error)").
  void formatSizeLimitsAreNamed() {
    QVERIFY(app::exportSizeProblem(ImageExportFormat::WebP, QSize(16383, 16383)).isEmpty());
    QVERIFY(app::exportSizeProblem(ImageExportFormat::Png8, QSize(70000, 10)).isEmpty());
    QVERIFY(app::exportSizeProblem(ImageExportFormat::Jpeg, QSize(65501, 10)).contains(QStringLiteral("65500")));
    const QString p = path(QStringLiteral("strip.webp"));
    QString error;
    QVERIFY(!app::exportImage(gradient(16400, 8), p, {ImageExportFormat::WebP, 95}, {}, &error));
    QVERIFY2(error.contains(QStringLiteral("16383")) && error.contains(QStringLiteral("PNG")), qPrintable(error));
    QVERIFY(!QFile::exists(p));
    // Scaled to the model's size it fits.
    app::ImageExportOptions small{ImageExportFormat::WebP, 95};
    small.size = QSize(1640, 1);
    QVERIFY2(app::exportImage(gradient(16400, 8), p, small, {}, &error), qPrintable(error));
  }

  void webpUsesASidecar() {
    const FakeEdit edit;
    const QImage image = gradient(64, 40);
    const QString p = path(QStringLiteral("result.webp"));
    QString error;
    QVERIFY2(app::exportImage(image, p, {ImageExportFormat::WebP, 95}, edit.metadata(), &error), qPrintable(error));
    const QByteArray bytes = readAll(p);
    QVERIFY(bytes.startsWith("RIFF") && bytes.mid(8, 4) == "WEBP");
    const QImage back(p);
    QCOMPARE(back.size(), image.size());
    const double err = meanAbsDiff(back, image);
    QVERIFY2(err < 4.0, qPrintable(QString::number(err)));
    QVERIFY(QFile::exists(app::sidecarPath(p)));
    QCOMPARE(QJsonDocument::fromJson(readAll(app::sidecarPath(p))).object(), edit.exportedReport(image.size()));
  }

  void metadataOffWritesNone() {
    const FakeEdit edit;
    const QString p = path(QStringLiteral("plain.png"));
    app::ImageExportOptions options;
    options.metadata = false;
    QString error;
    QVERIFY(app::exportImage(gradient(8, 8), p, options, edit.metadata(), &error));
    QVERIFY(app::readPngText(readAll(p)).isEmpty());
    QVERIFY(!app::readEditMetadata(p, &error));
    QVERIFY2(error.contains(QStringLiteral("plain.png")) && error.contains(QStringLiteral("no IF-Edit metadata")),
             qPrintable(error));
  }

  void metadataRoundTripEveryFormat() {
    const FakeEdit edit;
    for (auto [name, format] : {std::pair{"rt.png", ImageExportFormat::Png8}, std::pair{"rt16.png", ImageExportFormat::Png16},
                                std::pair{"rt.jpg", ImageExportFormat::Jpeg}, std::pair{"rt.webp", ImageExportFormat::WebP}}) {
      const QString p = path(QString::fromLatin1(name));
      QString error;
      QVERIFY2(app::exportImage(gradient(16, 16), p, {format}, edit.metadata(), &error), qPrintable(error));
      const auto r = app::readEditMetadata(p, &error);
      QVERIFY2(r, qPrintable(error));
      QCOMPARE(r->origin, format == ImageExportFormat::WebP ? QStringLiteral("sidecar") : QStringLiteral("ifedit"));
      checkRestored(*r, edit);
    }
  }

  void pngWithoutExportSizeRestores() {
    // What `ifedit-cli edit` wrote before the export size was recorded: still restores.
    const FakeEdit edit;
    const QString p = path(QStringLiteral("cli.png"));
    const QList<app::PngText> texts = {
        {"parameters", app::parametersText(edit.record), false},
        {"ifedit", QString::fromUtf8(QJsonDocument(app::editReport(edit.record, false)).toJson(QJsonDocument::Compact)), true},
    };
    QString error;
    QVERIFY(app::saveImageAtomic(gradient(8, 8), p, &error, texts));
    const auto r = app::readEditMetadata(p, &error);
    QVERIFY2(r, qPrintable(error));
    checkRestored(*r, edit);
    QVERIFY(r->exportSize.isEmpty());
  }

  void scaledExportsHaveTheTargetSizeInEveryFormat() {
    // The model's working size (48 x 32) scaled up to an odd source size and down to a small one.
    const FakeEdit edit;
    const QImage image = gradient(48, 32);
    for (const QSize target : {QSize(75, 47), QSize(30, 21)}) {
      for (auto [name, format] : {std::pair{"sized.png", ImageExportFormat::Png8}, std::pair{"sized16.png", ImageExportFormat::Png16},
                                  std::pair{"sized.jpg", ImageExportFormat::Jpeg}, std::pair{"sized.webp", ImageExportFormat::WebP}}) {
        const QString p = path(QStringLiteral("%1x%2-%3").arg(target.width()).arg(target.height()).arg(QLatin1String(name)));
        app::ImageExportOptions options{format, 95};
        options.size = target;
        QString error;
        QVERIFY2(app::exportImage(image, p, options, edit.metadata(), &error), qPrintable(error));
        QImageReader reader(p);
        QCOMPARE(reader.size(), target);
        const QImage back = reader.read();
        QCOMPARE(back.size(), target);
        // The same ramp drawn at the target size: a smooth scale stays within a few levels of it.
        const double err = meanAbsDiff(back, gradient(target.width(), target.height()));
        QVERIFY2(err < 4.0, qPrintable(QStringLiteral("%1: %2").arg(p).arg(err)));
        const auto r = app::readEditMetadata(p, &error);
        QVERIFY2(r, qPrintable(error));
        checkRestored(*r, edit);
        QCOMPARE(r->exportSize, target);
        QCOMPARE(r->report.value(QStringLiteral("working_size")).toArray(), (QJsonArray{48, 32}));
      }
    }
    // Without a target the export is as is, and says so.
    const QString p = path(QStringLiteral("as-is.png"));
    QString error;
    QVERIFY2(app::exportImage(image, p, {ImageExportFormat::Png8}, edit.metadata(), &error), qPrintable(error));
    QCOMPARE(QImageReader(p).size(), image.size());
    QCOMPARE(app::readEditMetadata(p, &error)->exportSize, image.size());
  }

  void png16ScalingKeepsSixteenBitValues() {
    // 16-bit values between the 8-bit steps (0x1234 is 18.13 x 257) survive a scaled Png16 export.
    QImage deep(20, 12, QImage::Format_RGBA64);
    deep.fill(QColor(QRgba64::fromRgba64(0x1234, 0xabcd, 0x0101, 0xffff)));
    const QString p = path(QStringLiteral("deep16.png"));
    app::ImageExportOptions options{ImageExportFormat::Png16};
    options.size = QSize(33, 19);
    QString error;
    QVERIFY2(app::exportImage(deep, p, options, {}, &error), qPrintable(error));
    const QByteArray bytes = readAll(p);
    QCOMPARE(int(quint8(bytes[24])), 16);
    const QImage back = QImageReader(p).read();
    QCOMPARE(back.size(), QSize(33, 19));
    for (const QPoint at : {QPoint(0, 0), QPoint(16, 9), QPoint(32, 18)}) {
      const QRgba64 c = back.pixelColor(at).rgba64();
      QVERIFY2(std::abs(int(c.red()) - 0x1234) <= 2 && std::abs(int(c.green()) - 0xabcd) <= 2 &&
                   std::abs(int(c.blue()) - 0x0101) <= 2,
               qPrintable(QStringLiteral("%1 %2 %3").arg(c.red()).arg(c.green()).arg(c.blue())));
    }
    // An 8-bit picture scaled up: the interpolated values fall between the 8-bit steps.
    QImage steps(4, 1, QImage::Format_RGB888);
    for (int x = 0; x < 4; ++x) steps.setPixelColor(x, 0, QColor(x * 85, 255 - x * 85, 7));
    const QString p2 = path(QStringLiteral("steps16.png"));
    options.size = QSize(37, 3);
    QVERIFY2(app::exportImage(steps, p2, options, {}, &error), qPrintable(error));
    const QImage up = QImageReader(p2).read();
    QCOMPARE(up.size(), QSize(37, 3));
    int between = 0;
    for (int x = 0; x < up.width(); ++x) between += up.pixelColor(x, 1).rgba64().red() % 257 != 0;
    QVERIFY2(between >= 20, qPrintable(QString::number(between)));
  }

  void parametersOnlyPngRestoresWhatItNames() {
    const FakeEdit edit;
    const QString p = path(QStringLiteral("a1111.png"));
    QString error;
    QVERIFY(app::saveImageAtomic(gradient(8, 8), p, &error, {{"parameters", app::parametersText(edit.record), false}}));
    const auto r = app::readEditMetadata(p, &error);
    QVERIFY2(r, qPrintable(error));
    QCOMPARE(r->origin, QStringLiteral("parameters"));
    QCOMPARE(r->prompt, edit.record.prompt);
    QVERIFY(r->instruction.isEmpty());
    QCOMPARE(*r->seed, edit.evolution.seed);
    QCOMPARE(r->settings.value(QStringLiteral("steps")).toInt(), 6);
    QCOMPARE(r->settings.value(QStringLiteral("solver")).toString(), QStringLiteral("unipc"));
    QCOMPARE(r->settings.value(QStringLiteral("shift")).toDouble(), 3.0);
    QCOMPARE(r->settings.value(QStringLiteral("guidance_low")).toDouble(), 3.5);
    QCOMPARE(r->settings.value(QStringLiteral("guidance_high")).toDouble(), 4.0);
    QCOMPARE(r->settings.value(QStringLiteral("frames")).toInt(), 21);
    QCOMPARE(r->settings.value(QStringLiteral("dropout_k")).toInt(), 2);
    QCOMPARE(r->settings.value(QStringLiteral("threshold")).toDouble(), 0.85);
    QCOMPARE(r->modelIdentity, edit.recordedIdentity());
    QVERIFY(r->randomWeights);

    // Another tool's parameters: unknown samplers are skipped, the negative prompt is kept.
    const auto other = app::parseParametersText(QStringLiteral(
        "a cat, best quality\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 5, Size: 512x512"));
    QCOMPARE(other.prompt, QStringLiteral("a cat, best quality"));
    QCOMPARE(other.settings.value(QStringLiteral("negative_prompt")).toString(), QStringLiteral("blurry"));
    QVERIFY(!other.settings.contains(QStringLiteral("solver")));
    QCOMPARE(other.settings.value(QStringLiteral("guidance_high")).toDouble(), 7.0);
    QCOMPARE(*other.seed, quint64(5));

    // Numbers that do not parse are left out (the setting keeps its value), not restored as 0.
    const auto odd = app::parseParametersText(QStringLiteral(
        "a dog\nSteps: 99999999999, Shift: 1.2.3, CFG scale: 2.5/., Frames: 17, TLD K: 99999999999, Threshold: 0.8.1"));
    QVERIFY(!odd.settings.contains(QStringLiteral("steps")));
    QVERIFY(!odd.settings.contains(QStringLiteral("shift")));
    QCOMPARE(odd.settings.value(QStringLiteral("guidance_low")).toDouble(), 2.5);
    QVERIFY(!odd.settings.contains(QStringLiteral("guidance_high")));
    QCOMPARE(odd.settings.value(QStringLiteral("frames")).toInt(), 17);
    QVERIFY(!odd.settings.contains(QStringLiteral("dropout")));
    QVERIFY(!odd.settings.contains(QStringLiteral("threshold")));
  }

  // Texts as other writers store them: stable-diffusion.cpp puts UTF-8 into tEXt, PIL can
  // compress iTXt; A1111 starts the negative prompt on its own line; Windows line ends.
  void otherWritersTextsAndLayouts() {
    QByteArray png;
    {
      QBuffer buffer(&png);
      QVERIFY(buffer.open(QIODevice::WriteOnly) && gradient(8, 8).save(&buffer, "png"));
    }
    auto insert = [&png](const QByteArray& type, const QByteArray& data) {
      QByteArray c(4, '\0');
      qToBigEndian<quint32>(quint32(data.size()), c.data());
      c += type + data;
      QByteArray crc(4, '\0');
      qToBigEndian<quint32>(app::crc32Of(type + data), crc.data());
      png.insert(33, c + crc);  // after the signature and IHDR
    };
    const QString chinese = QStringLiteral("一只猫在窗台上");
    insert("tEXt", QByteArray("parameters\0", 11) + chinese.toUtf8());
    insert("tEXt", QByteArray("comment\0caf\xe9", 12));
    insert("iTXt", QByteArray("prompt\0\1\0\0\0", 11) + qCompress(QByteArray("compressed words")).mid(4));
    const auto texts = app::readPngText(png);
    QCOMPARE(texts.size(), 3);
    QMap<QByteArray, QString> byKey;
    for (const auto& t : texts) byKey[t.keyword] = t.text;
    QCOMPARE(byKey.value("parameters"), chinese);
    QCOMPARE(byKey.value("comment"), QStringLiteral("caf\u00e9"));
    QCOMPARE(byKey.value("prompt"), QStringLiteral("compressed words"));

    const auto sign = app::parseParametersText(QStringLiteral(
        "a sign that reads Negative prompt: none, on a wall\r\nat dusk\r\nNegative prompt: blurry\r\nSteps: 20, CFG scale: 7"));
    QCOMPARE(sign.prompt, QStringLiteral("a sign that reads Negative prompt: none, on a wall\nat dusk"));
    QCOMPARE(sign.settings.value(QStringLiteral("negative_prompt")).toString(), QStringLiteral("blurry"));
    QVERIFY(!sign.fromIfEdit);
    // A JPEG comment folds the lines: there the marker is found mid-line.
    const auto folded = app::parseParametersText(QStringLiteral("a cat Negative prompt: blurry Steps: 20"));
    QCOMPARE(folded.prompt, QStringLiteral("a cat"));
    QCOMPARE(folded.settings.value(QStringLiteral("negative_prompt")).toString(), QStringLiteral("blurry"));
    const FakeEdit edit;
    QVERIFY(app::parseParametersText(app::parametersText(edit.record)).fromIfEdit);
  }

  // LoRAs change the picture entirely and FP8 weights change the numbers: the record names them.
  void recordNamesLorasAndMemoryMode() {
    FakeEdit edit;
    auto model = [&] { return app::editReport(edit.record, false).value(QStringLiteral("model")).toObject(); };
    QCOMPARE(model().value(QStringLiteral("memory_mode")).toString(), QString());
    QVERIFY(!model().contains(QStringLiteral("lora_high")) && !model().contains(QStringLiteral("lora_strength")));
    QVERIFY(!app::parametersText(edit.record).contains(QStringLiteral("LoRA")));

    edit.evolution.model.loraHigh = "/home/artist/loras/high_noise_lightx2v.safetensors";
    edit.evolution.model.loraLow = "/home/artist/loras/low_noise_lightx2v.safetensors";
    edit.evolution.model.loraStrength = 0.8;
    edit.evolution.model.memoryMode = "lowvram";
    QCOMPARE(model().value(QStringLiteral("lora_high")).toString(), QStringLiteral("high_noise_lightx2v.safetensors"));
    QCOMPARE(model().value(QStringLiteral("lora_low")).toString(), QStringLiteral("low_noise_lightx2v.safetensors"));
    QCOMPARE(model().value(QStringLiteral("lora_strength")).toDouble(), 0.8);
    QCOMPARE(model().value(QStringLiteral("memory_mode")).toString(), QStringLiteral("lowvram"));
    const QString text = app::parametersText(edit.record);
    QVERIFY2(text.contains(QStringLiteral("LoRA: high_noise_lightx2v.safetensors (high noise) + "
                                          "low_noise_lightx2v.safetensors (low noise), LoRA strength: 0.8, Weights: FP8")),
             qPrintable(text));
    QVERIFY(!text.contains(QStringLiteral("/home/artist")));
    const auto parsed = app::parseParametersText(text);
    QVERIFY(parsed.fromIfEdit);
    QCOMPARE(parsed.prompt, edit.record.prompt);
    // A browser-downloaded name keeps its %-escapes.
    edit.evolution.model.loraHigh = "/d/lora%2Bv2%1.safetensors";
    edit.evolution.model.loraLow.clear();
    QVERIFY2(app::parametersText(edit.record).contains(QStringLiteral("LoRA: lora%2Bv2%1.safetensors (high noise), LoRA strength: 0.8")),
             qPrintable(app::parametersText(edit.record)));
  }

  // An edit on real weights whose source was the demo's output (chained, however deep) is
  // random-weight output: its record and parameters text say so, without claiming the model was
  // the demo (a restored edit keeps its working size, which the demo's would not).
  void chainedFromTheDemoIsRandomWeightOutput() {
    FakeEdit demo;
    FakeEdit real;
    real.evolution.model.randomWeights = false;
    real.evolution.model.identity = "Wan2.2 I2V [official, dim 5120, 40 layers]";
    auto warning = [&] { return app::editReport(real.record, false).value(QStringLiteral("warning")).toString(); };
    QVERIFY(warning().isEmpty());
    QVERIFY(!app::parametersText(real.record).contains(QStringLiteral("random-weight")));

    const QJsonObject demoRecord = app::editReport(demo.record, false);
    QVERIFY(app::recordShowsRandomWeights(demoRecord));
    real.record.sourceEdit = QJsonObject{{QStringLiteral("instruction"), QStringLiteral("earlier, on real weights")},
                                         {QStringLiteral("source_edit"), demoRecord}};
    QVERIFY(app::recordShowsRandomWeights(real.record.sourceEdit));
    QVERIFY2(warning().contains(QStringLiteral("source")), qPrintable(warning()));
    const QJsonObject report = app::editReport(real.record, false);
    QVERIFY(!report.value(QStringLiteral("model")).toObject().value(QStringLiteral("random_weights")).toBool());
    QVERIFY(app::recordShowsRandomWeights(report));  // and the next link of the chain

    const QString text = app::parametersText(real.record);
    QVERIFY2(text.endsWith(QStringLiteral(", random-weight output (from its source)")), qPrintable(text));
    const auto parsed = app::parseParametersText(text);
    QCOMPARE(parsed.modelIdentity, QString::fromStdString(real.evolution.model.identity));
    QVERIFY(!parsed.randomWeights);
    QVERIFY(app::parseParametersText(app::parametersText(demo.record)).randomWeights);

    const QString p = path(QStringLiteral("chained-real.png"));
    QString error;
    QVERIFY2(app::exportImage(gradient(8, 8), p, {ImageExportFormat::Png8}, real.metadata(), &error), qPrintable(error));
    const auto restored = app::readEditMetadata(p, &error);
    QVERIFY2(restored, qPrintable(error));
    QVERIFY(!restored->randomWeights);
    QVERIFY(app::recordShowsRandomWeights(restored->report));
  }

  void badMetadataFilesGiveMessages() {
    QString error;
    QVERIFY(!app::readEditMetadata(path(QStringLiteral("missing.png")), &error));
    QVERIFY2(error.contains(QStringLiteral("missing.png")), qPrintable(error));

    const QString broken = path(QStringLiteral("broken.png"));
    QVERIFY(app::saveImageAtomic(gradient(4, 4), broken, &error, {{"ifedit", QStringLiteral("{\"prompt\": "), true}}));
    QVERIFY(!app::readEditMetadata(broken, &error));
    QVERIFY2(error.contains(QStringLiteral("broken.png")) && error.contains(QStringLiteral("JSON")), qPrintable(error));

    const QString text = path(QStringLiteral("notes.txt"));
    QVERIFY(app::saveBytesAtomic("hello", text, &error));
    QVERIFY(!app::readEditMetadata(text, &error));
    QVERIFY2(error.contains(QStringLiteral("notes.txt")), qPrintable(error));

    // A truncated PNG: the reader stops at the damage instead of reading past the data.
    const QString whole = path(QStringLiteral("whole-for-cut.png"));
    QVERIFY(app::exportImage(gradient(40, 24), whole, {ImageExportFormat::Png8}, FakeEdit().metadata(), &error));
    const QByteArray png = readAll(whole);
    QVERIFY(!png.isEmpty());
    const QString cut = path(QStringLiteral("cut.png"));
    QVERIFY(app::saveBytesAtomic(png.left(60), cut, &error));
    QVERIFY(!app::readEditMetadata(cut, &error));
  }

  void failedWriteLeavesTargetAndNoTemporary() {
    QTemporaryDir d;
    const QString target = d.filePath(QStringLiteral("keep.png"));
    QString error;
    QVERIFY(app::exportImage(gradient(8, 8), target, {}, {}, &error));
    const QByteArray before = readAll(target);
    QVERIFY(before.size() < 4000);

    // The disk "fills up" after 4 kB: writing a large picture fails in the middle.
    rlimit old{};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &old), 0);
    rlimit small = old;
    small.rlim_cur = 4096;
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
    const bool ok = app::exportImage(noise(256, 256), target, {ImageExportFormat::Png16}, FakeEdit().metadata(), &error);
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &old), 0);
    QVERIFY(!ok);
    qInfo("%s", qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("keep.png")) && error.contains(QStringLiteral("write failed")), qPrintable(error));
    QCOMPARE(readAll(target), before);
    QCOMPARE(entries(d.path()), QStringList{QStringLiteral("keep.png")});

    // Nothing to write, or nowhere to write it: messages naming the file.
    QVERIFY(!app::exportImage(QImage(), target, {}, {}, &error));
    QVERIFY(error.contains(QStringLiteral("keep.png")));
    QVERIFY(!app::exportImage(gradient(4, 4), d.filePath(QStringLiteral("no/such/dir/x.png")), {}, {}, &error));
    QVERIFY2(error.contains(QStringLiteral("does not exist")), qPrintable(error));
    QCOMPARE(readAll(target), before);
    QCOMPARE(entries(d.path()), QStringList{QStringLiteral("keep.png")});
  }

  void mp4HasEveryFrame() {
    QTemporaryDir d;
    QList<QImage> frames;
    for (int i = 0; i < 9; ++i) {
      QImage f(33, 17, QImage::Format_RGB888);  // odd: padded to 34x18
      f.fill(QColor(i * 25, 200 - i * 20, 60));
      frames << f;
    }
    const QString p = d.filePath(QStringLiteral("evolution.mp4"));
    QVERIFY(app::saveBytesAtomic("old", p, nullptr));
    QString error;
    QVERIFY2(app::exportVideoMp4(frames, p, 16.0, &error), qPrintable(error));
    QCOMPARE(entries(d.path()), QStringList{QStringLiteral("evolution.mp4")});
    cv::VideoCapture cap(QFile::encodeName(p).toStdString(), cv::CAP_FFMPEG);
    QVERIFY(cap.isOpened());
    QCOMPARE(int(cap.get(cv::CAP_PROP_FRAME_WIDTH)), 34);
    QCOMPARE(int(cap.get(cv::CAP_PROP_FRAME_HEIGHT)), 18);
    QVERIFY(std::abs(cap.get(cv::CAP_PROP_FPS) - 16.0) < 0.01);
    int count = 0;
    cv::Mat mat;
    while (cap.read(mat)) {
      QVERIFY(count < frames.size());
      // The middle pixel's colour (BGR), within MPEG-4 error.
      const cv::Vec3b c = mat.at<cv::Vec3b>(9, 16);
      const QColor want = frames[count].pixelColor(16, 9);
      QVERIFY2(std::abs(c[2] - want.red()) <= 12 && std::abs(c[1] - want.green()) <= 12 && std::abs(c[0] - want.blue()) <= 12,
               qPrintable(QStringLiteral("frame %1: %2,%3,%4").arg(count).arg(c[2]).arg(c[1]).arg(c[0])));
      ++count;
    }
    QCOMPARE(count, frames.size());
  }

  // MPEG-4 Part 2 takes at most 8191 pixels a side: a wider evolution is refused by name, with
  // the PNG sequence offered (the writer's own failure read as "OpenCV built without FFmpeg?").
  void mp4NamesItsSizeLimit() {
    const QList<QImage> wide{gradient(8200, 16), gradient(8200, 16)};
    const QString p = path(QStringLiteral("wide.mp4"));
    QString error;
    QVERIFY(!app::exportVideoMp4(wide, p, 16.0, &error));
    QVERIFY2(error.contains(QStringLiteral("8191")) && error.contains(QStringLiteral("PNG sequence")), qPrintable(error));
    QVERIFY(!QFile::exists(p));
  }

  void mp4FailureLeavesTarget() {
    QTemporaryDir d;
    const QString p = d.filePath(QStringLiteral("evolution.mp4"));
    QVERIFY(app::saveBytesAtomic("old video", p, nullptr));
    QList<QImage> frames{gradient(32, 16), gradient(32, 16), gradient(30, 16)};
    QString error;
    QVERIFY(!app::exportVideoMp4(frames, p, 16.0, &error));
    QVERIFY2(error.contains(QStringLiteral("frame 2")), qPrintable(error));
    QCOMPARE(readAll(p), QByteArray("old video"));
    QCOMPARE(entries(d.path()), QStringList{QStringLiteral("evolution.mp4")});
    QVERIFY(!app::exportVideoMp4({}, p, 16.0, &error));
    QVERIFY(!app::exportVideoMp4(frames.mid(0, 1), p, 0.0, &error));
    QCOMPARE(readAll(p), QByteArray("old video"));
  }

  void frameSequenceIsAtomicFolder() {
    QTemporaryDir d;
    const FakeEdit edit;
    QList<QImage> frames;
    for (int i = 0; i < 5; ++i) frames << gradient(12 + i, 8);
    const QString folder = d.filePath(QStringLiteral("frames"));
    QString error;
    QVERIFY2(app::exportFrameSequence(frames, folder, edit.metadata(), &error), qPrintable(error));
    QCOMPARE(entries(folder), (QStringList{QStringLiteral("evolution.json"), QStringLiteral("frame_0000.png"),
                                            QStringLiteral("frame_0001.png"), QStringLiteral("frame_0002.png"),
                                            QStringLiteral("frame_0003.png"), QStringLiteral("frame_0004.png")}));
    for (int i = 0; i < 5; ++i)
      QCOMPARE(QImage(QDir(folder).filePath(QStringLiteral("frame_%1.png").arg(i, 4, 10, QLatin1Char('0'))))
                   .convertToFormat(QImage::Format_RGB888),
               frames[i]);
    const QJsonObject json = QJsonDocument::fromJson(readAll(QDir(folder).filePath(QStringLiteral("evolution.json")))).object();
    QCOMPARE(json.value(QStringLiteral("prompt")).toString(), edit.record.prompt);
    QCOMPARE(json.value(QStringLiteral("parameters")).toString(), app::parametersText(edit.record));
    QCOMPARE(entries(d.path()), QStringList{QStringLiteral("frames")});

    // Again with fewer frames: the earlier export is replaced whole.
    QVERIFY2(app::exportFrameSequence(frames.mid(0, 2), folder, {}, &error), qPrintable(error));
    QCOMPARE(entries(folder), (QStringList{QStringLiteral("frame_0000.png"), QStringLiteral("frame_0001.png")}));
    QCOMPARE(entries(d.path()), QStringList{QStringLiteral("frames")});

    // A folder with someone else's files is never replaced.
    QVERIFY(app::saveBytesAtomic("mine", QDir(folder).filePath(QStringLiteral("notes.txt")), nullptr));
    QVERIFY(!app::exportFrameSequence(frames, folder, {}, &error));
    QVERIFY2(error.contains(QStringLiteral("notes.txt")), qPrintable(error));
    QCOMPARE(entries(folder).size(), 3);
    QCOMPARE(entries(d.path()), QStringList{QStringLiteral("frames")});
  }

  // The source picture is never written over: not by name, not through a symlink, not by
  // replacing a folder that holds it.
  void exportsNeverOverwriteTheSource() {
    QTemporaryDir d;
    const QString source = d.filePath(QStringLiteral("source.png"));
    QVERIFY(gradient(16, 16).save(source));
    const QByteArray before = readAll(source);
    const QString link = d.filePath(QStringLiteral("link.png"));
    QVERIFY(QFile::link(source, link));
    app::ImageExportOptions options;
    options.sourcePath = source;
    QString error;
    for (const QString& target : {source, link}) {
      QVERIFY(!app::exportImage(noise(16, 16), target, options, {}, &error));
      QVERIFY2(error.contains(QFileInfo(target).fileName()) && error.contains(QStringLiteral("source picture")),
               qPrintable(error));
      QVERIFY(!app::exportVideoMp4({gradient(16, 16)}, target, 16.0, &error, source));
    }
    QVERIFY(!app::exportFrameSequence({gradient(8, 8)}, d.path(), {}, &error, source));
    QVERIFY2(error.contains(QStringLiteral("source picture")), qPrintable(error));
    QCOMPARE(readAll(source), before);
    QVERIFY(QFileInfo(link).isSymLink());
    // Another name is fine.
    QVERIFY2(app::exportImage(noise(16, 16), d.filePath(QStringLiteral("edited.png")), options, {}, &error),
             qPrintable(error));
  }

  // An export without a sidecar removes the one an earlier export to that name left: it would
  // be read as this image's edit.
  void noStaleSidecarSurvivesAnExport() {
    const FakeEdit edit;
    const QString p = path(QStringLiteral("stale.webp"));
    QString error;
    QVERIFY(app::exportImage(gradient(8, 8), p, {ImageExportFormat::WebP, 95}, edit.metadata(), &error));
    QVERIFY(QFile::exists(app::sidecarPath(p)));
    app::ImageExportOptions plain{ImageExportFormat::WebP, 95};
    plain.metadata = false;
    QVERIFY(app::exportImage(gradient(8, 8), p, plain, edit.metadata(), &error));
    QVERIFY(!QFile::exists(app::sidecarPath(p)));
    QVERIFY(!app::readEditMetadata(p, &error));
  }

  // OpenCV's writer reports no write error: a video cut short by a full disk must not replace the
  // earlier one.
  void mp4CutShortLeavesTheEarlierVideo() {
    QTemporaryDir d;
    const QString p = d.filePath(QStringLiteral("evolution.mp4"));
    QVERIFY(app::saveBytesAtomic("old good video", p, nullptr));
    QList<QImage> frames;
    for (int i = 0; i < 30; ++i) frames << noise(256, 256, quint32(i));
    rlimit old{};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &old), 0);
    rlimit small = old;
    small.rlim_cur = 100000;
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
    QString error;
    const bool ok = app::exportVideoMp4(frames, p, 16.0, &error);
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &old), 0);
    QVERIFY(!ok);
    QVERIFY2(error.contains(QStringLiteral("evolution.mp4")) && error.contains(QStringLiteral("not written whole")),
             qPrintable(error));
    QCOMPARE(readAll(p), QByteArray("old good video"));
    QCOMPARE(entries(d.path()), QStringList{QStringLiteral("evolution.mp4")});
  }

  // A symlink to an earlier export: the frames land in the folder it names, nothing is emptied or
  // left behind, and the folder is readable by others as mkdir would make it.
  void frameSequenceThroughASymlinkAndATrailingSlash() {
    QTemporaryDir d;
    const QString real = d.filePath(QStringLiteral("real"));
    const QString link = d.filePath(QStringLiteral("link"));
    QString error;
    QVERIFY2(app::exportFrameSequence({gradient(8, 8), gradient(8, 8), gradient(8, 8)}, real, {}, &error), qPrintable(error));
    QVERIFY(QFile::link(real, link));
    QVERIFY2(app::exportFrameSequence({gradient(9, 9), gradient(9, 9)}, link, {}, &error), qPrintable(error));
    QVERIFY(QFileInfo(link).isSymLink());
    QCOMPARE(entries(real), (QStringList{QStringLiteral("frame_0000.png"), QStringLiteral("frame_0001.png")}));
    QCOMPARE(QImage(QDir(real).filePath(QStringLiteral("frame_0000.png"))).size(), QSize(9, 9));
    QCOMPARE(entries(d.path()), (QStringList{QStringLiteral("link"), QStringLiteral("real")}));
    QVERIFY(QFileInfo(real).permissions() & QFileDevice::ReadOther);
    // A chain of links: followed to the end, the links stay links.
    const QString chain = d.filePath(QStringLiteral("chain"));
    QVERIFY(QFile::link(link, chain));
    QVERIFY2(app::exportFrameSequence({gradient(7, 7)}, chain, {}, &error), qPrintable(error));
    QVERIFY(QFileInfo(chain).isSymLink() && QFileInfo(link).isSymLink());
    QCOMPARE(entries(real), QStringList{QStringLiteral("frame_0000.png")});
    QCOMPARE(entries(d.path()), (QStringList{QStringLiteral("chain"), QStringLiteral("link"), QStringLiteral("real")}));
    // "name/" is the folder "name", new or earlier.
    QVERIFY2(app::exportFrameSequence({gradient(8, 8)}, real + QLatin1Char('/'), {}, &error), qPrintable(error));
    QCOMPARE(entries(real), QStringList{QStringLiteral("frame_0000.png")});
    QVERIFY2(app::exportFrameSequence({gradient(8, 8)}, d.filePath(QStringLiteral("fresh/")), {}, &error), qPrintable(error));
    QCOMPARE(entries(d.filePath(QStringLiteral("fresh"))), QStringList{QStringLiteral("frame_0000.png")});
  }

  void suffixesAndFormats() {
    ImageExportFormat f;
    QVERIFY(app::formatFromSuffix(QStringLiteral("a.PNG"), &f) && f == ImageExportFormat::Png8);
    QVERIFY(app::formatFromSuffix(QStringLiteral("a.jpeg"), &f) && f == ImageExportFormat::Jpeg);
    QVERIFY(app::formatFromSuffix(QStringLiteral("a.webp"), &f) && f == ImageExportFormat::WebP);
    QVERIFY(!app::formatFromSuffix(QStringLiteral("a.gif"), &f));
    QCOMPARE(app::fileSuffix(ImageExportFormat::Png16), QStringLiteral("png"));
    QCOMPARE(app::fileSuffix(ImageExportFormat::Jpeg), QStringLiteral("jpg"));
    // Whitespace escaped so QString::simplified() cannot change the JSON.
    const QJsonObject j{{"p", QStringLiteral("a  b\t c\u3000d")}};
    const QByteArray safe = app::whitespaceSafeJson(j);
    QCOMPARE(QString::fromUtf8(safe).simplified().toUtf8(), safe);
    QCOMPARE(QJsonDocument::fromJson(safe).object(), j);
  }
};

QTEST_MAIN(TestExport)
#include "test_export.moc"
