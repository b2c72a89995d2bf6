// EditSession on its own: opening images (orientation, size bounds, every kind of bad file), the
// state it announces, the instruction and the "no model" status; then the whole flow headless on
// the demo model (offline template, evolve on the worker thread, pick override with undo, refine,
// history, chaining, cancel and run again), the progress arithmetic and the parameter mapping.
// No widgets.
#include <QBuffer>
#include <QImageWriter>
#include <QColorSpace>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUndoStack>

#include <filesystem>

#include "api/engine.h"
#include "app/engine/engine_worker.h"
#include "app/engine/image_convert.h"
#include "app/engine/parameters_convert.h"
#include "app/export/atomic_save.h"
#include "app/export/exporter.h"
#include "app/session/edit_history.h"
#include "app/session/edit_session.h"
#include "app/settings/model_detection.h"
#include "app/session/image_loading.h"
#include "app/session/image_truncation.h"
#include "tests/common/session_waits.h"
#include "app/session/evolution_timeline.h"
#include "app/session/parameter_checks.h"
#include "app/session/run_progress.h"
#include "tests/app_session/test_images.h"
#include "tests/vlm/loopback_server.h"

using ifedit::app::EditParameters;
using ifedit::app::EditSession;
using State = ifedit::app::EditSession::State;
namespace ti = ifedit::testimages;
using ifedit::testsession::waitForState;

class TestAppSession : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  QString path(const QString& name) const { return dir_.filePath(name); }
  QString writeImage(const QString& name, const QByteArray& bytes) {
    const QString p = path(name);
    if (!ti::writeFile(p, bytes)) qFatal("cannot write %s", qPrintable(p));
    return p;
  }

  // Small and fast: 9 frames, 4 steps, about 64 x 96 pixels.
  static EditParameters small() {
    EditParameters p;
    p.frames = 9;
    p.steps = 4;
    p.maxArea = 64 * 96;
    p.seed = 7;
    return p;
  }
  // Points the session at a folder that does not exist and runs: the run fails.
  void failARunOnAMissingModel(EditSession& s, const QString& folder) {
    ifedit::app::ModelSetup bad;
    bad.path = path(folder);
    s.setModelSetup(bad);
    QSignalSpy failed(&s, &EditSession::runFailed);
    QVERIFY(s.approvePrompt());
    QVERIFY(failed.wait(30000));
  }
  // A demo session in Picking on a small picture.
  void runToPicking(EditSession& s, const QString& name, EditParameters params = small()) {
    const QString p = writeImage(name, ti::encode(ti::quadrants(96, 64), "png"));
    s.setParameters(params);
    s.useDemoModel();
    QVERIFY(s.openImage(p));
    s.setInstruction(QStringLiteral("make it night"));
    QVERIFY(s.useInstructionAsPrompt());
    QVERIFY(waitForState(s, State::Picking));
  }

 private Q_SLOTS:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  void engineErrorsReadAsSentences() {
    // std::bad_alloc says nothing but its name: the user is told what ran out and what helps.
    const QString oom = ifedit::app::engineErrorText(std::bad_alloc());
    QVERIFY2(oom.startsWith(QStringLiteral("out of memory")) && oom.contains(QStringLiteral("working resolution")),
             qPrintable(oom));
    QCOMPARE(ifedit::app::engineErrorText(std::runtime_error("  VAE: no such file \n")), QStringLiteral("VAE: no such file"));
  }

  void startsEmptyWithoutModel() {
    EditSession s;
    QCOMPARE(s.state(), EditSession::State::Empty);
    QVERIFY(!s.hasSource());
    QVERIFY(s.sourceImage().isNull());
    QVERIFY(s.sourcePath().isEmpty());
    QVERIFY(!s.isModelConfigured());
    QVERIFY2(s.modelStatus().startsWith(QStringLiteral("No model configured")), qPrintable(s.modelStatus()));
    QVERIFY(s.modelStatus().contains(QStringLiteral("README")));
    QVERIFY(!s.canRun());
  }

  void opensPngAndAnnouncesIt() {
    const QImage image = ti::quadrants(64, 48);
    const QString p = writeImage(QStringLiteral("ok.png"), ti::encode(image, "png"));
    EditSession s;
    QSignalSpy source(&s, &EditSession::sourceChanged);
    QSignalSpy state(&s, &EditSession::stateChanged);
    QSignalSpy error(&s, &EditSession::errorOccurred);
    QVERIFY2(s.openImage(p), qPrintable(s.lastError()));
    QCOMPARE(source.count(), 1);
    QCOMPARE(state.count(), 1);
    QCOMPARE(state.at(0).at(0).value<EditSession::State>(), EditSession::State::ImageLoaded);
    QCOMPARE(error.count(), 0);
    QCOMPARE(s.state(), EditSession::State::ImageLoaded);
    QCOMPARE(s.sourcePath(), p);
    QCOMPARE(s.sourceImage().size(), QSize(64, 48));
    QVERIFY(s.lastError().isEmpty());
    // PNG is lossless: every pixel comes back.
    QCOMPARE(s.sourceImage().convertToFormat(QImage::Format_RGB32), image);
  }

  void exifOrientationIsApplied() {
    // Stored 80 x 40 landscape, EXIF orientation 6: displayed as 40 x 80 portrait, rotated
    // clockwise, so the stored top-left (red) quadrant ends up top-right.
    const QString p = writeImage(QStringLiteral("rotated.jpg"),
                                 ti::jpegWithExifOrientation(ti::quadrants(80, 40), 6));
    EditSession s;
    QVERIFY2(s.openImage(p), qPrintable(s.lastError()));
    const QImage img = s.sourceImage();
    QCOMPARE(img.size(), QSize(40, 80));
    auto near = [](QColor a, QColor b) {
      return qAbs(a.red() - b.red()) < 40 && qAbs(a.green() - b.green()) < 40 &&
             qAbs(a.blue() - b.blue()) < 40;
    };
    QVERIFY(near(img.pixelColor(30, 10), Qt::red));    // top-right
    QVERIFY(near(img.pixelColor(10, 10), Qt::blue));   // top-left
    QVERIFY(near(img.pixelColor(30, 70), Qt::green));  // bottom-right
    QVERIFY(near(img.pixelColor(10, 70), Qt::white));  // bottom-left

    // The same pixels without the tag stay as stored (the tag, not the decoder, rotated them).
    const QString plain = writeImage(QStringLiteral("plain.jpg"), ti::encode(ti::quadrants(80, 40), "jpeg", 95));
    QVERIFY(s.openImage(plain));
    QCOMPARE(s.sourceImage().size(), QSize(80, 40));
    QVERIFY(near(s.sourceImage().pixelColor(10, 10), Qt::red));
  }

  // PNG (eXIf) and WebP (EXIF chunk) orientation, which Qt 6.4 does not apply: all eight
  // orientations come out as Qt shows the same tag on a JPEG.
  void exifOrientationOfPngAndWebp() {
    const QImage picture = ti::quadrants(80, 40);
    auto quadrantColours = [](const QImage& img) {
      QList<QColor> c;
      for (const auto& [fx, fy] : {std::pair{0.25, 0.25}, std::pair{0.75, 0.25}, std::pair{0.25, 0.75}, std::pair{0.75, 0.75}}) {
        const QColor q = img.pixelColor(int(fx * img.width()), int(fy * img.height()));
        c << QColor(q.red() > 127 ? 255 : 0, q.green() > 127 ? 255 : 0, q.blue() > 127 ? 255 : 0);
      }
      return c;
    };
    const bool webp = QImageReader::supportedImageFormats().contains("webp");
    for (quint16 o = 1; o <= 8; ++o) {
      const auto jpeg = ifedit::app::loadSourceImage(writeImage(QStringLiteral("o%1.jpg").arg(o), ti::jpegWithExifOrientation(picture, o)));
      const auto png = ifedit::app::loadSourceImage(writeImage(QStringLiteral("o%1.png").arg(o), ti::pngWithExifOrientation(picture, o)));
      QVERIFY2(png.error.isEmpty(), qPrintable(png.error));
      QCOMPARE(png.image.size(), jpeg.image.size());
      QCOMPARE(quadrantColours(png.image), quadrantColours(jpeg.image));
      if (!webp) continue;
      const auto w = ifedit::app::loadSourceImage(writeImage(QStringLiteral("o%1.webp").arg(o), ti::webpWithExifOrientation(picture, o)));
      QVERIFY2(w.error.isEmpty(), qPrintable(w.error));
      QCOMPARE(w.image.size(), jpeg.image.size());
      QCOMPARE(quadrantColours(w.image), quadrantColours(jpeg.image));
    }
  }

  void contentDecidesFormatNotExtension() {
    const QString p = writeImage(QStringLiteral("really_a_jpeg.png"), ti::encode(ti::quadrants(32, 32), "jpeg", 90));
    EditSession s;
    QVERIFY2(s.openImage(p), qPrintable(s.lastError()));
    QCOMPARE(s.sourceImage().size(), QSize(32, 32));
  }

  void badFilesFailWithAReason_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");  // null: do not create the file
    QTest::addColumn<QString>("expected");  // a phrase the message must hold

    QTest::newRow("missing") << "missing.png" << QByteArray() << "File not found";
    QTest::newRow("empty") << "empty.png" << QByteArray("") << "is empty";
    QTest::newRow("random bytes") << "random.png" << ti::randomBytes(4096, 7) << "not an image in a supported format";
    QTest::newRow("text") << "notes.jpg" << QByteArray("just some text\n") << "not an image in a supported format";
    const QByteArray png = ti::encode(ti::noise(128, 128), "png");
    QTest::newRow("truncated png") << "truncated.png" << png.left(png.size() / 2) << "Could not decode";
    QTest::newRow("huge header") << "huge.png" << ti::pngHeaderOnly(100000, 100000) << "too large";
    // Qt decodes what it can of a cut-off JPEG (the rest grey) and only warns on stderr.
    const QByteArray jpeg = ti::encode(ti::noise(128, 96), "jpeg", 90);
    QTest::newRow("truncated jpeg") << "half.jpg" << jpeg.left(jpeg.size() / 2) << "is cut short";
  }

  // The walks behind "is cut short": whole files (trailing bytes after the JPEG's end marker,
  // stuffed 0xFF00 and restart markers in its data) pass, files cut anywhere inside fail.
  void truncationChecks() {
    const QByteArray jpeg = ti::encode(ti::noise(64, 48), "jpeg", 90);
    QVERIFY(!ifedit::app::jpegIsTruncated(jpeg));
    QVERIFY(!ifedit::app::jpegIsTruncated(jpeg + QByteArray("trailing camera data\xff\xd8")));
    QVERIFY(jpeg.contains(QByteArray("\xff\x00", 2)));  // the noise makes stuffed bytes
    for (qsizetype cut : {qsizetype(4), jpeg.size() / 3, jpeg.size() - 2, jpeg.size() - 1})
      QVERIFY2(ifedit::app::jpegIsTruncated(jpeg.left(cut)), qPrintable(QString::number(cut)));
    QByteArray restarts("\xff\xd8\xff\xda\x00\x02\x12\xff\xd0\x34\xff\x00\x56\xff\xd1\x78\xff\xd9", 18);
    QVERIFY(!ifedit::app::jpegIsTruncated(restarts));
    QVERIFY(ifedit::app::jpegIsTruncated(restarts.left(14)));
    QVERIFY(!ifedit::app::jpegIsTruncated("not a jpeg at all"));
    // Progressive: several scans, each with its own start-of-scan and Huffman tables between.
    QByteArray progressive;
    {
      QBuffer buffer(&progressive);
      QVERIFY(buffer.open(QIODevice::WriteOnly));
      QImageWriter writer(&buffer, "jpeg");
      writer.setProgressiveScanWrite(true);
      QVERIFY(writer.write(ti::noise(64, 48)));
    }
    QVERIFY(progressive.count(QByteArray("\xff\xda", 2)) > 1);
    QVERIFY(!ifedit::app::jpegIsTruncated(progressive));
    QVERIFY(ifedit::app::jpegIsTruncated(progressive.left(progressive.size() * 2 / 3)));

    // A 1 x 1 GIF89a: header, global colour table, graphic control extension, image, trailer.
    const QByteArray gif("GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00"
                         "!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02" "D\x01\x00;", 43);
    QVERIFY(!QImage::fromData(gif).isNull());
    QVERIFY(!ifedit::app::gifIsTruncated(gif));
    QVERIFY(!ifedit::app::gifIsTruncated(gif.left(gif.size() - 1)));  // the trailer is after our frame
    for (qsizetype cut : {qsizetype(13), qsizetype(20), qsizetype(30), gif.size() - 3})
      QVERIFY2(ifedit::app::gifIsTruncated(gif.left(cut)), qPrintable(QString::number(cut)));
    // The same picture with its colours in a local table instead (no global one).
    const QByteArray local("GIF89a\x01\x00\x01\x00\x00\x00\x00"
                           ",\x00\x00\x00\x00\x01\x00\x01\x00\x80\xff\xff\xff\x00\x00\x00\x02\x02" "D\x01\x00;", 35);
    QVERIFY(!QImage::fromData(local).isNull());
    QVERIFY(!ifedit::app::gifIsTruncated(local));
    QVERIFY(ifedit::app::gifIsTruncated(local.left(25)));
  }

  // An uncompressed TGA starts like an ICO: the .tga suffix's decoder reads it.
  void tgaIsNotMistakenForAnIcon() {
    QByteArray tga(18, '\0');
    tga[2] = 2;                      // uncompressed true colour
    tga[12] = 3, tga[14] = 2;        // 3 x 2 pixels
    tga[16] = 24, tga[17] = 0x20;    // 24 bits, top-left origin
    for (int i = 0; i < 6; ++i) tga += QByteArray("\x00\x00\xff", 3);  // BGR: red
    tga += QByteArray(8, '\0') + QByteArray("TRUEVISION-XFILE.", 18);     // TGA 2.0 footer (Qt needs it)
    const QString p = writeImage(QStringLiteral("red.tga"), tga);
    const auto loaded = ifedit::app::loadSourceImage(p);
    QVERIFY2(loaded.error.isEmpty(), qPrintable(loaded.error));
    QCOMPARE(loaded.image.size(), QSize(3, 2));
    QCOMPARE(loaded.image.pixelColor(2, 1), QColor(Qt::red));
  }

  void badFilesFailWithAReason() {
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    const QString p = path(name);
    if (!bytes.isNull()) QVERIFY(ti::writeFile(p, bytes));
    const QByteArray before = ti::readFile(p);

    EditSession s;
    QSignalSpy error(&s, &EditSession::errorOccurred);
    QSignalSpy source(&s, &EditSession::sourceChanged);
    QVERIFY(!s.openImage(p));
    QCOMPARE(error.count(), 1);
    QCOMPARE(source.count(), 0);
    QCOMPARE(error.at(0).at(0).toString(), s.lastError());
    QVERIFY2(s.lastError().contains(expected), qPrintable(s.lastError()));
    QVERIFY2(s.lastError().contains(name), qPrintable(s.lastError()));  // names the file
    QCOMPARE(s.state(), EditSession::State::Empty);
    QVERIFY(!s.hasSource());
    QCOMPARE(ti::readFile(p), before);  // never touched
    QCOMPARE(QFileInfo::exists(p), !bytes.isNull());
  }

  // A dropped picture's metadata: another tool's settings are not applied, values the engine
  // would refuse are left out (and named), the demo's working size stays with the demo, the VLM
  // that wrote the prompt is kept, damaged metadata is reported.
  void restoringADroppedPicture() {
    const QImage picture = ti::quadrants(32, 24);
    auto withText = [&](const QString& name, const QByteArray& keyword, const QString& text, bool utf8) {
      QString error;
      const QString p = path(name);
      if (!ifedit::app::saveImageAtomic(picture, p, &error, {{keyword, text, utf8}})) qFatal("%s", qPrintable(error));
      return p;
    };
    EditSession s;
    s.setParameters(small());
    s.setInstruction(QStringLiteral("make it night"));
    const EditParameters before = s.parameters();
    QString problem;

    const QString sd = withText(QStringLiteral("sd.png"), "parameters",
                                QStringLiteral("masterpiece, 1girl, city street\nNegative prompt: lowres\n"
                                               "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1234567890, Size: 512x512"),
                                false);
    QCOMPARE(s.restoreEditFrom(sd, &problem), EditSession::Restored::PromptOnly);
    QCOMPARE(s.prompt(), QStringLiteral("masterpiece, 1girl, city street"));
    QCOMPARE(s.instruction(), QStringLiteral("make it night"));
    QCOMPARE(s.parameters().steps, before.steps);
    QCOMPARE(s.parameters().guidanceLow, before.guidanceLow);
    QCOMPARE(s.parameters().negativePrompt, before.negativePrompt);
    QCOMPARE(s.parameters().seed, before.seed);

    const QString odd = withText(QStringLiteral("odd.png"), "parameters",
                                 QStringLiteral("a dog\nSteps: 0, Shift: 0, Seed: 9, Frames: 4, TLD K: 2, Threshold: 5"), false);
    QCOMPARE(s.restoreEditFrom(odd, &problem), EditSession::Restored::Edit);
    QCOMPARE(s.prompt(), QStringLiteral("a dog"));
    QCOMPARE(s.parameters().steps, before.steps);
    QCOMPARE(s.parameters().shift, before.shift);
    QCOMPARE(s.parameters().threshold, before.threshold);
    QCOMPARE(s.parameters().frames, 5);  // 4 -> 4n+1, as the engine adjusts it
    QCOMPARE(s.parameters().seed, quint64(9));
    QVERIFY2(problem.contains(QStringLiteral("steps")) && problem.contains(QStringLiteral("threshold")), qPrintable(problem));
    QString ok;
    QVERIFY(ifedit::app::checkEditParameters(s.parameters(), &ok));

    problem.clear();
    const QString demo = withText(
        QStringLiteral("demo.png"), "ifedit",
        QStringLiteral(R"({"instruction": "add snow", "prompt": "snow falls", "prompt_source": "vlm",
                          "prompt_model": "Qwen2.5-VL-7B-Instruct", "settings": {"max_area": 4096, "steps": 6},
                          "model": {"identity": "demo", "random_weights": true}})"),
        true);
    QCOMPARE(s.restoreEditFrom(demo, &problem), EditSession::Restored::Edit);
    QVERIFY(problem.isEmpty());
    QCOMPARE(s.instruction(), QStringLiteral("add snow"));
    QCOMPARE(s.promptModel(), QStringLiteral("Qwen2.5-VL-7B-Instruct"));
    QCOMPARE(s.parameters().steps, 6);
    QCOMPARE(s.parameters().maxArea, before.maxArea);

    // A hand-edited value of the wrong type is left out and said; a LoRA not set now is named.
    const QString edited = withText(
        QStringLiteral("edited.png"), "ifedit",
        QStringLiteral(R"({"instruction": "add rain", "prompt": "rain falls", "settings": {"steps": "12", "shift": 3},
                          "model": {"identity": "x", "lora_high": "wan_lightning_high.safetensors"}})"),
        true);
    QCOMPARE(s.restoreEditFrom(edited, &problem), EditSession::Restored::Edit);
    QCOMPARE(s.parameters().shift, 3.0);
    QCOMPARE(s.parameters().steps, 6);  // kept: "12" is text
    QVERIFY2(problem.contains(QStringLiteral("edited.png: left out")) && problem.contains(QStringLiteral("steps")),
             qPrintable(problem));
    QVERIFY2(problem.contains(QStringLiteral("LoRAs that are not set now: wan_lightning_high.safetensors (high-noise expert)")),
             qPrintable(problem));
    ifedit::app::ModelSetup withLora = s.modelSetup();
    withLora.loraHigh = path(QStringLiteral("loras/wan_lightning_high.safetensors"));
    s.setModelSetup(withLora);
    problem.clear();
    QCOMPARE(s.restoreEditFrom(edited, &problem), EditSession::Restored::Edit);
    QVERIFY2(!problem.contains(QStringLiteral("LoRA")), qPrintable(problem));

    const QString broken = withText(QStringLiteral("broken.png"), "ifedit", QStringLiteral("{\"prompt\": "), true);
    QCOMPARE(s.restoreEditFrom(broken, &problem), EditSession::Restored::Nothing);
    QVERIFY2(problem.contains(QStringLiteral("broken.png")), qPrintable(problem));
    problem.clear();
    QCOMPARE(s.restoreEditFrom(writeImage(QStringLiteral("plain.png"), ti::encode(picture, "png")), &problem),
             EditSession::Restored::Nothing);
    QVERIFY(problem.isEmpty());
  }

  // A picture too narrow for the working size is refused when the run is asked for, naming the
  // max area that would do, not after the models load; the report records the session's
  // adjustments (the demo's working size, frames 10 -> 9).
  void settingsTheSessionAdjustsOrRefuses() {
    EditSession s;
    s.useDemoModel();
    QVERIFY(s.openImage(writeImage(QStringLiteral("thin.png"), ti::encode(ti::quadrants(1, 1000), "png"))));
    s.setInstruction(QStringLiteral("make it night"));
    QSignalSpy failed(&s, &EditSession::errorOccurred);
    QVERIFY(!s.useInstructionAsPrompt());
    QVERIFY2(s.lastError().contains(QStringLiteral("needs a max area of at least")), qPrintable(s.lastError()));
    QVERIFY(s.state() != State::Evolving);

    EditParameters p = small();
    p.frames = 10;
    s.setParameters(p);
    QVERIFY(s.openImage(writeImage(QStringLiteral("wide-enough.png"), ti::encode(ti::quadrants(96, 64), "png"))));
    QVERIFY(s.useInstructionAsPrompt());
    QVERIFY(waitForState(s, State::Picking));
    const auto lines = s.editReport(false).value(QStringLiteral("adjustments")).toArray();
    QVERIFY2(lines.size() >= 1 && lines.at(0).toString().startsWith(QStringLiteral("frames 10 -> 9")),
             qPrintable(QJsonDocument(lines).toJson()));
  }

  void directoryIsNotAFile() {
    EditSession s;
    QVERIFY(!s.openImage(dir_.path()));
    QVERIFY2(s.lastError().contains(QStringLiteral("Not a file")), qPrintable(s.lastError()));
  }

  // Qt reads "name@2x.png" as a picture of device pixel ratio 2: the engine must still get every
  // pixel (a transparent one was drawn at half size onto white).
  void hiDpiFileNamesKeepEveryPixel() {
    QImage rgba(64, 48, QImage::Format_ARGB32);
    rgba.fill(QColor(255, 0, 0, 200));
    for (int y = 24; y < 48; ++y)
      for (int x = 32; x < 64; ++x) rgba.setPixelColor(x, y, QColor(0, 0, 255, 255));
    const QString p = writeImage(QStringLiteral("rgba@2x.png"), ti::encode(rgba, "png"));
    EditSession s;
    QVERIFY2(s.openImage(p), qPrintable(s.lastError()));
    QCOMPARE(s.sourceImage().devicePixelRatio(), 1.0);
    const ifedit::api::Image engine = ifedit::app::toEngineImage(s.sourceImage());
    QCOMPARE(engine.width, 64);
    const auto at = [&](int x, int y) {
      const size_t i = (size_t(y) * 64 + x) * 3;
      return QColor(engine.rgb[i], engine.rgb[i + 1], engine.rgb[i + 2]);
    };
    QCOMPARE(at(63, 47), QColor(0, 0, 255));
    QCOMPARE(at(63, 0).red(), 255);
    QVERIFY(at(63, 0).green() > 40);  // red at alpha 200 over white
    // The same holds for a picture that reaches the converter with a ratio set.
    QImage twice = rgba;
    twice.setDevicePixelRatio(2.0);
    QCOMPARE(ifedit::app::toEngineImage(twice).rgb, engine.rgb);
  }

  // A wide-gamut photo (Display P3) is converted to sRGB, not read as if it were sRGB.
  void colourSpacesAreConvertedToSrgb() {
    QImage p3(8, 8, QImage::Format_RGB32);
    p3.fill(QColor(200, 80, 60));
    p3.setColorSpace(QColorSpace(QColorSpace::DisplayP3));
    const QString p = writeImage(QStringLiteral("p3.png"), ti::encode(p3, "png"));
    QVERIFY(QImage(p).colorSpace() == QColorSpace(QColorSpace::DisplayP3));  // the file says P3
    EditSession s;
    QVERIFY2(s.openImage(p), qPrintable(s.lastError()));
    const QImage expected = p3.convertedToColorSpace(QColorSpace(QColorSpace::SRgb));
    QCOMPARE(s.sourceImage().pixelColor(3, 3), expected.pixelColor(3, 3));
    QVERIFY(s.sourceImage().pixelColor(3, 3) != QColor(200, 80, 60));
    // sRGB files are left as they are.
    QImage srgb = p3;
    srgb.setColorSpace(QColorSpace(QColorSpace::SRgb));
    QVERIFY(s.openImage(writeImage(QStringLiteral("srgb.png"), ti::encode(srgb, "png"))));
    QCOMPARE(s.sourceImage().pixelColor(3, 3), QColor(200, 80, 60));
  }

  void pixelLimitIsEnforcedBeforeDecoding() {
    const QString p = writeImage(QStringLiteral("limit.png"), ti::encode(ti::quadrants(50, 40), "png"));
    EditSession s;
    s.setMaxImagePixels(50 * 40 - 1);
    QVERIFY(!s.openImage(p));
    QVERIFY2(s.lastError().contains(QStringLiteral("50 x 40")), qPrintable(s.lastError()));
    s.setMaxImagePixels(50 * 40);
    QVERIFY2(s.openImage(p), qPrintable(s.lastError()));
  }

  void failedOpenKeepsTheCurrentImage() {
    const QString good = writeImage(QStringLiteral("keep.png"), ti::encode(ti::quadrants(20, 10), "png"));
    const QString bad = writeImage(QStringLiteral("bad.png"), ti::randomBytes(100, 3));
    EditSession s;
    QVERIFY(s.openImage(good));
    QVERIFY(!s.openImage(bad));
    QCOMPARE(s.sourcePath(), good);
    QCOMPARE(s.sourceImage().size(), QSize(20, 10));
    QCOMPARE(s.state(), EditSession::State::ImageLoaded);
    QVERIFY(s.openImage(good));  // and a good open clears the error
    QVERIFY(s.lastError().isEmpty());
  }

  void sourceFileIsNeverModified() {
    const QByteArray bytes = ti::jpegWithExifOrientation(ti::quadrants(64, 32), 8);
    const QString p = writeImage(QStringLiteral("untouched.jpg"), bytes);
    const QDateTime modified = QFileInfo(p).lastModified();
    EditSession s;
    QVERIFY(s.openImage(p));
    s.setInstruction(QStringLiteral("make it night"));
    QVERIFY(!s.requestRun());
    QCOMPARE(ti::readFile(p), bytes);
    QCOMPARE(QFileInfo(p).lastModified(), modified);
  }

  void instructionIsAnnouncedOnChangeOnly() {
    EditSession s;
    QSignalSpy spy(&s, &EditSession::instructionChanged);
    s.setInstruction(QStringLiteral("make it winter"));
    s.setInstruction(QStringLiteral("make it winter"));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("make it winter"));
    QCOMPARE(s.instruction(), QStringLiteral("make it winter"));
  }

  void runIsRefusedWithoutModel() {
    const QString p = writeImage(QStringLiteral("run.png"), ti::encode(ti::quadrants(8, 8), "png"));
    EditSession s;
    QVERIFY(s.openImage(p));
    s.setInstruction(QStringLiteral("add a hat"));
    QSignalSpy error(&s, &EditSession::errorOccurred);
    QSignalSpy state(&s, &EditSession::stateChanged);
    QVERIFY(!s.canRun());
    QCOMPARE(s.runBlockedReason(), s.modelStatus());
    QVERIFY(!s.requestRun());
    QCOMPARE(error.count(), 1);
    QCOMPARE(s.lastError(), s.modelStatus());
    QCOMPARE(state.count(), 0);
    QCOMPARE(s.state(), EditSession::State::ImageLoaded);
  }

  void demoRequestChangesTheStatusWording() {
    EditSession s;
    QSignalSpy spy(&s, &EditSession::modelStatusChanged);
    s.setDemoRequested(true);
    QVERIFY(s.demoRequested());
    QCOMPARE(spy.count(), 1);
    QVERIFY2(s.modelStatus().contains(QStringLiteral("Demo model")), qPrintable(s.modelStatus()));
    QVERIFY(s.modelStatus().contains(QStringLiteral("random")));
    QVERIFY(s.isModelConfigured());
    QVERIFY(s.isRandomWeightModel());
    QCOMPARE(s.modelSetup().path, QStringLiteral("demo"));
    s.setDemoRequested(false);
    QVERIFY(!s.isModelConfigured());
    QCOMPARE(spy.count(), 2);
  }

  // Found by random action sequences: a chain after Clear History named "Result of edit 0", and
  // the viewed frame went back to -1 without a signal.
  void chainAfterClearHistoryKeepsTheEditNumber() {
    EditSession s;
    EditParameters p = small();
    p.refine = false;
    runToPicking(s, QStringLiteral("chain-clear.png"), p);
    int lastSignalled = s.viewedFrame();
    connect(&s, &EditSession::viewedFrameChanged, &s, [&](int f) { lastSignalled = f; });
    s.setViewedFrame(1);
    QCOMPARE(lastSignalled, 1);
    QVERIFY(s.requestRefine());
    QVERIFY(waitForState(s, State::Done));
    QCOMPARE(lastSignalled, s.viewedFrame());
    QCOMPARE(s.history()->at(0).number, 1);
    QVERIFY(s.clearHistory());
    QCOMPARE(s.state(), State::Done);
    QVERIFY(s.useResultAsSource());
    QCOMPARE(s.sourceName(), QStringLiteral("Result of edit 1"));
    s.setInstruction(QStringLiteral("make it day"));
    QVERIFY(s.useInstructionAsPrompt());
    QVERIFY(waitForState(s, State::Picking));
    s.setViewedFrame(2);
    QCOMPARE(lastSignalled, 2);
    QVERIFY(s.approvePrompt());  // a new run resets the view: listeners hear it
    QCOMPARE(s.viewedFrame(), -1);
    QCOMPARE(lastSignalled, -1);
    s.cancel();
    QVERIFY(waitForState(s, State::Picking));
  }

  // A configured folder that is not a usable set is said when it is set, not after a run.
  void unusableModelFolderIsSaidWhenSet() {
    EditSession s;
    QVERIFY(QDir().mkpath(path(QStringLiteral("half/high_noise_model"))));
    s.setModelSetup({path(QStringLiteral("half"))});
    QVERIFY(s.isModelConfigured());
    QVERIFY(s.needsModelSetup());
    QVERIFY2(s.modelProblem().contains(QStringLiteral("High-noise expert")) &&
                 s.modelProblem().contains(QStringLiteral("more")),
             qPrintable(s.modelProblem()));
    QVERIFY2(s.modelStatus().contains(QStringLiteral("cannot be used")) && s.modelStatus().contains(QStringLiteral("half")),
             qPrintable(s.modelStatus()));
    s.setModelSetup({ifedit::app::demoModelFolder()});  // the demo set's folder, named as a folder
    QVERIFY2(s.modelProblem().isEmpty(), qPrintable(s.modelProblem()));
    QVERIFY(!s.needsModelSetup());
    QVERIFY(s.modelStatus().contains(QStringLiteral("loads on the first run")));
    s.setModelSetup({path(QStringLiteral("nowhere"))});
    QCOMPARE(s.modelProblem(), QStringLiteral("does not exist"));  // the folder is named beside it
    // The download finishes, the settings are applied again unchanged: the problem goes.
    std::filesystem::copy(ifedit::app::demoModelFolder().toStdString(), path(QStringLiteral("nowhere")).toStdString(),
                          std::filesystem::copy_options::recursive);
    s.setModelSetup({path(QStringLiteral("nowhere"))});
    QVERIFY2(s.modelProblem().isEmpty(), qPrintable(s.modelProblem()));
    QVERIFY(!s.needsModelSetup());
    s.useDemoModel();
    QVERIFY(s.modelProblem().isEmpty() && !s.needsModelSetup());
  }


  // ---- the flow on the demo model ----


  void demoFlowHeadless() {
    const QString p = writeImage(QStringLiteral("flow.png"), ti::encode(ti::quadrants(96, 64), "png"));
    EditSession s;
    s.setParameters(small());
    s.useDemoModel();
    QVERIFY(s.openImage(p));
    s.setInstruction(QStringLiteral("make it night"));
    QVERIFY(s.canRun());

    // No VLM configured: the offline template writes the prompt.
    QSignalSpy states(&s, &EditSession::stateChanged);
    QVERIFY(s.requestRun());
    QVERIFY(waitForState(s, State::Reviewing, 5000));
    QCOMPARE(states.first().at(0).value<State>(), State::Rewriting);
    QCOMPARE(s.promptSource(), EditSession::kPromptFromTemplate);
    QVERIFY(s.prompt().contains(QStringLiteral("night"), Qt::CaseInsensitive));
    QVERIFY(s.promptOrigin().contains(QStringLiteral("template")));
    QVERIFY(s.canApprove());

    // Evolve on the worker: previews, then frames, then scores, all queued back to this thread.
    auto* t = s.timeline();
    QSignalSpy previews(t, &ifedit::app::EvolutionTimeline::previewAdded);
    QSignalSpy frames(t, &ifedit::app::EvolutionTimeline::framesChanged);
    QSignalSpy progress(&s, &EditSession::progressChanged);
    QThread* uiThread = QThread::currentThread();
    bool allOnUiThread = true;
    connect(t, &ifedit::app::EvolutionTimeline::previewAdded, this,
            [&] { allOnUiThread &= QThread::currentThread() == uiThread; });
    QVERIFY(s.approvePrompt());
    QCOMPARE(s.state(), State::Evolving);
    QVERIFY(s.isBusy());
    QVERIFY(waitForState(s, State::Picking));
    QVERIFY(allOnUiThread);
    QCOMPARE(previews.count(), 4);  // one per step
    QVERIFY(frames.count() >= 2);
    QVERIFY(progress.count() >= 4);
    QVERIFY(s.modelStatus().contains(QStringLiteral("random")));
    QVERIFY2(s.modelStatus().endsWith(QStringLiteral(" \u2014 runs on cpu, f32")), qPrintable(s.modelStatus()));
    // 9 frames -> 3 latent frames; K=3 keeps {0, 2} -> 2 latent frames -> 5 pixel frames.
    QCOMPARE(t->frameCount(), 5);
    QCOMPARE(t->arrivedFrames(), 5);
    QCOMPARE(t->candidates(), (QList<int>{1, 2, 3, 4}));
    int best = -1;
    for (int c : t->candidates())
      if (best < 0 || t->score(c) > t->score(best)) best = c;
    QCOMPARE(t->pick(), best);  // the sharpest candidate
    QCOMPARE(t->chosen(), best);
    QVERIFY(!t->frame(0).isNull());
    QCOMPARE(s.displayImage(), t->frame(best));
    QVERIFY(s.displayIsEngineOutput());

    // Override the pick; undo and redo it.
    const int other = best == 1 ? 2 : 1;
    QVERIFY(s.chooseFrame(other));
    QCOMPARE(t->chosen(), other);
    QVERIFY(t->isOverridden());
    s.undoStack()->undo();
    QCOMPARE(t->chosen(), best);
    s.undoStack()->redo();
    QCOMPARE(t->chosen(), other);
    QVERIFY(!s.chooseFrame(99));

    // Refine from the chosen frame.
    QVERIFY(s.canRefine());
    QVERIFY(s.requestRefine());
    QCOMPARE(s.state(), State::Refining);
    QVERIFY(waitForState(s, State::Done));
    QVERIFY(s.hasResult());
    QVERIFY(s.resultRefined());
    QCOMPARE(s.displayImage(), s.resultImage());
    QCOMPARE(s.history()->count(), 1);
    const auto& entry = s.history()->at(0);
    QCOMPARE(entry.chosenFrame, other);
    QVERIFY(entry.randomWeights);
    QCOMPARE(entry.parameters.seed, quint64(7));
    QVERIFY(entry.settingsSummary().contains(QStringLiteral("random-weight output")));

    // The report carries what ran.
    const QJsonObject report = s.editReport(false);
    QCOMPARE(report.value(QStringLiteral("instruction")).toString(), QStringLiteral("make it night"));
    QCOMPARE(report.value(QStringLiteral("prompt_source")).toString(), EditSession::kPromptFromTemplate);
    QCOMPARE(report.value(QStringLiteral("seed")).toString(), QStringLiteral("7"));
    QCOMPARE(report.value(QStringLiteral("refinement")).toObject().value(QStringLiteral("chosen_frame")).toInt(), other);
    QVERIFY(report.value(QStringLiteral("warning")).toString().contains(QStringLiteral("random-weight")));
    QVERIFY(s.parametersText().contains(QStringLiteral("random-weight output")));
    QCOMPARE(s.evolutionFrames().size(), 5);

    // Chain: the result becomes the source of the next edit; the history keeps the first.
    const QImage result = s.resultImage();
    QVERIFY(s.useResultAsSource());
    QCOMPARE(s.state(), State::ImageLoaded);
    QCOMPARE(s.sourceImage(), result);
    QVERIFY(s.sourceName().contains(QStringLiteral("1")));
    QVERIFY(!s.hasResult());
    QCOMPARE(t->frameCount(), 0);
    // The chain remembers the picture it started from: its file stays safe from exports, and
    // "the source's size" is still that picture's.
    const QSize first = s.history()->at(0).source.size();
    QVERIFY(s.sourcePath().isEmpty());
    QCOMPARE(s.originalSourcePath(), p);
    QCOMPARE(s.originalSourceSize(), first);
    // Revisit the first edit.
    QVERIFY(s.revisit(0));
    QCOMPARE(s.state(), State::Done);
    QCOMPARE(s.resultImage(), result);
    QCOMPARE(s.sourcePath(), p);
    QCOMPARE(t->chosen(), other);
    QCOMPARE(s.prompt(), entry.prompt);
  }

  void cancelMidRunAndRunAgain() {
    const QString p = writeImage(QStringLiteral("cancel.png"), ti::encode(ti::quadrants(96, 64), "png"));
    EditSession s;
    EditParameters params = small();
    params.steps = 8;
    s.setParameters(params);
    s.useDemoModel();
    QVERIFY(s.openImage(p));
    s.setInstruction(QStringLiteral("add snow"));
    QVERIFY(s.requestRun());
    QVERIFY(waitForState(s, State::Reviewing, 5000));
    QVERIFY(s.approvePrompt());
    // Cancel once the denoising loop runs.
    QVERIFY(QTest::qWaitFor([&] { return s.progress().step() >= 1; }, 60000));
    s.cancel();
    QCOMPARE(s.state(), State::Reviewing);
    QVERIFY(!s.isBusy());
    QVERIFY(!s.prompt().isEmpty());
    QCOMPARE(s.timeline()->frameCount(), 0);
    // Late events of the cancelled job change nothing.
    QTest::qWait(300);
    QCOMPARE(s.state(), State::Reviewing);
    // Run again: it completes.
    QVERIFY(s.approvePrompt());
    QVERIFY(waitForState(s, State::Picking));
    QVERIFY(s.timeline()->pick() >= 0);
    // Cancelling a refinement returns to picking.
    QVERIFY(s.requestRefine());
    s.cancel();
    QCOMPARE(s.state(), State::Picking);
    QVERIFY(s.requestRefine());
    QVERIFY(waitForState(s, State::Done));
  }

  void refinementOffMakesTheChosenFrameTheResult() {
    const QString p = writeImage(QStringLiteral("norefine.png"), ti::encode(ti::quadrants(96, 64), "png"));
    EditSession s;
    EditParameters params = small();
    params.refine = false;
    s.setParameters(params);
    s.useDemoModel();
    QVERIFY(s.openImage(p));
    s.setInstruction(QStringLiteral("add a hat"));
    QVERIFY(s.useInstructionAsPrompt());  // skips the rewrite and runs
    QCOMPARE(s.prompt(), QStringLiteral("add a hat"));
    QCOMPARE(s.promptSource(), EditSession::kPromptFromUser);
    QVERIFY(waitForState(s, State::Picking));
    QVERIFY(s.chooseFrame(0));
    QVERIFY(s.requestRefine());
    QVERIFY(waitForState(s, State::Done));
    QVERIFY(!s.resultRefined());
    QCOMPARE(s.resultImage(), s.timeline()->frame(0));
  }

  void demoModelCapsTheWorkingSize() {
    const QString p = writeImage(QStringLiteral("cap.png"), ti::encode(ti::quadrants(832, 480), "png"));
    EditSession s;
    EditParameters params;  // default max area: 480 x 832
    params.frames = 1;
    params.steps = 1;
    s.setParameters(params);
    s.useDemoModel();
    QVERIFY(s.openImage(p));
    s.setInstruction(QStringLiteral("make it night"));
    QSignalSpy messages(&s, &EditSession::message);
    QVERIFY(s.useInstructionAsPrompt());
    bool told = false;
    for (const auto& m : messages) told |= m.at(0).toString().contains(QStringLiteral("demo model: working size"));
    QVERIFY(told);
    QVERIFY(waitForState(s, State::Picking));
    const QJsonObject report = s.editReport(false);
    QCOMPARE(report.value(QStringLiteral("settings")).toObject().value(QStringLiteral("max_area")).toDouble(),
             double(ifedit::app::kDemoMaxArea));
    const QJsonArray size = report.value(QStringLiteral("working_size")).toArray();
    QVERIFY(size.at(0).toInt() * size.at(1).toInt() <= ifedit::app::kDemoMaxArea);
    QCOMPARE(s.parameters().maxArea, params.maxArea);  // the user's setting itself is kept
  }

  void closingMidRunStopsTheEngineAndTheVlm() {
    const QString p = writeImage(QStringLiteral("close.png"), ti::encode(ti::quadrants(96, 64), "png"));
    // Mid-evolution: the destructor cancels, stops the worker thread and waits for it.
    {
      QElapsedTimer clock;
      auto s = std::make_unique<EditSession>();
      EditParameters params = small();
      params.steps = 8;
      s->setParameters(params);
      s->useDemoModel();
      QVERIFY(s->openImage(p));
      s->setInstruction(QStringLiteral("add snow"));
      QVERIFY(s->useInstructionAsPrompt());
      QVERIFY(QTest::qWaitFor([&] { return s->progress().step() >= 1; }, 60000));
      clock.start();
      s.reset();
      QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
    }
    // Mid-rewrite, with a VLM that never finishes its answer.
    {
      ifedit::test::LoopbackServer vlm([](QTcpSocket* socket, const ifedit::test::HttpRequest&, int) {
        ifedit::test::startEventStream(socket);
        ifedit::test::sendChunk(socket, ifedit::test::sseEvent(ifedit::test::deltaJson(QStringLiteral("The sky "))));
      });
      auto s = std::make_unique<EditSession>();
      s->useDemoModel();
      s->setVlmEndpoint({vlm.baseUrl(), QStringLiteral("m"), QString()});
      QVERIFY(s->openImage(p));
      s->setInstruction(QStringLiteral("make it night"));
      QVERIFY(s->requestRun());
      QVERIFY(QTest::qWaitFor([&] { return s->prompt().contains(QStringLiteral("sky")); }, 10000));
      // Cancel returns to the state before the rewrite; a new rewrite then starts cleanly.
      s->cancel();
      QCOMPARE(s->state(), State::ImageLoaded);
      QVERIFY(s->requestRun());
      QCOMPARE(s->state(), State::Rewriting);
      QVERIFY(QTest::qWaitFor([&] { return vlm.requests.size() == 2; }, 10000));
      s.reset();  // while the second answer is still open
      QTest::qWait(50);
    }
  }

  // The instruction box stays editable while the engine runs: what the user types for the next
  // edit is not the instruction of the one running.
  void theRunRecordsTheInstructionItStartedWith() {
    EditSession s;
    s.setParameters(small());
    s.useDemoModel();
    QVERIFY(s.openImage(writeImage(QStringLiteral("typed.png"), ti::encode(ti::quadrants(96, 64), "png"))));
    s.setInstruction(QStringLiteral("make it night"));
    QVERIFY(s.useInstructionAsPrompt());
    QCOMPARE(s.state(), State::Evolving);
    s.setInstruction(QStringLiteral("add snow"));
    QVERIFY(waitForState(s, State::Picking));
    QCOMPARE(s.editReport(false).value(QStringLiteral("instruction")).toString(), QStringLiteral("make it night"));
    QCOMPARE(s.editReport(false).value(QStringLiteral("prompt")).toString(), QStringLiteral("make it night"));
    QVERIFY(s.requestRefine());
    QVERIFY(waitForState(s, State::Done));
    QCOMPARE(s.history()->at(0).instruction, QStringLiteral("make it night"));
    QCOMPARE(s.instruction(), QStringLiteral("add snow"));  // the box keeps what was typed

    // A written prompt goes with the instruction it was written from, whatever the box holds at
    // Approve (the VLM/template never saw the words typed while it wrote).
    s.setInstruction(QStringLiteral("make it foggy"));
    QVERIFY(s.useOfflineTemplate());
    QVERIFY(waitForState(s, State::Done));  // written beside the finished edit
    s.setInstruction(QStringLiteral("make it foggy and add a dragon"));
    QVERIFY(s.approvePrompt());
    QVERIFY(waitForState(s, State::Picking));
    QCOMPARE(s.editReport(false).value(QStringLiteral("instruction")).toString(), QStringLiteral("make it foggy"));
    // ... and a revisited edit's written prompt goes with its own instruction, not the last rewrite's.
    QVERIFY(s.requestRefine());
    QVERIFY(waitForState(s, State::Done));
    s.setInstruction(QStringLiteral("make it rainy"));
    QVERIFY(s.useOfflineTemplate());
    QVERIFY(waitForState(s, State::Done));
    QVERIFY(s.revisit(1));
    QCOMPARE(s.instruction(), QStringLiteral("make it foggy"));
    QCOMPARE(s.promptSource(), EditSession::kPromptFromTemplate);
    QVERIFY(s.approvePrompt());
    QVERIFY(waitForState(s, State::Picking));
    QCOMPARE(s.editReport(false).value(QStringLiteral("instruction")).toString(), QStringLiteral("make it foggy"));
  }

  // Regenerate (or a first rewrite) then Esc: the prompt it was replacing comes back, with its state.
  void cancellingARewriteKeepsThePromptItReplaced() {
    ifedit::test::LoopbackServer vlm([](QTcpSocket* socket, const ifedit::test::HttpRequest&, int) {
      ifedit::test::startEventStream(socket);  // never finishes
    });
    EditSession s;
    s.useDemoModel();
    s.setVlmEndpoint({vlm.baseUrl(), QStringLiteral("m"), QString()});
    QVERIFY(s.openImage(writeImage(QStringLiteral("regen.png"), ti::encode(ti::quadrants(96, 64), "png"))));
    s.setInstruction(QStringLiteral("make it night"));
    s.setPrompt(QStringLiteral("my carefully written prompt"));
    QCOMPARE(s.state(), State::Reviewing);
    QVERIFY(s.regeneratePrompt());
    QCOMPARE(s.state(), State::Rewriting);
    QVERIFY(s.prompt().isEmpty());
    s.cancel();
    QCOMPARE(s.state(), State::Reviewing);
    QCOMPARE(s.prompt(), QStringLiteral("my carefully written prompt"));
    QCOMPARE(s.promptSource(), EditSession::kPromptFromUser);
    QVERIFY(s.canApprove());

    // A rewrite that fails (nothing listens there) keeps it too, with the error beside it.
    s.setVlmEndpoint({QUrl(QStringLiteral("http://127.0.0.1:9/v1")), QStringLiteral("m"), QString()});
    QVERIFY(s.regeneratePrompt());
    QVERIFY(waitForState(s, State::Reviewing));
    QVERIFY(!s.rewriteError().isEmpty());
    QVERIFY(!s.rewriteErrorFromTemplate());
    QCOMPARE(s.prompt(), QStringLiteral("my carefully written prompt"));
    QVERIFY(s.canApprove());
  }

  // Regenerate replaces the prompt: the window asks first when that would lose words the user
  // typed, and only then (a written prompt, the instruction itself or a prompt a run used is not
  // the user's unsaved work).
  void rewritingKnowsWhenItWouldLoseTheUsersWords() {
    EditSession s;
    runToPicking(s, QStringLiteral("losewords.png"));
    QVERIFY(!s.rewriteWouldLoseEdits());  // the instruction as is, and a run used it
    s.setPrompt(QStringLiteral("the street lamps light up one by one, the sky turns deep blue"));
    QVERIFY(s.rewriteWouldLoseEdits());
    QVERIFY(s.useOfflineTemplate());
    QVERIFY(waitForState(s, State::Picking));  // written beside the evolution
    QCOMPARE(s.promptSource(), EditSession::kPromptFromTemplate);
    QVERIFY(!s.rewriteWouldLoseEdits());
    s.setPrompt(s.prompt() + QStringLiteral(" Snow falls."));
    QVERIFY(s.rewriteWouldLoseEdits());
    s.setPrompt(QStringLiteral("  make it night "));
    QVERIFY(!s.rewriteWouldLoseEdits());
    s.setPrompt(QStringLiteral("a hand-written prompt"));
    QVERIFY(s.approvePrompt());
    QVERIFY(waitForState(s, State::Picking));
    QVERIFY(!s.rewriteWouldLoseEdits());
  }

  // The next instruction's prompt, written while an evolution waits to be refined (or a result is
  // shown), waits beside it: the frames stay choosable and refinable, leaving them still asks,
  // and a failed rewrite keeps the result on the canvas. Approving runs the new prompt, and a
  // failed rewrite's offer goes with it.
  void aPromptWrittenBesideAnEvolutionKeepsIt() {
    EditSession s;
    runToPicking(s, QStringLiteral("beside.png"));
    const int frames = s.timeline()->arrivedFrames();
    s.setInstruction(QStringLiteral("add snow"));
    QVERIFY(s.useOfflineTemplate());
    QVERIFY(waitForState(s, State::Picking));
    QCOMPARE(s.promptSource(), EditSession::kPromptFromTemplate);
    QCOMPARE(s.timeline()->arrivedFrames(), frames);
    QVERIFY(s.canRefine());
    QVERIFY(!s.workAtRisk().isEmpty());
    QVERIFY(s.chooseFrame(s.timeline()->chosen() == 1 ? 2 : 1));
    QVERIFY(s.requestRefine());
    QVERIFY(waitForState(s, State::Done));
    const QImage result = s.resultImage();

    s.setVlmEndpoint({QUrl(QStringLiteral("http://127.0.0.1:9/v1")), QStringLiteral("m"), QString()});
    QSignalSpy failed(&s, &EditSession::rewriteFailed);
    QVERIFY(s.requestRun());
    QVERIFY(failed.wait(30000));
    QCOMPARE(s.state(), State::Done);
    QVERIFY(s.hasResult());
    QCOMPARE(s.displayImage(), result);
    QVERIFY(!s.rewriteError().isEmpty());
    QCOMPARE(s.promptSource(), EditSession::kPromptFromTemplate);  // the prompt it was to replace
    QVERIFY(s.approvePrompt());
    QCOMPARE(s.state(), State::Evolving);
    QVERIFY(s.rewriteError().isEmpty());
    QVERIFY(waitForState(s, State::Picking));
  }

  // Going to an edit of the history brings back its instruction and prompt: words typed into
  // either that no run used are the user's work (the window asks first), the edit's own are not.
  void revisitingKnowsWhenItWouldLoseTheUsersWords() {
    EditSession s;
    runToPicking(s, QStringLiteral("revisitwords.png"));
    QVERIFY(s.requestRefine());
    QVERIFY(waitForState(s, State::Done));
    QVERIFY(!s.revisitWouldLoseWords());
    s.setInstruction(QStringLiteral("add a red umbrella"));
    QVERIFY(s.revisitWouldLoseWords());
    s.setInstruction(QStringLiteral("make it night"));
    QVERIFY(!s.revisitWouldLoseWords());
    s.setPrompt(QStringLiteral("rain starts to fall on the street"));
    QVERIFY(s.revisitWouldLoseWords());
    QVERIFY(s.revisit(0));
    QVERIFY(!s.revisitWouldLoseWords());
    QCOMPARE(s.prompt(), QStringLiteral("make it night"));
  }

  // A dropped IF-Edit export is the result its record describes: an edit of it continues that
  // chain (its place, its first picture's name, and the demo's label on real weights).
  void aDroppedExportContinuesItsChain() {
    EditSession s;
    runToPicking(s, QStringLiteral("dropchain.png"));
    QVERIFY(s.requestRefine());
    QVERIFY(waitForState(s, State::Done));
    const QString exported = path(QStringLiteral("dropchain-edited.png"));
    QString error;
    QVERIFY2(ifedit::app::exportImage(s.resultImage(), exported, {ifedit::app::ImageExportFormat::Png8},
                                      {s.parametersText(), s.editReport(false)}, &error),
             qPrintable(error));

    EditSession t;
    ifedit::app::ModelSetup real;
    real.path = QStringLiteral(IFEDIT_SOURCE_DIR "/resources/demo");
    t.setModelSetup(real);
    QVERIFY(t.openImage(exported));
    QCOMPARE(t.chainPosition(), 1);
    QVERIFY(!t.showsRandomWeightOutput());
    QCOMPARE(t.restoreEditFrom(exported), EditSession::Restored::Edit);
    QCOMPARE(t.chainPosition(), 2);
    QCOMPARE(t.originalSourceName(), QStringLiteral("dropchain.png"));
    QCOMPARE(t.originalSourcePath(), exported);  // what an export must never overwrite
    QVERIFY(t.showsRandomWeightOutput());
  }

  // The refinement follows the settings as they are when it is asked for (the button says so).
  void refinementFollowsTheSettingsAtRefineTime() {
    EditSession s;
    runToPicking(s, QStringLiteral("refset.png"));
    EditParameters p = s.parameters();
    p.refine = false;
    s.setParameters(p);
    QVERIFY(s.requestRefine());
    QVERIFY(waitForState(s, State::Done));
    QVERIFY(!s.resultRefined());
    QCOMPARE(s.resultImage(), s.timeline()->frame(s.timeline()->chosen()));
    // The record says what the refinement did (a dropped export restores it).
    QCOMPARE(s.editReport(false).value(QStringLiteral("settings")).toObject().value(QStringLiteral("refine")).toBool(), false);
    QVERIFY(!s.history()->at(0).parameters.refine);

    EditSession t;
    EditParameters off = small();
    off.refine = false;
    runToPicking(t, QStringLiteral("refset2.png"), off);
    off.refine = true;
    off.refineFrames = 9;  // the evolution ran with 5
    t.setParameters(off);
    QVERIFY(t.requestRefine());
    QVERIFY(waitForState(t, State::Done));
    QVERIFY(t.resultRefined());
    QCOMPARE(t.editReport(false).value(QStringLiteral("refinement")).toObject().value(QStringLiteral("refined")).toBool(),
             true);
    const QJsonObject used = t.editReport(false).value(QStringLiteral("settings")).toObject();
    QCOMPARE(used.value(QStringLiteral("refine")).toBool(), true);
    QCOMPARE(used.value(QStringLiteral("refine_frames")).toInt(), 9);
    QCOMPARE(t.history()->at(0).parameters.refineFrames, 9);
  }

  // Done, another frame clicked (which leaves Done), Ctrl+Z: the result is back.
  void undoingAFrameChoiceBringsTheResultBack() {
    EditSession s;
    runToPicking(s, QStringLiteral("undo.png"));
    QVERIFY(s.requestRefine());
    QVERIFY(waitForState(s, State::Done));
    const QImage result = s.resultImage();
    const int chosen = s.timeline()->chosen();
    const int entry = s.currentHistoryIndex();
    QVERIFY(s.chooseFrame(chosen == 1 ? 2 : 1));
    QCOMPARE(s.state(), State::Picking);
    QVERIFY(!s.hasResult());
    s.undoStack()->undo();
    QCOMPARE(s.state(), State::Done);
    QCOMPARE(s.timeline()->chosen(), chosen);
    QCOMPARE(s.resultImage(), result);
    QCOMPARE(s.currentHistoryIndex(), entry);
    s.undoStack()->redo();
    QCOMPARE(s.state(), State::Picking);
    QCOMPARE(s.timeline()->chosen(), chosen == 1 ? 2 : 1);
    QCOMPARE(s.history()->count(), 1);
  }

  // What says "random-weight output" is the model that made the pictures, not the one configured.
  void randomWeightLabelFollowsTheOutput() {
    EditSession s;
    runToPicking(s, QStringLiteral("label.png"));
    QVERIFY(s.showsRandomWeightOutput());
    ifedit::app::ModelSetup real;
    real.path = path(QStringLiteral("real-model"));
    s.setModelSetup(real);
    QVERIFY(!s.isRandomWeightModel());     // the configured model
    QVERIFY(s.showsRandomWeightOutput());  // the demo's frames are still on screen
    QVERIFY(s.openImage(path(QStringLiteral("label.png"))));
    QVERIFY(!s.showsRandomWeightOutput());  // a new edit: nothing of the demo shown

    // Settings switched to a real model while the demo ran: the real one is not labelled random
    // when the demo's run ends, nor when a demo edit is revisited.
    EditSession t;
    t.setParameters(small());
    t.useDemoModel();
    QVERIFY(t.openImage(path(QStringLiteral("label.png"))));
    t.setInstruction(QStringLiteral("make it night"));
    QVERIFY(t.useInstructionAsPrompt());
    t.setModelSetup(real);
    QVERIFY(waitForState(t, State::Picking));
    QVERIFY(t.showsRandomWeightOutput());
    QVERIFY(!t.isRandomWeightModel());
    QVERIFY(t.requestRefine());
    QVERIFY(waitForState(t, State::Done));
    QVERIFY(t.revisit(0));
    QVERIFY(t.showsRandomWeightOutput());
    QVERIFY(!t.isRandomWeightModel());
  }

  // A chain that started from the demo's output is random-weight output on real weights too: the
  // canvas, the history and the exported record say so (the record's model does not claim it).
  void chainFromTheDemoStaysRandomWeightOutput() {
    EditSession s;
    runToPicking(s, QStringLiteral("chain-demo.png"));
    QVERIFY(s.requestRefine());
    QVERIFY(waitForState(s, State::Done));
    QVERIFY(s.useResultAsSource());
    // The demo set's files under their own folder are an ordinary model set, not "the demo".
    ifedit::app::ModelSetup real;
    real.path = QStringLiteral(IFEDIT_SOURCE_DIR "/resources/demo");
    s.setModelSetup(real);
    QVERIFY(!s.isRandomWeightModel());
    QVERIFY(s.showsRandomWeightOutput());  // the source on screen is the demo's output
    s.setInstruction(QStringLiteral("make it day"));
    QVERIFY(s.useInstructionAsPrompt());
    QVERIFY2(waitForState(s, State::Picking), qPrintable(s.lastError()));
    QVERIFY(s.requestRefine());
    QVERIFY(waitForState(s, State::Done));
    QVERIFY(!s.isRandomWeightModel());
    QVERIFY(s.showsRandomWeightOutput());
    QCOMPARE(s.history()->count(), 2);
    QVERIFY(s.history()->at(1).randomWeights);
    const QJsonObject report = s.editReport(false);
    QVERIFY(!report.value(QStringLiteral("model")).toObject().value(QStringLiteral("random_weights")).toBool());
    QVERIFY2(report.value(QStringLiteral("warning")).toString().contains(QStringLiteral("source")),
             qPrintable(report.value(QStringLiteral("warning")).toString()));
    // Chained once more on real weights: still its descendant.
    QVERIFY(s.useResultAsSource());
    QVERIFY(s.showsRandomWeightOutput());
    // A picture of the user's own starts clean.
    QVERIFY(s.openImage(writeImage(QStringLiteral("own.png"), ti::encode(ti::quadrants(64, 48), "png"))));
    QVERIFY(!s.showsRandomWeightOutput());
    // Revisiting the chained edit brings its label back.
    QVERIFY(s.revisit(1));
    QVERIFY(s.showsRandomWeightOutput());
    QVERIFY(s.revisit(0));
    QVERIFY(s.showsRandomWeightOutput());
  }

  // Refining an edit loads the model that made it when the engine holds none (a failed load).
  void refinementLoadsTheModelOfItsEdit() {
    EditSession s;
    runToPicking(s, QStringLiteral("reload.png"));
    QVERIFY(s.requestRefine());
    QVERIFY(waitForState(s, State::Done));
    failARunOnAMissingModel(s, QStringLiteral("missing-model"));
    QVERIFY(s.revisit(0));
    QVERIFY(s.chooseFrame(s.timeline()->chosen() == 1 ? 2 : 1));
    QVERIFY(s.requestRefine());
    QVERIFY2(waitForState(s, State::Done), qPrintable(s.lastError()));
    QVERIFY(s.resultRefined());
    QCOMPARE(s.modelSetup().path, path(QStringLiteral("missing-model")));  // the configured one stays
    // The edit's model, placed as the settings say now: a GPU memory mode asked for on the CPU is
    // what this refinement is refused for (a refinement that ran out of memory is retried so).
    ifedit::app::ModelSetup placed = s.modelSetup();
    placed.device = QStringLiteral("cpu");
    placed.memoryMode = QStringLiteral("swap");
    s.setModelSetup(placed);
    QVERIFY(s.revisit(0));
    QVERIFY(s.chooseFrame(s.timeline()->chosen() == 1 ? 2 : 1));
    QSignalSpy failed(&s, &EditSession::runFailed);
    QVERIFY(s.requestRefine());
    QVERIFY(failed.wait(30000));
    QVERIFY2(failed.last().at(0).toString().contains(QStringLiteral("swap")), qPrintable(failed.last().at(0).toString()));
  }

  // Another try from Picking, then Esc (or a failure): the finished evolution comes back.
  void cancellingARerunKeepsTheFinishedEdit() {
    EditSession s;
    EditParameters params = small();
    params.steps = 8;
    runToPicking(s, QStringLiteral("rerun.png"), params);
    const int frames = s.timeline()->frameCount();
    const int pick = s.timeline()->pick();
    QVERIFY(s.chooseFrame(pick == 1 ? 2 : 1));
    const int chosen = s.timeline()->chosen();
    const QJsonObject report = s.editReport(false);
    QVERIFY(s.approvePrompt());
    QCOMPARE(s.state(), State::Evolving);
    QCOMPARE(s.timeline()->arrivedFrames(), 0);  // the new run's timeline
    s.cancel();
    QCOMPARE(s.state(), State::Picking);
    QCOMPARE(s.timeline()->frameCount(), frames);
    QCOMPARE(s.timeline()->chosen(), chosen);
    QCOMPARE(s.editReport(false), report);
    QVERIFY(s.canRefine());
    QTest::qWait(300);  // late events of the cancelled run change nothing
    QCOMPARE(s.timeline()->frameCount(), frames);
    QVERIFY(s.requestRefine());
    QVERIFY(waitForState(s, State::Done));
    // From Done, a failed run brings the Done edit back.
    const QImage result = s.resultImage();
    failARunOnAMissingModel(s, QStringLiteral("missing-model-2"));
    QCOMPARE(s.state(), State::Done);
    QCOMPARE(s.resultImage(), result);
    // A new prompt first (written beside the finished edit, still shown), then a run, then Esc:
    // the finished edit is still there.
    s.useDemoModel();
    QVERIFY(s.useOfflineTemplate());
    QVERIFY(waitForState(s, State::Done, 5000));
    QCOMPARE(s.promptSource(), EditSession::kPromptFromTemplate);
    QVERIFY(s.approvePrompt());
    s.cancel();
    QCOMPARE(s.state(), State::Done);
    QCOMPARE(s.resultImage(), result);
    QCOMPARE(s.timeline()->frameCount(), frames);
  }

  void brokenModelFolderIsAMessage() {
    const QString p = writeImage(QStringLiteral("nomodel.png"), ti::encode(ti::quadrants(32, 32), "png"));
    EditSession s;
    s.setParameters(small());
    s.setModelSetup({dir_.filePath(QStringLiteral("no-such-model"))});
    QVERIFY(s.openImage(p));
    s.setInstruction(QStringLiteral("make it red"));
    QVERIFY(s.useInstructionAsPrompt());
    QSignalSpy failed(&s, &EditSession::runFailed);
    QVERIFY(failed.wait(30000));
    QCOMPARE(s.state(), State::Reviewing);
    QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("no-such-model")), qPrintable(s.lastError()));
  }

  void badSettingsAreRefusedWithAReason() {
    const QString p = writeImage(QStringLiteral("bad.png"), ti::encode(ti::quadrants(32, 32), "png"));
    EditSession s;
    EditParameters params = small();
    params.dropoutK = 0;
    s.setParameters(params);
    s.useDemoModel();
    QVERIFY(s.openImage(p));
    s.setInstruction(QStringLiteral("make it red"));
    QVERIFY(!s.useInstructionAsPrompt());
    QVERIFY2(s.lastError().contains(QStringLiteral("K must be >= 1")), qPrintable(s.lastError()));
    QCOMPARE(s.state(), State::Reviewing);
  }

  // ---- pieces ----

  void progressEstimatesTimeLeftFromStepTimes() {
    ifedit::app::RunProgress p;
    p.start(1000, false);
    QCOMPARE(p.secondsLeft(), -1.0);
    p.setStage(ifedit::app::RunStage::LoadingModels, QStringLiteral("vae"), 1000);
    p.setStage(ifedit::app::RunStage::Denoising, QString(), 5000);  // 4 s of loading: not a step
    p.stepDone({0, 8, 1000, true, false}, 8000);                    // first step: 3 s (warm-up)
    QCOMPARE(p.secondsLeft(), 7 * 3.0);
    p.stepDone({1, 8, 900, true, false}, 9000);  // 1 s
    p.stepDone({2, 8, 800, false, false}, 10000);  // 1 s
    QCOMPARE(p.step(), 3);
    QCOMPARE(p.steps(), 8);
    QCOMPARE(p.secondsLeft(), 5 * 1.0);  // warm-up step left out once others exist
    QVERIFY(!p.highExpert());
    QVERIFY(p.summary().contains(QStringLiteral("step 3/8")));
    QVERIFY(p.summary().contains(QStringLiteral("low-noise expert")));
    QVERIFY(p.summary().contains(QStringLiteral("about 5 s left")));
    QVERIFY(p.fraction() > 0.3 && p.fraction() < 0.4);
    // Decoding, scoring, then the engine's Done just before the result: the bar only moves on.
    for (int i = 3; i < 8; ++i) p.stepDone({i, 8, 100, false, false}, 11000 + i);
    double last = p.fraction();
    for (const auto stage : {ifedit::app::RunStage::Decoding, ifedit::app::RunStage::Scoring, ifedit::app::RunStage::Done}) {
      p.setStage(stage, QString(), 12000);
      QVERIFY2(p.fraction() >= last, qPrintable(QString::number(p.fraction())));
      last = p.fraction();
    }
    p.finish();
    QCOMPARE(p.fraction(), 1.0);
  }

  // While models load the bar shows how much of them is read, and the line the part, the
  // percentage and, from the rate once 3 % more has come in, the time left.
  void progressShowsHowMuchOfTheModelsIsRead() {
    ifedit::app::RunProgress p;
    p.start(0, false);
    p.setStage(ifedit::app::RunStage::LoadingModels, QStringLiteral("high-noise expert"), 0);
    QCOMPARE(p.fraction(), 0.0);
    QCOMPARE(p.summary(), QStringLiteral("Loading models: high-noise expert"));
    p.setLoadFraction(0.01, 1000);
    QCOMPARE(p.fraction(), 0.01);
    QCOMPARE(p.summary(), QStringLiteral("Loading models: high-noise expert \u00b7 1 %"));  // too early to guess
    p.setStage(ifedit::app::RunStage::LoadingModels, QStringLiteral("low-noise expert"), 60000);
    p.setLoadFraction(0.51, 61000);  // 50 % in 60 s: 49 % more takes 58.8 s
    QCOMPARE(p.summary(), QStringLiteral("Loading models: low-noise expert \u00b7 51 % \u00b7 about 59 s left"));
    p.setLoadFraction(1.0, 120000);
    QCOMPARE(p.fraction(), 1.0);
    QVERIFY(!p.summary().contains(QStringLiteral("left")));
    QVERIFY(!p.indeterminate());
    // Encoding and the first step have nothing to count: a busy bar, not an empty one; then the
    // steps fill it again.
    p.setStage(ifedit::app::RunStage::EncodingText, QString(), 120500);
    QVERIFY(p.indeterminate());
    p.setStage(ifedit::app::RunStage::EncodingImage, QString(), 120700);
    QVERIFY(p.indeterminate());
    p.setStage(ifedit::app::RunStage::Denoising, QString(), 121000);
    QVERIFY(p.indeterminate());  // until the first step is done
    p.stepDone({0, 4, 1000, true, false}, 122000);
    QVERIFY(!p.indeterminate());
    QCOMPARE(p.fraction(), 0.9 / 4);
    QVERIFY(p.summary().startsWith(QStringLiteral("Denoising \u00b7 step 1/4")));
  }

  void parametersMatchTheEngine() {
    // The bounds the settings dialog offers are the engine's.
    QCOMPARE(ifedit::app::kMaxSteps, ifedit::api::kMaxSteps);
    QCOMPARE(ifedit::app::kMaxSeed, quint64(ifedit::api::kMaxSeed));
    ifedit::api::EditSettings longest;
    longest.frames = ifedit::app::kMaxFrames;
    longest.refineFrames = ifedit::app::kMaxFrames;
    ifedit::api::validateSettings(longest, nullptr);
    longest.frames = ifedit::app::kMaxFrames + 1;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ifedit::api::validateSettings(longest, nullptr));
    const ifedit::api::EditSettings engine;
    const auto mapped = ifedit::app::toEngineSettings(EditParameters{});
    QCOMPARE(mapped.frames, engine.frames);
    QCOMPARE(mapped.steps, engine.steps);
    QCOMPARE(mapped.shift, engine.shift);
    QCOMPARE(mapped.solver, engine.solver);
    QCOMPARE(mapped.maxArea, engine.maxArea);
    QCOMPARE(mapped.seed, engine.seed);
    QCOMPARE(mapped.dropoutK, engine.dropoutK);
    QCOMPARE(mapped.threshold, engine.threshold);
    QCOMPARE(mapped.anchor, engine.anchor);
    QCOMPARE(mapped.positions, engine.positions);
    QCOMPARE(mapped.refine, engine.refine);
    QCOMPARE(mapped.refineFrames, engine.refineFrames);
    QCOMPARE(mapped.guidanceLow, engine.guidanceLow);
    QCOMPARE(ifedit::app::fromEngineSettings(engine), EditParameters{});

    EditParameters p = small();
    p.frames = 10;
    p.randomSeed = true;
    QString error;
    QStringList adjustments;
    EditParameters used;
    QVERIFY(ifedit::app::checkEditParameters(p, &error, &adjustments, &used));
    QCOMPARE(used.frames, 9);
    QCOMPARE(adjustments.size(), 1);
    QVERIFY(adjustments.first().contains(QStringLiteral("10 -> 9")));
    QCOMPARE(ifedit::app::parametersFromJson(ifedit::app::parametersToJson(p), {}), p);
    p.threshold = 1.5;
    QVERIFY(!ifedit::app::checkEditParameters(p, &error));
    QVERIFY(error.contains(QStringLiteral("threshold")));
  }
};

QTEST_MAIN(TestAppSession)
#include "test_app_session.moc"
