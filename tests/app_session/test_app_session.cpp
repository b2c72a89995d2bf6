// EditSession on its own: opening images (orientation, size bounds, every kind of bad file), the
// state it announces, the instruction and the "no model" status. No widgets.
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "app/session/edit_session.h"
#include "tests/app_session/test_images.h"

using ifedit::app::EditSession;
namespace ti = ifedit::testimages;

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

 private Q_SLOTS:
  void initTestCase() { QVERIFY(dir_.isValid()); }

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

  void directoryIsNotAFile() {
    EditSession s;
    QVERIFY(!s.openImage(dir_.path()));
    QVERIFY2(s.lastError().contains(QStringLiteral("Not a file")), qPrintable(s.lastError()));
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
    QVERIFY(s.modelStatus().contains(QStringLiteral("demo")));
    QVERIFY(!s.isModelConfigured());  // the demo model is not there yet either
  }
};

QTEST_MAIN(TestAppSession)
#include "test_app_session.moc"
