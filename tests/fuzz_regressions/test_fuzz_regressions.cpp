// Every file under tests/data/fuzz_regressions/<target>/ goes through the entry point its fuzzer
// drives (tests/fuzz/fuzz_targets.h): it must give a valid result or a clean error, an IoError or
// std::runtime_error whose message names the file; anything else (another exception type, a
// crash) fails. A file `<input>.expect` beside an input pins the outcome: its first line must
// appear in the error message ("ok": no error), so that bugs which did not crash (a silently
// accepted value, a wrong exception) fail here too.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <exception>
#include <functional>
#include <stdexcept>

#include "fuzz_targets.h"
#include "io/io_error.h"
#ifdef IFEDIT_FUZZ_REPLAY_APP
#include "fuzz_targets_app.h"
#endif

using namespace ifedit;

namespace {

const QString kData = QStringLiteral(IFEDIT_TEST_DATA_DIR "/fuzz_regressions");

void addRows(const QString& target) {
  QTest::addColumn<QString>("file");
  const QDir dir(kData + QLatin1Char('/') + target);
  const auto files = dir.entryInfoList(QDir::Files, QDir::Name);
  int inputs = 0;
  for (const auto& f : files) {
    if (f.suffix() == QLatin1String("expect")) continue;
    QTest::newRow(qPrintable(f.fileName())) << f.absoluteFilePath();
    ++inputs;
  }
  // A folder emptied by mistake must not pass quietly.
  QVERIFY2(inputs >= 3, qPrintable(dir.path() + QStringLiteral(": fewer than 3 inputs")));
}

// The pinned outcome of `file`, or an empty string when only "clean" is required.
QString expectation(const QString& file) {
  QFile f(file + QStringLiteral(".expect"));
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QString::fromUtf8(f.readLine()).trimmed();
}

void checkOutcome(const QString& file, const QString& error, const QString& nameInError) {
  const QString expected = expectation(file);
  if (!error.isEmpty())
    QVERIFY2(error.contains(nameInError), qPrintable(QStringLiteral("the error does not name %1: %2").arg(nameInError, error)));
  if (expected == QLatin1String("ok"))
    QVERIFY2(error.isEmpty(), qPrintable(QStringLiteral("expected success, got: ") + error));
  else if (!expected.isEmpty())
    QVERIFY2(error.contains(expected), qPrintable(QStringLiteral("expected an error with '%1', got: '%2'").arg(expected, error)));
}

// Runs `open` and turns a clean exception into its message; any other exception fails the test.
QString cleanError(const std::function<void()>& open) {
  try {
    open();
  } catch (const io::IoError& e) {
    return QString::fromStdString(e.what());
  } catch (const std::runtime_error& e) {
    return QString::fromStdString(e.what());
  } catch (const std::exception& e) {
    return QStringLiteral("UNCLEAN %1: %2").arg(QString::fromLatin1(typeid(e).name()), QString::fromStdString(e.what()));
  }
  return {};
}

// `file` is the saved input; `open` feeds it (or a copy of it) to the entry point.
void replay(const QString& file, const std::function<void()>& open, const QString& nameInError) {
  const QString error = cleanError(open);
  QVERIFY2(!error.startsWith(QLatin1String("UNCLEAN")), qPrintable(error));
  checkOutcome(file, error, nameInError);
}

// A copy of `file` under `name` in a fresh folder (for entry points that take a folder or need
// neighbours).
QString copyInto(const QTemporaryDir& dir, const QString& file, const QString& name) {
  const QString to = dir.filePath(name);
  QFile::remove(to);
  if (!QFile::copy(file, to)) return {};
  return to;
}

}  // namespace

class TestFuzzRegressions : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void safetensors_data() { addRows(QStringLiteral("safetensors")); }
  void safetensors() {
    QFETCH(QString, file);
    replay(file, [&] { fuzz::openSafetensorsFile(file.toStdString()); }, file);
  }

  void safetensorsIndex_data() { addRows(QStringLiteral("safetensors_index")); }
  void safetensorsIndex() {
    QFETCH(QString, file);
    QTemporaryDir dir;
    fuzz::writeTestShard(dir.path().toStdString());
    const QString index = copyInto(dir, file, QStringLiteral("model.safetensors.index.json"));
    QVERIFY(!index.isEmpty());
    // The shard may be the file at fault: the error names the index or the shard.
    replay(file, [&] { fuzz::openShardIndex(index.toStdString()); }, dir.path());
  }

  void torchZip_data() { addRows(QStringLiteral("torch_zip")); }
  void torchZip() {
    QFETCH(QString, file);
    replay(file, [&] { fuzz::openTorchZipFile(file.toStdString()); }, file);
  }

  void sentencePiece_data() { addRows(QStringLiteral("spiece")); }
  void sentencePiece() {
    QFETCH(QString, file);
    replay(file, [&] { fuzz::openSentencePiece(file.toStdString()); }, file);
  }

  void configJson_data() { addRows(QStringLiteral("config_json")); }
  void configJson() {
    QFETCH(QString, file);
    QTemporaryDir dir;
    QVERIFY(!copyInto(dir, file, QStringLiteral("config.json")).isEmpty());
    replay(file, [&] { fuzz::openExpertConfig(dir.path().toStdString()); }, dir.filePath(QStringLiteral("config.json")));
  }

  void expertFile_data() { addRows(QStringLiteral("expert_file")); }
  void expertFile() {
    QFETCH(QString, file);
    replay(file, [&] { fuzz::openExpertFile(file.toStdString()); }, file);
  }

  void lora_data() { addRows(QStringLiteral("lora")); }
  void lora() {
    QFETCH(QString, file);
    QTemporaryDir dir;
    const std::string base = fuzz::writeLoraBase(dir.path().toStdString());
    replay(file, [&] { fuzz::mergeLoraFile(file.toStdString(), base); }, file);
  }

#ifdef IFEDIT_FUZZ_REPLAY_APP
  void pngMetadata_data() { addRows(QStringLiteral("png_metadata")); }
  void pngMetadata() {
    QFETCH(QString, file);
    bool silent = false;
    const QString error = fuzz::restoreFromDroppedPng(file, &silent);
    QVERIFY2(!silent, "the PNG was refused without an error message");
    // Reader errors name the file, settings errors the key (the .expect pins which).
    checkOutcome(file, error, error.startsWith(QLatin1String("settings")) ? QStringLiteral("settings") : file);
  }
#endif
};

QTEST_MAIN(TestFuzzRegressions)
#include "test_fuzz_regressions.moc"
