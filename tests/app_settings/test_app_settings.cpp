// AppSettings: defaults from the engine, persistence in the XDG config folder (re-read through a
// fresh QSettings), bad stored values, restoring an edit's JSON, the engine structs made from it;
// the API key never reaching the settings file; model folder detection for the settings dialog.
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <cstdlib>

#include "api/engine.h"
#include "api/inspect.h"
#include "app/engine/settings_json.h"
#include "app/settings/api_key_store.h"
#include "app/settings/app_settings.h"
#include "app/settings/engine_settings.h"
#include "app/settings/model_detection.h"
#include "app/settings/session_settings.h"
#include "tests/common/as_unprivileged.h"
#include "tests/common/private_home.h"

using namespace ifedit;
using app::AppSettings;

namespace {

// Copies a folder tree (the demo model set) so a test can take parts away.
bool copyTree(const QString& from, const QString& to) {
  QDir src(from);
  if (!QDir().mkpath(to)) return false;
  for (const auto& e : src.entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot)) {
    const QString target = QDir(to).filePath(e.fileName());
    if (e.isDir() ? !copyTree(e.filePath(), target) : !QFile::copy(e.filePath(), target)) return false;
  }
  return true;
}

}  // namespace

class TestAppSettings : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir home_;

  // Every setting set to something other than its default.
  static void setEverything(AppSettings& s) {
    s.modelPath.setValue(QStringLiteral("/models/wan 2.2"));
    s.useDemoModel.setValue(true);
    s.recentModelPaths.setValue({QStringLiteral("/a"), QStringLiteral("/b, with comma")});
    s.loraHigh.setValue(QStringLiteral("/loras/high.safetensors"));
    s.loraLow.setValue(QStringLiteral("/loras/low.safetensors"));
    s.loraStrength.setValue(0.75);
    s.device.setValue(QStringLiteral("cuda:1"));
    s.precision.setValue(QStringLiteral("bf16"));
    s.memoryMode.setValue(QStringLiteral("swap"));
    s.textEncoderOnCpu.setValue(true);
    s.frames.setValue(49);
    s.steps.setValue(40);
    s.shift.setValue(3.5);
    s.solver.setValue(QStringLiteral("unipc"));
    s.guidanceLow.setValue(3.0);
    s.guidanceHigh.setValue(3.5);
    s.negativePrompt.setValue(QStringLiteral("blurry, 低质量"));
    s.maxArea.setValue(qint64(720) * 1280);
    s.randomSeed.setValue(true);
    s.seed.setValue(18446744073709551557ull);  // needs all 64 bits
    s.dropout.setValue(false);
    s.dropoutK.setValue(5);
    s.threshold.setValue(0.8);
    s.anchor.setValue(QStringLiteral("start"));
    s.positions.setValue(QStringLiteral("reindex"));
    s.refine.setValue(false);
    s.refineFrames.setValue(13);
    s.vlmPreset.setValue(QStringLiteral("ollama"));
    s.vlmBaseUrl.setValue(QStringLiteral("http://localhost:11434"));
    s.vlmModel.setValue(QStringLiteral("qwen3-vl:30b"));
    s.vlmMaxTokens.setValue(12288);
    s.language.setValue(QStringLiteral("zh_CN"));
    s.exportFolder.setValue(QStringLiteral("/tmp/exports"));
    s.theme.setValue(QStringLiteral("dark"));
    s.windowGeometry.setValue(QByteArray("\x01\xd9\xd0\xcb\x00geometry", 13));
    s.windowState.setValue(QByteArray("\x00\x00\x00\xffstate\n=", 11));
  }

 private Q_SLOTS:
  void initTestCase() {
    // Test mode puts QSettings' user files under $HOME/.qttest; HOME is a fresh folder, so nothing
    // of the real user's settings is read or touched.
    QVERIFY(ifedit::testhome::usePrivateHome(home_));
  }

  void cleanup() { QFile::remove(AppSettings().fileName()); }

  void fileLivesInXdgConfigFolder() {
    AppSettings s;
    const QString config = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    QVERIFY2(config.startsWith(home_.path()), qPrintable(config));
    QCOMPARE(s.fileName(), config + QStringLiteral("/IFEditStudio/ifedit.conf"));
  }

  void defaultsComeFromTheEngine() {
    AppSettings s;
    const api::EditSettings e;
    QCOMPARE(s.frames(), e.frames);
    QCOMPARE(s.steps(), e.steps);
    QCOMPARE(s.shift(), e.shift);
    QCOMPARE(s.solver(), QString::fromStdString(e.solver));
    QCOMPARE(s.guidanceLow(), e.guidanceLow);
    QCOMPARE(s.guidanceHigh(), e.guidanceHigh);
    QCOMPARE(s.maxArea(), e.maxArea);
    QCOMPARE(s.seed(), e.seed);
    QCOMPARE(s.dropout(), e.dropout);
    QCOMPARE(s.dropoutK(), e.dropoutK);
    QCOMPARE(s.threshold(), e.threshold);
    QCOMPARE(s.anchor(), QString::fromStdString(e.anchor));
    QCOMPARE(s.positions(), QString::fromStdString(e.positions));
    QCOMPARE(s.refine(), e.refine);
    QCOMPARE(s.refineFrames(), e.refineFrames);
    QCOMPARE(s.device(), QStringLiteral("auto"));
    QCOMPARE(s.precision(), QStringLiteral("auto"));
    QCOMPARE(s.memoryMode(), QString::fromStdString(api::ModelOptions{}.memoryMode));
    QCOMPARE(s.textEncoderOnCpu(), api::ModelOptions{}.textEncoderOnCpu);
    QCOMPARE(s.loraStrength(), 1.0);
    QVERIFY(!s.randomSeed());
    QVERIFY(!s.useDemoModel());
    QVERIFY(s.language().isEmpty());
    // The engine struct made from untouched settings is the engine's default.
    QCOMPARE(app::settingsToJson(app::editSettings(s)), app::settingsToJson(e));
    QCOMPARE(s.vlmMaxTokens(), app::kDefaultVlmMaxTokens);
    // Every setting registered its key once.
    QCOMPARE(s.keys().size(), 36);
    QCOMPARE(QSet<QString>(s.keys().begin(), s.keys().end()).size(), s.keys().size());
  }

  void roundTripThroughAFreshQSettings() {
    QString file;
    {
      AppSettings s;
      QSignalSpy changed(&s, &AppSettings::changed);
      setEverything(s);
      QCOMPARE(changed.count(), s.keys().size());
      // Setting the same value again is not a change.
      s.frames.setValue(49);
      QCOMPARE(changed.count(), s.keys().size());
      QVERIFY(s.sync());
      file = s.fileName();
    }
    QVERIFY(QFile::exists(file));
    {
      // What another reader of the file sees.
      QSettings raw(file, QSettings::IniFormat);
      QCOMPARE(raw.value(QStringLiteral("model/path")).toString(), QStringLiteral("/models/wan 2.2"));
      QCOMPARE(raw.value(QStringLiteral("edit/frames")).toInt(), 49);
      QCOMPARE(raw.value(QStringLiteral("edit/seed")).toString(), QStringLiteral("18446744073709551557"));
      QCOMPARE(raw.value(QStringLiteral("edit/negative_prompt")).toString(), QStringLiteral("blurry, 低质量"));
      QCOMPARE(raw.value(QStringLiteral("ui/language")).toString(), QStringLiteral("zh_CN"));
    }
    AppSettings s;  // a fresh QSettings on the same file
    QCOMPARE(s.modelPath(), QStringLiteral("/models/wan 2.2"));
    QVERIFY(s.useDemoModel());
    QCOMPARE(s.recentModelPaths(), (QStringList{QStringLiteral("/a"), QStringLiteral("/b, with comma")}));
    QCOMPARE(s.loraHigh(), QStringLiteral("/loras/high.safetensors"));
    QCOMPARE(s.loraLow(), QStringLiteral("/loras/low.safetensors"));
    QCOMPARE(s.loraStrength(), 0.75);
    QCOMPARE(s.device(), QStringLiteral("cuda:1"));
    QCOMPARE(s.precision(), QStringLiteral("bf16"));
    QCOMPARE(s.memoryMode(), QStringLiteral("swap"));
    QVERIFY(s.textEncoderOnCpu());
    QCOMPARE(s.frames(), 49);
    QCOMPARE(s.steps(), 40);
    QCOMPARE(s.shift(), 3.5);
    QCOMPARE(s.solver(), QStringLiteral("unipc"));
    QCOMPARE(s.guidanceLow(), 3.0);
    QCOMPARE(s.guidanceHigh(), 3.5);
    QCOMPARE(s.negativePrompt(), QStringLiteral("blurry, 低质量"));
    QCOMPARE(s.maxArea(), qint64(720) * 1280);
    QVERIFY(s.randomSeed());
    QCOMPARE(s.seed(), 18446744073709551557ull);
    QVERIFY(!s.dropout());
    QCOMPARE(s.dropoutK(), 5);
    QCOMPARE(s.threshold(), 0.8);
    QCOMPARE(s.anchor(), QStringLiteral("start"));
    QCOMPARE(s.positions(), QStringLiteral("reindex"));
    QVERIFY(!s.refine());
    QCOMPARE(s.refineFrames(), 13);
    QCOMPARE(s.vlmPreset(), QStringLiteral("ollama"));
    QCOMPARE(s.vlmBaseUrl(), QStringLiteral("http://localhost:11434"));
    QCOMPARE(s.vlmModel(), QStringLiteral("qwen3-vl:30b"));
    QCOMPARE(s.vlmMaxTokens(), 12288);
    QCOMPARE(s.vlmEndpoint().maxTokens, 12288);
    QCOMPARE(s.language(), QStringLiteral("zh_CN"));
    QCOMPARE(s.exportFolder(), QStringLiteral("/tmp/exports"));
    QCOMPARE(s.theme(), QStringLiteral("dark"));
    QCOMPARE(s.windowGeometry(), QByteArray("\x01\xd9\xd0\xcb\x00geometry", 13));  // binary, NULs included
    QCOMPARE(s.windowState(), QByteArray("\x00\x00\x00\xffstate\n=", 11));
    for (const auto& key : s.keys()) QVERIFY2(QSettings(file, QSettings::IniFormat).contains(key), qPrintable(key));

    // The engine structs.
    const auto options = app::modelOptions(s);
    QCOMPARE(options.path, std::string("demo"));
    QCOMPARE(options.loraHigh, std::string("/loras/high.safetensors"));
    QCOMPARE(options.loraStrength, 0.75);
    QCOMPARE(options.device, std::string("cuda:1"));
    QCOMPARE(options.memoryMode, std::string("swap"));
    QVERIFY(options.textEncoderOnCpu);
    QCOMPARE(app::modelSetup(s).memoryMode, QStringLiteral("swap"));
    QVERIFY(app::modelSetup(s).textEncoderOnCpu);
    s.useDemoModel.setValue(false);
    QCOMPARE(app::modelOptions(s).path, std::string("/models/wan 2.2"));
    const auto vlm = s.vlmEndpoint(QStringLiteral("secret"));
    QCOMPARE(vlm.chatCompletionsUrl(), QUrl(QStringLiteral("http://localhost:11434/v1/chat/completions")));
    QCOMPARE(vlm.model, QStringLiteral("qwen3-vl:30b"));
    QCOMPARE(vlm.apiKey, QStringLiteral("secret"));
  }

  void wrongTypesInTheFileReadAsDefaults() {
    const QString file = AppSettings().fileName();
    {
      QSettings raw(file, QSettings::IniFormat);
      raw.setValue(QStringLiteral("edit/frames"), QStringLiteral("many"));
      raw.setValue(QStringLiteral("edit/shift"), QStringLiteral("5,5x"));
      raw.setValue(QStringLiteral("edit/refine"), QStringLiteral("maybe"));
      raw.setValue(QStringLiteral("edit/seed"), QStringLiteral("-3"));
      raw.setValue(QStringLiteral("edit/steps"), 12);
      raw.setValue(QStringLiteral("edit/threshold"), QStringLiteral("nan"));
      raw.setValue(QStringLiteral("model/lora_strength"), QStringLiteral("inf"));
      raw.setValue(QStringLiteral("ui/window_state"), QStringLiteral("not a saved state"));
      raw.setValue(QStringLiteral("edit/refine_frames"), QStringLiteral("999999999999"));  // toInt wrapped it
    }
    AppSettings s;
    QCOMPARE(s.refineFrames(), api::EditSettings{}.refineFrames);
    QVERIFY(s.windowState().isEmpty());
    QCOMPARE(s.frames(), api::EditSettings{}.frames);
    QCOMPARE(s.shift(), api::EditSettings{}.shift);
    QCOMPARE(s.refine(), api::EditSettings{}.refine);
    QCOMPARE(s.seed(), api::EditSettings{}.seed);
    QCOMPARE(s.threshold(), api::EditSettings{}.threshold);
    QCOMPARE(s.loraStrength(), api::ModelOptions{}.loraStrength);
    QCOMPARE(s.steps(), 12);  // the good value next to them is read
  }

  void restoreDefaultsKeepsRememberedFoldersAndTheWindowLayout() {
    AppSettings s;
    setEverything(s);
    s.restoreDefaults();
    QVERIFY(s.sync());
    QSettings raw(s.fileName(), QSettings::IniFormat);
    for (const auto& key : s.keys()) {
      const bool kept = key == s.recentModelPaths.key() || key == s.exportFolder.key() ||
                        key == s.windowGeometry.key() || key == s.windowState.key();
      QVERIFY2(raw.contains(key) == kept, qPrintable(key));
    }
    QVERIFY(s.frames.isDefault());
    QVERIFY(s.modelPath().isEmpty());
    QCOMPARE(s.recentModelPaths().size(), 2);
    QCOMPARE(s.exportFolder(), QStringLiteral("/tmp/exports"));
  }

  void rememberModelPathKeepsEightMostRecent() {
    AppSettings s;
    for (int i = 0; i < 10; ++i) s.rememberModelPath(QStringLiteral("/m%1").arg(i));
    s.rememberModelPath(QStringLiteral("/m5"));
    const QStringList list = s.recentModelPaths();
    QCOMPARE(list.size(), 8);
    QCOMPARE(list.first(), QStringLiteral("/m5"));
    QCOMPARE(list.count(QStringLiteral("/m5")), 1);
    QCOMPARE(list.at(1), QStringLiteral("/m9"));
  }

  void editSettingsJsonRoundTrip() {
    AppSettings s;
    api::EditSettings e;
    e.frames = 21;
    e.steps = 6;
    e.solver = "dpm++";
    e.seed = 123456789012345ull;
    e.dropoutK = 2;
    e.threshold = 0.85;
    e.refine = false;
    s.randomSeed.setValue(true);
    QString error;
    QVERIFY2(s.applyEditSettingsJson(app::settingsToJson(e), &error), qPrintable(error));
    QCOMPARE(app::settingsToJson(app::editSettings(s)), app::settingsToJson(e));
    QVERIFY(!s.randomSeed());  // a restored seed is used as is

    // A value of the wrong type changes nothing and names the key.
    QJsonObject bad = app::settingsToJson(api::EditSettings{});
    bad.insert(QStringLiteral("steps"), QStringLiteral("eight"));
    QVERIFY(!s.applyEditSettingsJson(bad, &error));
    QVERIFY2(error.contains(QStringLiteral("steps")), qPrintable(error));
    QCOMPARE(s.steps(), 6);
    QCOMPARE(s.editSettingsJson(), app::settingsToJson(e));
  }

  void randomSeedIsDrawnPerRun() {
    AppSettings s;
    s.seed.setValue(7);
    quint64 a = 0, b = 0;
    QCOMPARE(app::editSettings(s, &a).seed, quint64(7));  // fixed: no draw
    QCOMPARE(a, quint64(0));
    s.randomSeed.setValue(true);
    const auto ea = app::editSettings(s, &a);
    const auto eb = app::editSettings(s, &b);
    QCOMPARE(ea.seed, a);
    QCOMPARE(eb.seed, b);
    QVERIFY(a != b);
    QVERIFY(a < (quint64(1) << 53));
    QCOMPARE(s.seed(), quint64(7));  // the stored seed is kept for when random is switched off
  }

  void sessionParametersRoundTrip() {
    AppSettings s;
    QVERIFY(app::editParameters(s) == app::EditParameters{});  // same defaults as the session's
    QCOMPARE(app::modelSetup(s), app::ModelSetup{});
    app::EditParameters p;
    p.frames = 17;
    p.steps = 4;
    p.solver = QStringLiteral("dpm++");
    p.seed = 99;
    p.randomSeed = true;
    p.anchor = QStringLiteral("start");
    p.refineFrames = 13;
    app::storeEditParameters(s, p);
    QVERIFY(s.sync());
    QVERIFY(app::editParameters(AppSettings()) == p);
    s.useDemoModel.setValue(true);
    s.modelPath.setValue(QStringLiteral("/models/wan"));
    QVERIFY(app::modelSetup(s).isDemo());
    s.useDemoModel.setValue(false);
    QCOMPARE(app::modelSetup(s).path, QStringLiteral("/models/wan"));
  }

  void apiKeyNeverReachesTheSettingsFile() {
    AppSettings s;
    setEverything(s);
    const QString secret = QStringLiteral("sk-test-DO-NOT-STORE-1234");
    app::ApiKeyStore store(QStringLiteral("IFEditStudio-test"));
    store.setKeyringEnabled(false);
    QCOMPARE(store.backend(), app::ApiKeyStore::Backend::SessionOnly);
    QSignalSpy stored(&store, &app::ApiKeyStore::stored);
    store.store(secret);
    QCOMPARE(stored.count(), 1);
    QCOMPARE(stored.at(0).at(0).toBool(), false);
    QCOMPARE(store.key(), secret);
    QVERIFY2(store.statusText().contains(QStringLiteral("this session only")), qPrintable(store.statusText()));
    QVERIFY(s.sync());
    QFile file(s.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    QVERIFY(!content.isEmpty());
    QVERIFY(!content.contains(secret.toUtf8()));
    QVERIFY(!content.contains("sk-test"));
  }

  void apiKeyGoesToTheKeyringOrSaysWhyNot() {
    if (!app::ApiKeyStore::keyringCompiledIn()) QSKIP("built without QtKeychain");
    const QString secret = QStringLiteral("sk-keyring-test-%1").arg(QDateTime::currentMSecsSinceEpoch());
    app::ApiKeyStore store(QStringLiteral("IFEditStudio-test"));
    QCOMPARE(store.backend(), app::ApiKeyStore::Backend::Keyring);
    QSignalSpy stored(&store, &app::ApiKeyStore::stored);
    store.store(secret);
    QVERIFY(stored.wait(20000) || stored.count() == 1);
    QCOMPARE(store.key(), secret);  // usable this session either way
    qInfo("%s", qPrintable(store.statusText()));
    if (!stored.at(0).at(0).toBool()) {
      // No keyring service (headless CI): the store says so and keeps the key in memory only.
      QCOMPARE(store.backend(), app::ApiKeyStore::Backend::SessionOnly);
      QVERIFY2(store.statusText().contains(QStringLiteral("this session only")), qPrintable(store.statusText()));
      return;
    }
    // A keyring is running: a second store reads the key back, then the entry is removed.
    app::ApiKeyStore reader(QStringLiteral("IFEditStudio-test"));
    QSignalSpy loaded(&reader, &app::ApiKeyStore::loaded);
    reader.load();
    QVERIFY(loaded.wait(20000) || loaded.count() == 1);
    QCOMPARE(loaded.at(0).at(0).toString(), secret);
    QVERIFY(reader.statusText().contains(QStringLiteral("system keyring")));
    QSignalSpy removed(&store, &app::ApiKeyStore::stored);
    store.store(QString());
    QVERIFY(removed.wait(20000) || removed.count() == 1);
    QVERIFY(removed.at(0).at(0).toBool());
  }

  void detectsTheDemoModelSet() {
    const auto demo = app::detectDemoModel();
    QVERIFY2(demo.error.isEmpty(), qPrintable(demo.error));
    QVERIFY(demo.demo);
    QCOMPARE(demo.layout, QStringLiteral("official"));
    QVERIFY2(demo.complete(), qPrintable(demo.missing.join(QLatin1Char('\n'))));
    QCOMPARE(demo.parts.size(), 5);
    for (const auto& p : demo.parts) {
      QVERIFY2(!p.path.isEmpty(), qPrintable(p.role));
      QVERIFY2(QFileInfo::exists(p.path), qPrintable(p.path));
    }
  }

  void reportsWhatIsMissing() {
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("wan"));
    QVERIFY(copyTree(app::demoModelFolder(), folder));
    QVERIFY(QFile::remove(QDir(folder).filePath(QStringLiteral("Wan2.1_VAE.pth"))));
    const auto r = app::detectModelFolder(folder);
    QVERIFY(r.error.isEmpty());
    QCOMPARE(r.layout, QStringLiteral("official"));
    QVERIFY(!r.complete());
    QCOMPARE(r.missing.size(), 1);
    QVERIFY2(r.missing.first().contains(QStringLiteral("VAE")) || r.missing.first().contains(QStringLiteral("Wan2.1_VAE")),
             qPrintable(r.missing.first()));
    for (const auto& p : r.parts) QCOMPARE(p.path.isEmpty(), p.role == QStringLiteral("VAE"));

    const auto empty = app::detectModelFolder(dir.path() + QStringLiteral("/nothing-here"));
    QVERIFY(!empty.error.isEmpty());
    QVERIFY2(empty.error.contains(QStringLiteral("nothing-here")), qPrintable(empty.error));
    QVERIFY(!empty.complete());

    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("empty"))));
    const auto none = app::detectModelFolder(dir.filePath(QStringLiteral("empty")));
    QCOMPARE(none.layout, QStringLiteral("none"));
    QVERIFY(!none.missing.isEmpty());

    const auto unset = app::detectModelFolder(QString());
    QVERIFY(!unset.error.isEmpty());
  }

  // A folder detection goes into by itself (the model's folder in a Hugging Face hub folder, a
  // cache's snapshot) is the one named when it cannot be read, not the folder chosen above it.
  void theUnreadableFolderIsTheOneNamed() {
    char base[] = "/tmp/ifedit-perm-XXXXXX";  // the test's private temporary folder: nobody could enter
    QVERIFY(::mkdtemp(base) != nullptr);
    QCOMPARE(::chmod(base, 0755), 0);
    const QString hub = QString::fromLocal8Bit(base);
    const QString model = hub + QStringLiteral("/models--Wan-AI--Wan2.2-I2V-A14B");
    QVERIFY(copyTree(app::demoModelFolder(), model + QStringLiteral("/snapshots/4567abcd")));
    QVERIFY(QDir().mkpath(model + QStringLiteral("/blobs")));
    const QString snapshot = model + QStringLiteral("/snapshots/4567abcd");
    QCOMPARE(::chmod(QFile::encodeName(snapshot).constData(), 0), 0);
    const std::string errors = testfiles::asUnprivileged([&] {
      return (app::detectModelFolder(hub).error + QLatin1Char('\n') + app::detectModelFolder(model).error).toStdString();
    });
    QCOMPARE(::chmod(QFile::encodeName(snapshot).constData(), 0755), 0);
    QVERIFY(QDir(hub).removeRecursively());
    const QStringList lines = QString::fromStdString(errors).split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 2);
    for (const auto& error : lines)
      QVERIFY2(error.startsWith(snapshot + QStringLiteral(": ")) && error.contains(QStringLiteral("Permission denied")),
               qPrintable(error));
  }

  // `ifedit-cli inspect` names folders it may not enter instead of listing them as empty.
  void inspectNamesClosedFolders() {
    char base[] = "/tmp/ifedit-perm-XXXXXX";
    QVERIFY(::mkdtemp(base) != nullptr);
    QCOMPARE(::chmod(base, 0755), 0);
    const QString root = QString::fromLocal8Bit(base);
    QVERIFY(copyTree(app::demoModelFolder(), root + QStringLiteral("/set")));
    QVERIFY(QDir().mkpath(root + QStringLiteral("/only_closed/inner")));
    QVERIFY(QFile::copy(root + QStringLiteral("/set/Wan2.1_VAE.pth"), root + QStringLiteral("/only_closed/inner/vae.pth")));
    const QStringList closed{root + QStringLiteral("/set/high_noise_model"), root + QStringLiteral("/only_closed/inner"),
                             root + QStringLiteral("/shut")};
    QVERIFY(QDir().mkpath(closed.last() + QStringLiteral("/below")));
    for (const auto& c : closed) QCOMPARE(::chmod(QFile::encodeName(c).constData(), 0), 0);
    const std::string out = testfiles::asUnprivileged([&] {
      std::string text;
      for (const char* sub : {"/set", "/only_closed", "/shut", "/shut/below"}) {
        try {
          const auto report = api::inspectPath((root + QLatin1String(sub)).toStdString());
          for (const auto& n : report.notes) text += "note: " + n + "\n";
        } catch (const std::exception& e) {
          text += std::string("error: ") + e.what() + "\n";
        }
      }
      return text;
    });
    for (const auto& c : closed) QCOMPARE(::chmod(QFile::encodeName(c).constData(), 0755), 0);
    QVERIFY(QDir(root).removeRecursively());
    const QString text = QString::fromStdString(out);
    const QString denied = QStringLiteral("cannot be read: Permission denied");
    QVERIFY2(text.contains(QStringLiteral("note: ") + closed[0] + QStringLiteral("/: ") + denied +
                           QStringLiteral(" (its files are not listed)")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("error: ") + root + QStringLiteral("/only_closed: no checkpoint files")) &&
                 text.contains(closed[1] + QStringLiteral("/: ") + denied),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("error: ") + closed[2] + QStringLiteral(": ") + denied), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("error: ") + closed[2] + QStringLiteral("/below: ") + denied), qPrintable(text));
  }

  // What people type or drop into the folder field.
  void folderPathsAreCleaned() {
    QCOMPARE(app::cleanFolderPath(QStringLiteral("  /models/wan/ ")), QStringLiteral("/models/wan"));
    QCOMPARE(app::cleanFolderPath(QStringLiteral("~/models/wan")), QDir::homePath() + QStringLiteral("/models/wan"));
    QCOMPARE(app::cleanFolderPath(QStringLiteral("~")), QDir::homePath());
    QCOMPARE(app::cleanFolderPath(QStringLiteral("file:///models/my%20wan/")), QStringLiteral("/models/my wan"));
    QCOMPARE(app::cleanFolderPath(QStringLiteral("/models/./wan/../wan")), QStringLiteral("/models/wan"));
    QCOMPARE(app::cleanFolderPath(QStringLiteral("~user/x")), QStringLiteral("~user/x"));  // not ours to expand
    QCOMPARE(app::cleanFolderPath(QStringLiteral(" ")), QString());
    QCOMPARE(app::cleanFolderPath(QStringLiteral(".")), QString());
  }
};

QTEST_MAIN(TestAppSettings)
#include "test_app_settings.moc"
