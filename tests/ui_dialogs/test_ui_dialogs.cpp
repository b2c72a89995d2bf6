// The settings and export dialogs driven with QTest like a user would: typing, clicking presets and
// buttons; what OK / Cancel / Restore Defaults leave in the settings file; the model folder report;
// exports started from the dialog landing on disk (or saying why not).
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QStatusBar>
#include <QImageReader>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPalette>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStyle>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QAction>
#include <QSvgRenderer>

#include "app/engine/compute_devices.h"
#include "app/export/edit_metadata.h"
#include "app/session/edit_session.h"
#include "app/settings/api_key_store.h"
#include "app/settings/app_settings.h"
#include "app/settings/model_detection.h"
#include "tests/common/private_home.h"
#include "tests/common/text_contrast.h"
#include "ui/action_icons.h"
#include "ui/dialog_controller.h"
#include "ui/export_dialog.h"
#include "ui/language.h"
#include "ui/main_window.h"
#include "ui/settings_dialog.h"
#include "ui/theme.h"

using namespace ifedit;
using ui::ExportDialog;
using ui::SettingsDialog;

namespace {

template <typename T>
T* child(QWidget* parent, const char* name) {
  T* w = parent->findChild<T*>(QLatin1String(name));
  if (!w) qFatal("no %s named %s", T::staticMetaObject.className(), name);
  return w;
}

// A dialog's error line reads (WCAG contrast 4.5:1) in the light, the dark and the platform's
// look: its red was 2.5:1 on the dark window.
bool errorReadsInEveryAppearance(QLabel* error) {
  bool ok = true;
  for (const char* theme : {"light", "dark", ""}) {
    ui::applyTheme(QLatin1String(theme));
    QApplication::processEvents();
    const double contrast = testui::textContrast(error);
    if (contrast < 4.5) qWarning("%s theme: error line contrast %.2f", theme, contrast), ok = false;
  }
  return ok;
}

// The widgets of a form page that overlap (each pair once, by object name or class).
QStringList overlappingRows(QWidget* page) {
  QList<QWidget*> shown;
  for (QWidget* w : page->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly))
    if (w->isVisibleTo(page) && !w->geometry().isEmpty()) shown << w;
  const auto name = [](const QWidget* w) {
    if (const auto* label = qobject_cast<const QLabel*>(w)) return QStringLiteral("label '%1'").arg(label->text().left(30));
    return w->objectName().isEmpty() ? QString::fromLatin1(w->metaObject()->className()) : w->objectName();
  };
  QStringList clashes;
  for (qsizetype i = 0; i < shown.size(); ++i)
    for (qsizetype j = i + 1; j < shown.size(); ++j)
      if (shown[i]->geometry().intersects(shown[j]->geometry())) clashes << name(shown[i]) + QStringLiteral(" / ") + name(shown[j]);
  return clashes;
}

// Brings the settings tab holding `w` to the front, as a user would before touching it.
void showTabOf(QWidget* w) {
  for (QWidget* p = w; p; p = p->parentWidget())
    if (auto* tabs = qobject_cast<QTabWidget*>(p->parentWidget() ? p->parentWidget()->parentWidget() : nullptr)) {
      tabs->setCurrentWidget(p);
      return;
    }
}

// A click on the check box / radio indicator (left end), not the middle of a wide row.
void click(QAbstractButton* b) {
  showTabOf(b);
  QTest::mouseClick(b, Qt::LeftButton, {}, QPoint(6, b->height() / 2));
}

void typeInto(QWidget* w, const QString& text) {
  showTabOf(w);
  w->setFocus();
  if (auto* line = qobject_cast<QLineEdit*>(w)) line->selectAll();
  else if (auto* spin = qobject_cast<QAbstractSpinBox*>(w)) spin->selectAll();
  QTest::keyClicks(w, text);
}

bool writeFile(const QString& path, const QByteArray& bytes) {
  QFile f(path);
  return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

void clickButton(QDialog* d, QDialogButtonBox::StandardButton which) {
  QTest::mouseClick(d->findChild<QDialogButtonBox*>()->button(which), Qt::LeftButton);
}

bool copyTree(const QString& from, const QString& to) {
  if (!QDir().mkpath(to)) return false;
  for (const auto& e : QDir(from).entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot)) {
    const QString target = QDir(to).filePath(e.fileName());
    if (e.isDir() ? !copyTree(e.filePath(), target) : !QFile::copy(e.filePath(), target)) return false;
  }
  return true;
}

QImage ramp(int w, int h) {
  QImage img(w, h, QImage::Format_RGB888);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) img.setPixelColor(x, y, QColor(x * 4 % 256, y * 4 % 256, 90));
  return img;
}

// Two GPUs as the engine would list them (this machine has none).
app::ComputeDevices twoGpus() {
  app::ComputeDevices devices;
  devices.cudaBuild = true;
  devices.gpus = {{QStringLiteral("cuda:0"), QStringLiteral("NVIDIA H200"), qint64(150) * 1000 * 1000 * 1000},
                  {QStringLiteral("cuda:1"), QStringLiteral("NVIDIA GeForce RTX 4090"), qint64(24) << 30}};
  devices.autoChoice = QStringLiteral("cuda:0");
  return devices;
}

app::ExportMetadata metadata() {
  return {QStringLiteral("a street at night\nSteps: 8, Sampler: euler, Seed: 77"),
          QJsonObject{{"instruction", "make it night"},
                      {"prompt", "a street at night"},
                      {"prompt_source", "user"},
                      {"seed", "77"},
                      {"settings", QJsonObject{{"steps", 8}, {"solver", "euler"}, {"seed", "77"}}}}};
}

}  // namespace

class TestUiDialogs : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir home_, dir_;
  QString ini() const { return dir_.filePath(QStringLiteral("settings.ini")); }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(ifedit::testhome::usePrivateHome(home_));
    QVERIFY(dir_.isValid());
  }
  void cleanup() { QFile::remove(ini()); }

  void showsStoredValuesAndOkWritesEdits() {
    app::AppSettings settings(ini());
    settings.steps.setValue(12);
    settings.solver.setValue(QStringLiteral("unipc"));
    settings.seed.setValue(5);
    app::ApiKeyStore keys(QStringLiteral("IFEditStudio-test"));
    keys.setKeyringEnabled(false);
    SettingsDialog d(&settings, &keys);
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    QCOMPARE(child<QSpinBox>(&d, "steps")->value(), 12);
    QCOMPARE(child<QComboBox>(&d, "solver")->currentData().toString(), QStringLiteral("unipc"));
    QCOMPARE(child<QLineEdit>(&d, "seed")->text(), QStringLiteral("5"));
    QVERIFY(child<QRadioButton>(&d, "fixedSeed")->isChecked());

    typeInto(child<QSpinBox>(&d, "steps"), QStringLiteral("20"));
    typeInto(child<QSpinBox>(&d, "frames"), QStringLiteral("49"));
    typeInto(child<QDoubleSpinBox>(&d, "guidanceLow"), QStringLiteral("3.5"));
    typeInto(child<QLineEdit>(&d, "seed"), QStringLiteral("3141592653"));
    click(child<QCheckBox>(&d, "refine"));
    QVERIFY(!child<QSpinBox>(&d, "refineFrames")->isEnabled());  // follows the check box
    click(child<QCheckBox>(&d, "dropout"));
    QVERIFY(!child<QSpinBox>(&d, "dropoutK")->isEnabled());
    auto* solver = child<QComboBox>(&d, "solver");
    solver->setCurrentIndex(solver->findData(QStringLiteral("dpm++")));
    auto* area = child<QComboBox>(&d, "maxArea");
    area->setCurrentIndex(area->findData(qint64(720) * 1280));
    typeInto(child<QPlainTextEdit>(&d, "negativePrompt"), QStringLiteral("blurry"));
    const QString lora = dir_.filePath(QStringLiteral("lightning_high.safetensors"));
    QVERIFY(writeFile(lora, "x"));  // OK checks that it is a file; what it holds, the engine
    typeInto(child<QLineEdit>(&d, "loraHigh"), lora);
    d.setComputeDevices(twoGpus());
    auto* device = child<QComboBox>(&d, "device");
    device->setCurrentIndex(device->findData(QStringLiteral("cuda:1")));
    auto* memory = child<QComboBox>(&d, "memoryMode");
    for (const char* mode : {"auto", "resident", "swap", "fp8", "lowvram"})  // every mode the engine takes
      QVERIFY2(memory->findData(QString::fromLatin1(mode)) >= 0, mode);
    memory->setCurrentIndex(memory->findData(QStringLiteral("fp8")));
    click(child<QCheckBox>(&d, "textEncoderOnCpu"));

    // A VLM preset fills endpoint and model.
    auto* ollama = child<QPushButton>(&d, "vlmPreset_ollama");
    showTabOf(ollama);
    QTest::mouseClick(ollama, Qt::LeftButton);
    QCOMPARE(child<QLineEdit>(&d, "vlmUrl")->text(), QStringLiteral("http://localhost:11434/v1"));
    QVERIFY(!child<QLineEdit>(&d, "vlmModel")->text().isEmpty());
    QCOMPARE(child<QSpinBox>(&d, "vlmMaxTokens")->value(), app::kDefaultVlmMaxTokens);
    typeInto(child<QSpinBox>(&d, "vlmMaxTokens"), QStringLiteral("8192"));
    typeInto(child<QLineEdit>(&d, "apiKey"), QStringLiteral("sk-dialog-secret"));
    QVERIFY(child<QLabel>(&d, "apiKeyStatus")->text().contains(QStringLiteral("this session only")));

    QSignalSpy language(&d, &SettingsDialog::languageChanged);
    auto* lang = child<QComboBox>(&d, "language");
    lang->setCurrentIndex(lang->findData(QStringLiteral("de")));
    QSignalSpy theme(&d, &SettingsDialog::themeChanged);
    auto* themes = child<QComboBox>(&d, "theme");
    QCOMPARE(themes->currentData().toString(), QString());  // the platform's look by default
    QCOMPARE(themes->count(), 3);
    themes->setCurrentIndex(themes->findData(QStringLiteral("dark")));

    clickButton(&d, QDialogButtonBox::Ok);
    QCOMPARE(d.result(), int(QDialog::Accepted));
    QCOMPARE(language.count(), 1);
    QCOMPARE(language.at(0).at(0).toString(), QStringLiteral("de"));
    QCOMPARE(theme.count(), 1);
    QCOMPARE(theme.at(0).at(0).toString(), QStringLiteral("dark"));
    QCOMPARE(keys.key(), QStringLiteral("sk-dialog-secret"));

    // A fresh reader of the file sees every edit.
    app::AppSettings fresh(ini());
    QCOMPARE(fresh.steps(), 20);
    QCOMPARE(fresh.frames(), 49);
    QCOMPARE(fresh.guidanceLow(), 3.5);
    QCOMPARE(fresh.seed(), 3141592653ull);
    QVERIFY(!fresh.randomSeed());
    QVERIFY(!fresh.refine());
    QVERIFY(!fresh.dropout());
    QCOMPARE(fresh.solver(), QStringLiteral("dpm++"));
    QCOMPARE(fresh.maxArea(), qint64(720) * 1280);
    QCOMPARE(fresh.negativePrompt(), QStringLiteral("blurry"));
    QCOMPARE(fresh.loraHigh(), lora);
    QCOMPARE(fresh.device(), QStringLiteral("cuda:1"));
    QCOMPARE(fresh.memoryMode(), QStringLiteral("fp8"));
    QVERIFY(fresh.textEncoderOnCpu());
    QCOMPARE(fresh.vlmPreset(), QStringLiteral("ollama"));
    QCOMPARE(fresh.vlmBaseUrl(), QStringLiteral("http://localhost:11434/v1"));
    QCOMPARE(fresh.vlmMaxTokens(), 8192);
    QCOMPARE(fresh.language(), QStringLiteral("de"));
    QCOMPARE(fresh.theme(), QStringLiteral("dark"));
    QFile file(ini());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("sk-dialog-secret"));
  }

  // Values a restored edit (or the CLI) stored that the boxes round or never offered: OK, with
  // nothing touched, writes them back as they were; what the user changes is written.
  void okKeepsStoredNumbersItDidNotTouch() {
    {
      app::AppSettings s(ini());
      s.frames.setValue(1001);
      s.steps.setValue(200);
      s.shift.setValue(3.12345);
      s.guidanceLow.setValue(0.5);
      s.guidanceHigh.setValue(0.0);
      s.threshold.setValue(0.8755);
      s.dropoutK.setValue(21);
      s.refineFrames.setValue(5);  // the fewest the engine runs
      s.sync();
    }
    app::AppSettings settings(ini());
    SettingsDialog d(&settings, nullptr);
    QCOMPARE(child<QSpinBox>(&d, "steps")->value(), 200);
    QCOMPARE(child<QDoubleSpinBox>(&d, "guidanceLow")->value(), 0.5);
    typeInto(child<QSpinBox>(&d, "dropoutK"), QStringLiteral("4"));
    clickButton(&d, QDialogButtonBox::Ok);
    QCOMPARE(d.result(), int(QDialog::Accepted));
    const app::AppSettings back(ini());
    QCOMPARE(back.frames(), 1001);
    QCOMPARE(back.steps(), 200);
    QCOMPARE(back.shift(), 3.12345);
    QCOMPARE(back.guidanceLow(), 0.5);
    QCOMPARE(back.guidanceHigh(), 0.0);
    QCOMPARE(back.threshold(), 0.8755);
    QCOMPARE(back.refineFrames(), 5);
    QCOMPARE(back.dropoutK(), 4);  // changed by the user
  }

  // The CPU keeps every model in host memory: a GPU memory mode with it is refused by name.
  void gpuMemoryModesNeedAGpu() {
    app::AppSettings settings(ini());
    SettingsDialog d(&settings, nullptr);
    d.show();
    auto* device = child<QComboBox>(&d, "device");
    device->setCurrentIndex(device->findData(QStringLiteral("cpu")));
    auto* memory = child<QComboBox>(&d, "memoryMode");
    memory->setCurrentIndex(memory->findData(QStringLiteral("fp8")));
    clickButton(&d, QDialogButtonBox::Ok);
    QVERIFY(d.isVisible());
    QVERIFY(child<QLabel>(&d, "errorLabel")->text().contains(QStringLiteral("needs a GPU")));
    memory->setCurrentIndex(memory->findData(QStringLiteral("resident")));
    clickButton(&d, QDialogButtonBox::Ok);
    QCOMPARE(d.result(), int(QDialog::Accepted));
    QCOMPARE(app::AppSettings(ini()).memoryMode(), QStringLiteral("resident"));
  }

  void cancelChangesNothing() {
    app::AppSettings settings(ini());
    settings.steps.setValue(12);
    settings.sync();
    SettingsDialog d(&settings, nullptr);
    d.show();
    QVERIFY(!child<QLineEdit>(&d, "apiKey")->isEnabled());
    typeInto(child<QSpinBox>(&d, "steps"), QStringLiteral("30"));
    click(child<QRadioButton>(&d, "randomSeed"));
    QVERIFY(!child<QLineEdit>(&d, "seed")->isEnabled());
    clickButton(&d, QDialogButtonBox::Cancel);
    QCOMPARE(d.result(), int(QDialog::Rejected));
    QCOMPARE(settings.steps(), 12);
    QVERIFY(!settings.randomSeed());
  }

  void restoreDefaultsThenOk() {
    app::AppSettings settings(ini());
    settings.steps.setValue(12);
    settings.threshold.setValue(0.5);
    settings.anchor.setValue(QStringLiteral("start"));
    settings.randomSeed.setValue(true);
    settings.modelPath.setValue(QStringLiteral("/models/wan"));
    SettingsDialog d(&settings, nullptr);
    d.show();
    QCOMPARE(child<QDoubleSpinBox>(&d, "threshold")->value(), 0.5);
    clickButton(&d, QDialogButtonBox::RestoreDefaults);
    QCOMPARE(child<QSpinBox>(&d, "steps")->value(), settings.steps.defaultValue());
    QCOMPARE(child<QDoubleSpinBox>(&d, "threshold")->value(), settings.threshold.defaultValue());
    QCOMPARE(child<QComboBox>(&d, "anchor")->currentData().toString(), QStringLiteral("end"));
    QCOMPARE(settings.steps(), 12);  // nothing written before OK
    clickButton(&d, QDialogButtonBox::Ok);
    QVERIFY(settings.steps.isDefault());
    QVERIFY(settings.threshold.isDefault());
    QVERIFY(settings.anchor.isDefault());
    QVERIFY(!settings.randomSeed());
    QCOMPARE(settings.modelPath(), QStringLiteral("/models/wan"));  // where the user's files are stays
  }

  // The Device box offers what is here: the GPUs by name and memory, or says why there is none.
  void deviceBoxListsTheDevicesHere() {
    app::AppSettings settings(ini());
    settings.device.setValue(QStringLiteral("cuda"));  // the engine's "first GPU"
    SettingsDialog d(&settings, nullptr);
    d.show();
    auto* device = child<QComboBox>(&d, "device");
    auto* note = child<QLabel>(&d, "deviceNote");
    const auto& here = app::computeDevices();
    if (here.gpus.isEmpty()) {  // this machine
      QVERIFY2(device->itemText(0).contains(QStringLiteral("CPU")), qPrintable(device->itemText(0)));
      QVERIFY(note->isVisible());
      QVERIFY(note->text().contains(here.cudaBuild ? QStringLiteral("No CUDA GPU") : QStringLiteral("without CUDA")));
      const int reason = device->findText(here.cudaBuild ? QStringLiteral("GPU: none found")
                                                          : QStringLiteral("GPU: this build has no CUDA"));
      QVERIFY(reason > 1);
      auto* model = qobject_cast<QStandardItemModel*>(device->model());
      QVERIFY(model && !model->item(reason)->isEnabled());  // said, not choosable
      // A GPU from the settings file is kept and said to be missing, not swapped for the CPU.
      QCOMPARE(device->currentData().toString(), QStringLiteral("cuda"));
      QVERIFY2(device->currentText().contains(QStringLiteral("not found here")), qPrintable(device->currentText()));
    }

    d.setComputeDevices(twoGpus());
    QVERIFY(!note->isVisible());
    QVERIFY2(device->itemText(0).contains(QStringLiteral("NVIDIA H200")), qPrintable(device->itemText(0)));
    const int second = device->findData(QStringLiteral("cuda:1"));
    QVERIFY(second > 0);
    QVERIFY2(device->itemText(second).startsWith(QStringLiteral("GPU 1: NVIDIA GeForce RTX 4090, 24")),
             qPrintable(device->itemText(second)));
    QCOMPARE(device->findText(QStringLiteral("GPU: none found")), -1);
    // The selection survives a new list.
    SettingsDialog d2(&settings, nullptr);
    d2.setComputeDevices(twoGpus());
    d2.restoreDefaults();
    auto* device2 = child<QComboBox>(&d2, "device");
    QCOMPARE(device2->currentData().toString(), QStringLiteral("auto"));
    device2->setCurrentIndex(device2->findData(QStringLiteral("cuda:1")));
    d2.setComputeDevices(twoGpus());
    QCOMPARE(device2->currentData().toString(), QStringLiteral("cuda:1"));
    settings.device.setValue(QStringLiteral("cuda"));
    SettingsDialog d3(&settings, nullptr);
    d3.setComputeDevices(twoGpus());
    auto* device3 = child<QComboBox>(&d3, "device");
    QCOMPARE(device3->currentData().toString(), QStringLiteral("cuda"));  // kept: no reload for an alias
    QVERIFY2(device3->currentText().startsWith(QStringLiteral("First GPU (GPU 0: NVIDIA H200")),
             qPrintable(device3->currentText()));
  }

  // The model tab says where the weights would live with what it shows: on the CPU everything in
  // RAM against what is available; a device that is not here, why no plan can be made; no
  // complete folder, nothing.
  void memoryLineFollowsTheModelTab() {
    app::AppSettings settings(ini());
    settings.useDemoModel.setValue(true);
    settings.device.setValue(QStringLiteral("cpu"));
    SettingsDialog d(&settings, nullptr);
    d.show();
    auto* plan = child<QLabel>(&d, "memoryPlan");
    QTRY_VERIFY(plan->isVisible());
    QVERIFY2(plan->text().startsWith(QStringLiteral("On the CPU every model stays in RAM: about ")) &&
                 plan->text().contains(QStringLiteral("available now")),
             qPrintable(plan->text()));
    auto* device = child<QComboBox>(&d, "device");
    if (app::computeDevices().gpus.isEmpty()) {
      d.setComputeDevices(twoGpus());  // a GPU this machine does not have
      device->setCurrentIndex(device->findData(QStringLiteral("cuda:1")));
      const QString why = app::computeDevices().cudaBuild
                              ? QStringLiteral("no CUDA device is visible (no NVIDIA driver or GPU found; see "
                                               "nvidia-smi and CUDA_VISIBLE_DEVICES)).")
                              : QStringLiteral("this build of the engine was made against a libtorch without CUDA).");
      const QString engineWord = QStringLiteral("Memory: cannot plan (device 'cuda:1' requested, but ") + why;
      QTRY_COMPARE(plan->text(), engineWord);
      d.setComputeDevices(app::computeDevices());  // back to this machine's list: cuda:1 is not here
      QTRY_COMPARE(plan->text(), QStringLiteral("No memory plan: cuda:1 is not a GPU of this computer."));
    }
    child<QCheckBox>(&d, "useDemoModel")->setChecked(false);
    d.setModelPath(QString());
    d.refreshModelReport();
    QTRY_VERIFY(!plan->isVisible());
  }

  // A hand-edited settings file with values the engine refuses: the dialog shows them clamped
  // (numbers) or as the default (choices), and OK saves what it shows.
  void outOfRangeStoredValuesAreSavedAsShown() {
    app::AppSettings settings(ini());
    settings.steps.setValue(5000);
    settings.threshold.setValue(1.5);
    settings.dropoutK.setValue(0);
    settings.guidanceHigh.setValue(250.0);
    settings.solver.setValue(QStringLiteral("foo"));
    settings.anchor.setValue(QStringLiteral("middle"));
    settings.device.setValue(QStringLiteral("cuda:7"));  // open-ended: kept
    SettingsDialog d(&settings, nullptr);
    d.show();
    QCOMPARE(child<QSpinBox>(&d, "steps")->value(), app::kMaxSteps);
    QCOMPARE(child<QComboBox>(&d, "solver")->currentData().toString(), QStringLiteral("euler"));
    QCOMPARE(child<QComboBox>(&d, "solver")->count(), 3);
    clickButton(&d, QDialogButtonBox::Ok);
    QCOMPARE(d.result(), int(QDialog::Accepted));
    QCOMPARE(settings.steps(), app::kMaxSteps);
    QCOMPARE(settings.threshold(), 0.999);
    QCOMPARE(settings.dropoutK(), 1);
    QCOMPARE(settings.guidanceHigh(), 100.0);
    QCOMPARE(settings.solver(), QStringLiteral("euler"));
    QCOMPARE(settings.anchor(), QStringLiteral("end"));
    QCOMPARE(settings.device(), QStringLiteral("cuda:7"));
  }

  // OK names the field to correct and shows it: a LoRA path that is no file.
  void loraPathMustBeAFile() {
    app::AppSettings settings(ini());
    SettingsDialog d(&settings, nullptr);
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    auto* low = child<QLineEdit>(&d, "loraLow");
    typeInto(low, dir_.filePath(QStringLiteral("nope.safetensors")));
    child<QTabWidget>(&d, "settingsTabs")->setCurrentIndex(3);
    clickButton(&d, QDialogButtonBox::Ok);
    QVERIFY(d.isVisible());
    const QString error = child<QLabel>(&d, "errorLabel")->text();
    QVERIFY2(error.startsWith(QStringLiteral("LoRA, low-noise expert:")) && error.contains(QStringLiteral("nope.safetensors")),
             qPrintable(error));
    QVERIFY(child<QTabWidget>(&d, "settingsTabs")->currentWidget()->isAncestorOf(low));
    QCOMPARE(QApplication::focusWidget(), low);
    QVERIFY(settings.loraLow().isEmpty());
  }

  // A newly chosen folder that detection finds unusable is said once; a second OK keeps it.
  void unusableNewModelFolderIsSaidOnce() {
    app::AppSettings settings(ini());
    settings.modelPath.setValue(QStringLiteral("/models/old"));  // already stored: no warning for it
    SettingsDialog d(&settings, nullptr);
    d.show();
    typeInto(child<QComboBox>(&d, "modelPath"), QStringLiteral("/"));  // "/models/old/": the same folder
    clickButton(&d, QDialogButtonBox::Ok);
    QCOMPARE(d.result(), int(QDialog::Accepted));

    SettingsDialog e(&settings, nullptr);
    e.show();
    const QString folder = dir_.filePath(QStringLiteral("half-downloaded"));
    QVERIFY(QDir().mkpath(folder + QStringLiteral("/high_noise_model")));
    child<QComboBox>(&e, "modelPath")->setEditText(QString());
    typeInto(child<QComboBox>(&e, "modelPath"), folder);
    child<QTabWidget>(&e, "settingsTabs")->setCurrentIndex(2);
    clickButton(&e, QDialogButtonBox::Ok);
    QVERIFY(e.isVisible());
    const QString warning = child<QLabel>(&e, "errorLabel")->text();
    QVERIFY2(warning.startsWith(QStringLiteral("Model folder: ")) && warning.contains(QStringLiteral("missing")) &&
                 warning.contains(QStringLiteral("press OK again")),
             qPrintable(warning));
    QCOMPARE(child<QTabWidget>(&e, "settingsTabs")->currentIndex(), 0);
    QCOMPARE(settings.modelPath(), QStringLiteral("/models/old"));
    clickButton(&e, QDialogButtonBox::Ok);
    QCOMPARE(e.result(), int(QDialog::Accepted));
    QCOMPARE(settings.modelPath(), folder);
  }

  // The default sampling is the Lightning recipe: without its LoRAs the Model tab says so.
  void lightningRecipeWithoutLorasIsNoted() {
    app::AppSettings settings(ini());
    settings.modelPath.setValue(QStringLiteral("/models/wan"));
    settings.loraHigh.setValue(dir_.filePath(QStringLiteral("high.safetensors")));
    SettingsDialog d(&settings, nullptr);
    d.show();
    auto* note = child<QLabel>(&d, "lightningNote");
    QVERIFY(!note->isVisible());
    clickButton(&d, QDialogButtonBox::RestoreDefaults);
    QCOMPARE(child<QLineEdit>(&d, "loraHigh")->text(), settings.loraHigh());  // the user's file stays
    child<QLineEdit>(&d, "loraHigh")->clear();
    QVERIFY(note->isVisible());
    QVERIFY2(note->text().contains(QStringLiteral("Lightning")) && note->text().contains(QStringLiteral("steps: 8")),
             qPrintable(note->text()));
    auto* solver = child<QComboBox>(&d, "solver");
    solver->setCurrentIndex(solver->findData(QStringLiteral("unipc")));
    QVERIFY(!note->isVisible());
    solver->setCurrentIndex(solver->findData(QStringLiteral("euler")));
    QVERIFY(note->isVisible());
    click(child<QCheckBox>(&d, "useDemoModel"));
    QVERIFY(!note->isVisible());
  }

  // Every number and choice explains itself (units, ranges, what the usual values are).
  void everyNumberAndChoiceHasATooltip() {
    app::AppSettings settings(ini());
    SettingsDialog d(&settings, nullptr);
    for (auto* box : d.findChildren<QAbstractSpinBox*>())
      QVERIFY2(!box->toolTip().isEmpty(), qPrintable(box->objectName()));
    for (auto* box : d.findChildren<QComboBox*>())
      QVERIFY2(!box->toolTip().isEmpty() || box->objectName() == QLatin1String("language") ||
                   box->objectName() == QLatin1String("theme") ||
                   box->objectName() == QLatin1String("precision") || box->objectName() == QLatin1String("memoryMode"),
               qPrintable(box->objectName()));  // those name what they do in every item
  }

  // Tab leaves the negative prompt instead of typing a tab into it.
  void tabLeavesTheNegativePrompt() {
    app::AppSettings settings(ini());
    SettingsDialog d(&settings, nullptr);
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    auto* negative = child<QPlainTextEdit>(&d, "negativePrompt");
    typeInto(negative, QStringLiteral("blurry"));
    QTest::keyClick(negative, Qt::Key_Tab);
    QVERIFY(!negative->hasFocus());
    QCOMPARE(negative->toPlainText(), QStringLiteral("blurry"));
  }

  void invalidEndpointKeepsTheDialogOpen() {
    app::AppSettings settings(ini());
    SettingsDialog d(&settings, nullptr);
    d.show();
    typeInto(child<QLineEdit>(&d, "vlmUrl"), QStringLiteral("localhost 8000"));
    clickButton(&d, QDialogButtonBox::Ok);
    QVERIFY(d.isVisible());
    QVERIFY(child<QLabel>(&d, "errorLabel")->isVisible());
    QVERIFY2(child<QLabel>(&d, "errorLabel")->text().contains(QStringLiteral("localhost 8000")),
             qPrintable(child<QLabel>(&d, "errorLabel")->text()));
    QVERIFY(errorReadsInEveryAppearance(child<QLabel>(&d, "errorLabel")));
    QVERIFY(settings.vlmBaseUrl().isEmpty());
    typeInto(child<QLineEdit>(&d, "vlmUrl"), QStringLiteral("http://127.0.0.1:8080"));
    clickButton(&d, QDialogButtonBox::Ok);
    QCOMPARE(d.result(), int(QDialog::Accepted));
    QCOMPARE(settings.vlmBaseUrl(), QStringLiteral("http://127.0.0.1:8080"));
  }

  // No tab draws its rows over one another, in English or German, as first shown (the Model
  // tab's table ran into the LoRA rows: its wrapped notes did not fit) or in a dialog made small:
  // a page that does not fit scrolls.
  void settingsPagesKeepTheirRowsApart() {
    for (const QString& language : {QStringLiteral("en"), QStringLiteral("de")}) {
      ifedit::ui::installTranslations(language);
      app::AppSettings settings(ini());
      SettingsDialog d(&settings, nullptr);
      d.show();
      QVERIFY(QTest::qWaitForWindowExposed(&d));
      auto* tabs = child<QTabWidget>(&d, "settingsTabs");
      for (const QSize size : {QSize(), QSize(560, 360)}) {
        if (size.isValid()) d.resize(size);
        for (int i = 0; i < tabs->count(); ++i) {
          tabs->setCurrentIndex(i);
          QApplication::processEvents();
          auto* area = qobject_cast<QScrollArea*>(tabs->widget(i));
          const QStringList clashes = overlappingRows(area ? area->widget() : tabs->widget(i));
          QVERIFY2(clashes.isEmpty(), qPrintable(language + QStringLiteral(" tab ") + QString::number(i) + QLatin1Char(' ') +
                                                 clashes.join(QStringLiteral(", "))));
        }
      }
    }
    ifedit::ui::installTranslations(QStringLiteral("en"));
  }

  // The noise generator keeps 32 bits of a seed: a larger one is refused where it is typed.
  void seedBeyondThirtyTwoBitsKeepsTheDialogOpen() {
    app::AppSettings settings(ini());
    settings.seed.setValue(5);
    SettingsDialog d(&settings, nullptr);
    d.show();
    auto* seed = child<QLineEdit>(&d, "seed");
    showTabOf(seed);
    typeInto(seed, QStringLiteral("4294967296"));
    clickButton(&d, QDialogButtonBox::Ok);
    QVERIFY(d.isVisible());
    QVERIFY2(child<QLabel>(&d, "errorLabel")->text().contains(QStringLiteral("0 to 4294967295")),
             qPrintable(child<QLabel>(&d, "errorLabel")->text()));
    QCOMPARE(settings.seed(), 5ull);
    typeInto(seed, QStringLiteral("4294967295"));
    clickButton(&d, QDialogButtonBox::Ok);
    QCOMPARE(d.result(), int(QDialog::Accepted));
    QCOMPARE(settings.seed(), 4294967295ull);
  }

  void modelTabSaysWhatIsFoundAndMissing() {
    app::AppSettings settings(ini());
    SettingsDialog d(&settings, nullptr);
    d.show();
    // Nothing chosen yet: the dialog explains what to do.
    QVERIFY2(child<QLabel>(&d, "modelSummary")->text().contains(QStringLiteral("demo")),
             qPrintable(child<QLabel>(&d, "modelSummary")->text()));

    // A complete folder (a copy of the demo set, so it is not flagged as the demo).
    QTemporaryDir models;
    const QString folder = models.filePath(QStringLiteral("wan"));
    QVERIFY(copyTree(app::demoModelFolder(), folder));
    QSignalSpy reported(&d, &SettingsDialog::modelReportChanged);
    auto* path = child<QComboBox>(&d, "modelPath");
    showTabOf(path);
    path->setFocus();
    QTest::keyClicks(path, folder);
    QVERIFY(reported.wait(3000));  // detection runs shortly after typing stops
    QVERIFY(d.modelReport().complete());
    auto* parts = child<QTreeWidget>(&d, "modelParts");
    QCOMPARE(parts->topLevelItemCount(), 5);
    for (int i = 0; i < 5; ++i) QVERIFY(parts->topLevelItem(i)->text(1).startsWith(folder));
    QVERIFY(child<QLabel>(&d, "modelSummary")->text().contains(QStringLiteral("official")));
    QVERIFY(!child<QLabel>(&d, "modelMissing")->isVisible());

    // Take the VAE away: the report names it.
    QVERIFY(QFile::remove(QDir(folder).filePath(QStringLiteral("Wan2.1_VAE.pth"))));
    d.refreshModelReport();
    QVERIFY(!d.modelReport().complete());
    QVERIFY(child<QLabel>(&d, "modelMissing")->isVisible());
    QVERIFY2(child<QLabel>(&d, "modelMissing")->text().startsWith(QStringLiteral("Missing: ")),
             qPrintable(child<QLabel>(&d, "modelMissing")->text()));
    int missingRows = 0;
    for (int i = 0; i < 5; ++i) missingRows += parts->topLevelItem(i)->text(1) == QStringLiteral("missing");
    QCOMPARE(missingRows, 1);

    // Another model's download (Wan2.2-T2V-A14B has the same file names): said first, by name.
    const QString config = QDir(folder).filePath(QStringLiteral("high_noise_model/config.json"));
    QFile configFile(config);
    QVERIFY(configFile.open(QIODevice::ReadOnly));
    QByteArray json = configFile.readAll();
    configFile.close();
    json.replace("\"i2v\"", "\"t2v\"").replace("\"in_dim\": 36", "\"in_dim\": 16");
    QVERIFY(writeFile(config, json));
    d.refreshModelReport();
    QVERIFY2(child<QLabel>(&d, "modelSummary")->text().startsWith(
                 QStringLiteral("This is Wan2.2-T2V-A14B, not Wan2.2-I2V-A14B")),
             qPrintable(child<QLabel>(&d, "modelSummary")->text()));

    // The demo model: the folder field is off and the report is the demo set's.
    click(child<QCheckBox>(&d, "useDemoModel"));
    QVERIFY(!path->isEnabled());
    QVERIFY(d.modelReport().demo);
    QVERIFY(d.modelReport().complete());
    QVERIFY(child<QLabel>(&d, "modelSummary")->text().contains(QStringLiteral("random weights")));
    clickButton(&d, QDialogButtonBox::Ok);
    QVERIFY(settings.useDemoModel());
    QCOMPARE(settings.modelPath(), folder);
    QCOMPARE(settings.recentModelPaths().value(0), folder);
  }

  void exportImageFromTheDialog() {
    QTemporaryDir out;
    ExportDialog::Content content;
    content.image = ramp(40, 30);
    content.metadata = metadata();
    content.baseName = QStringLiteral("street");
    content.randomWeights = true;
    app::AppSettings settings(ini());
    settings.exportFolder.setValue(out.path());
    ExportDialog d(ExportDialog::Mode::Image, content, &settings);
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    QCOMPARE(d.path(), QDir(out.path()).filePath(QStringLiteral("street.png")));
    // The file field shows a folder and a name, whatever the language's label widths.
    auto* field = child<QLineEdit>(&d, "path");
    QVERIFY2(field->width() >= field->fontMetrics().horizontalAdvance(QStringLiteral("/home/artist/Pictures/street-edited.png")),
             qPrintable(QString::number(field->width())));
    QVERIFY(child<QLabel>(&d, "randomWeightsWarning")->isVisible());
    auto* format = child<QComboBox>(&d, "format");
    format->setCurrentIndex(format->findData(int(app::ImageExportFormat::Jpeg)));
    QCOMPARE(d.path(), QDir(out.path()).filePath(QStringLiteral("street.jpg")));  // the name follows
    QVERIFY(child<QSpinBox>(&d, "quality")->isEnabled());
    QVERIFY(child<QCheckBox>(&d, "metadata")->isVisible());
    // The evolution's frame rate is owned by the dialog (not leaked with it) and hidden here.
    QVERIFY(d.findChild<QDoubleSpinBox*>(QStringLiteral("fps")));
    QVERIFY(!child<QDoubleSpinBox>(&d, "fps")->isVisible());

    QSignalSpy done(&d, &ExportDialog::exported);
    clickButton(&d, QDialogButtonBox::Save);
    QVERIFY(done.wait(10000));
    QCOMPARE(d.result(), int(QDialog::Accepted));
    const QString file = done.at(0).at(0).toString();
    QCOMPARE(QImage(file).size(), QSize(40, 30));
    QString error;
    const auto restored = app::readEditMetadata(file, &error);
    QVERIFY2(restored, qPrintable(error));
    QCOMPARE(restored->instruction, QStringLiteral("make it night"));
    QCOMPARE(*restored->seed, quint64(77));
  }

  // The note under the options wraps to more lines for some formats (PNG 16-bit says the most):
  // the dialog grows to hold it, so it is neither cut off nor drawn over the rows beside it.
  void exportNoteIsNeverCutOff() {
    ExportDialog::Content content;
    content.image = ramp(160, 80);
    content.sourceSize = QSize(640, 360);
    content.metadata = metadata();
    content.baseName = QStringLiteral("street");
    content.randomWeights = true;
    ExportDialog d(ExportDialog::Mode::Image, content, nullptr);
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    auto* format = child<QComboBox>(&d, "format");
    auto* note = child<QLabel>(&d, "formatNote");
    for (const auto f : {app::ImageExportFormat::Png16, app::ImageExportFormat::Jpeg, app::ImageExportFormat::Png16}) {
      format->setCurrentIndex(format->findData(int(f)));
      QApplication::processEvents();
      const QRect shown = note->geometry();
      const QRect above = child<QCheckBox>(&d, "sidecar")->geometry(), below = child<QLineEdit>(&d, "path")->geometry();
      QVERIFY2(shown.height() >= note->heightForWidth(shown.width()) && shown.top() >= above.bottom() &&
                   shown.bottom() <= below.top(),
               qPrintable(QStringLiteral("note %1..%2 (needs %3) between %4 and %5")
                              .arg(shown.top())
                              .arg(shown.bottom())
                              .arg(note->heightForWidth(shown.width()))
                              .arg(above.bottom())
                              .arg(below.top())));
    }
  }

  void exportSizeFollowsTheChoice() {
    QTemporaryDir out;
    ExportDialog::Content content;
    content.image = ramp(40, 30);  // the model's working size
    content.metadata = metadata();
    content.baseName = QStringLiteral("street");
    // Source and result of the same size: nothing to choose.
    content.sourceSize = QSize(40, 30);
    {
      ExportDialog same(ExportDialog::Mode::Image, content, nullptr);
      same.show();
      QVERIFY(QTest::qWaitForWindowExposed(&same));
      QVERIFY(!child<QComboBox>(&same, "size")->isVisible());
    }
    // A bigger source: offered, and chosen by default; the model's size is the other choice.
    content.sourceSize = QSize(97, 61);
    const QList<std::pair<int, QSize>> choices = {{-1, QSize(97, 61)}, {0, QSize(40, 30)}, {1, QSize(97, 61)}};
    for (const auto& [index, want] : choices) {
      ExportDialog d(ExportDialog::Mode::Image, content, nullptr);
      d.show();
      QVERIFY(QTest::qWaitForWindowExposed(&d));
      auto* size = child<QComboBox>(&d, "size");
      QVERIFY(size->isVisible());
      QCOMPARE(size->count(), 2);
      QCOMPARE(size->itemText(0), QStringLiteral("Model output (40 × 30)"));
      QCOMPARE(size->itemText(1), QStringLiteral("Source picture (97 × 61)"));
      QCOMPARE(size->currentIndex(), 1);
      if (index >= 0) size->setCurrentIndex(index);
      const QString file = out.filePath(QStringLiteral("street-%1.png").arg(index + 1));
      d.setPath(file);
      QSignalSpy done(&d, &ExportDialog::exported);
      clickButton(&d, QDialogButtonBox::Save);
      QVERIFY(done.wait(10000));
      QImageReader reader(file);
      QCOMPARE(reader.size(), want);
      QCOMPARE(reader.read().size(), want);
      QString error;
      const auto restored = app::readEditMetadata(file, &error);
      QVERIFY2(restored, qPrintable(error));
      QCOMPARE(restored->exportSize, want);
    }
  }

  void exportFailureKeepsTheDialogOpen() {
    ExportDialog::Content content;
    content.image = ramp(8, 8);
    ExportDialog d(ExportDialog::Mode::Image, content, nullptr);
    d.show();
    QVERIFY(!child<QCheckBox>(&d, "metadata")->isEnabled());  // nothing to embed
    d.setPath(dir_.filePath(QStringLiteral("no-such-folder/x.png")));
    QSignalSpy failed(&d, &ExportDialog::exportFailed);
    clickButton(&d, QDialogButtonBox::Save);
    QVERIFY(failed.wait(10000));
    QVERIFY(d.isVisible());
    QVERIFY(child<QLabel>(&d, "errorLabel")->isVisible());
    QVERIFY(child<QLabel>(&d, "errorLabel")->text().contains(QStringLiteral("no-such-folder")));
    QVERIFY(errorReadsInEveryAppearance(child<QLabel>(&d, "errorLabel")));
  }

  // The typed name decides the format when it names another (bytes match the suffix), and the
  // source picture is never a target.
  void exportFollowsTheTypedSuffixAndSparesTheSource() {
    QTemporaryDir out;
    const QString source = out.filePath(QStringLiteral("source.png"));
    QVERIFY(ramp(8, 8).save(source));
    ExportDialog::Content content;
    content.image = ramp(8, 8);
    content.sourcePath = source;
    ExportDialog d(ExportDialog::Mode::Image, content, nullptr);
    d.show();
    QCOMPARE(child<QComboBox>(&d, "format")->currentData().toInt(), int(app::ImageExportFormat::Png8));
    d.setPath(out.filePath(QStringLiteral("typed.jpg")));
    QSignalSpy done(&d, &ExportDialog::exported);
    clickButton(&d, QDialogButtonBox::Save);
    QVERIFY(done.wait(10000));
    QFile typed(out.filePath(QStringLiteral("typed.jpg")));
    QVERIFY(typed.open(QIODevice::ReadOnly));
    QVERIFY(typed.read(3) == QByteArray("\xff\xd8\xff", 3));  // JPEG, not PNG bytes

    ExportDialog again(ExportDialog::Mode::Image, content, nullptr);
    again.show();
    again.setPath(source);
    QSignalSpy failed(&again, &ExportDialog::exportFailed);
    clickButton(&again, QDialogButtonBox::Save);
    QVERIFY(failed.wait(10000));
    QVERIFY(child<QLabel>(&again, "errorLabel")->text().contains(QStringLiteral("source picture")));
    QCOMPARE(QImage(source).size(), QSize(8, 8));
  }

  void exportEvolutionFromTheDialog() {
    QTemporaryDir out;
    ExportDialog::Content content;
    for (int i = 0; i < 5; ++i) content.frames << ramp(20, 12);
    content.metadata = metadata();
    content.baseName = QStringLiteral("street");
    ExportDialog d(ExportDialog::Mode::Evolution, content, nullptr);
    d.setPath(QDir(out.path()).filePath(QStringLiteral("street-evolution.mp4")));
    d.show();
    QCOMPARE(child<QDoubleSpinBox>(&d, "fps")->value(), 16.0);
    QVERIFY(child<QDoubleSpinBox>(&d, "fps")->isVisible());
    // The image-only options are owned by the dialog (not leaked with it) and hidden here.
    for (const char* name : {"quality", "metadata", "sidecar"}) {
      const auto* option = d.findChild<QWidget*>(QLatin1String(name));
      QVERIFY2(option, name);
      QVERIFY2(!option->isVisible(), name);
    }
    QSignalSpy done(&d, &ExportDialog::exported);
    clickButton(&d, QDialogButtonBox::Save);
    QVERIFY(done.wait(20000));
    QVERIFY(QFileInfo(done.at(0).at(0).toString()).size() > 0);

    ExportDialog seq(ExportDialog::Mode::Evolution, content, nullptr);
    seq.setPath(QDir(out.path()).filePath(QStringLiteral("frames.mp4")));
    seq.show();
    auto* format = child<QComboBox>(&seq, "format");
    format->setCurrentIndex(format->findData(int(ExportDialog::VideoFormat::PngSequence)));
    QCOMPARE(seq.path(), QDir(out.path()).filePath(QStringLiteral("frames")));
    QSignalSpy seqDone(&seq, &ExportDialog::exported);
    clickButton(&seq, QDialogButtonBox::Save);
    QVERIFY(seqDone.wait(20000));
    QCOMPARE(QDir(QDir(out.path()).filePath(QStringLiteral("frames"))).entryList(QDir::Files).size(), 6);
  }

  // Esc or the close button while the file is being written: the dialog stays until the export
  // ends, then reports it (it used to vanish, block the window and drop the outcome).
  void escapeWhileExportingWaitsForTheOutcome() {
    QTemporaryDir out;
    ExportDialog::Content content;
    for (int i = 0; i < 60; ++i) content.frames << ramp(640, 480);
    ExportDialog d(ExportDialog::Mode::Evolution, content, nullptr);
    d.setPath(QDir(out.path()).filePath(QStringLiteral("long.mp4")));
    d.show();
    QSignalSpy done(&d, &ExportDialog::exported);
    clickButton(&d, QDialogButtonBox::Save);
    QVERIFY(d.isExporting());
    QTest::keyClick(&d, Qt::Key_Escape);
    d.close();
    QVERIFY(d.isVisible());
    QVERIFY(done.count() == 1 || done.wait(60000));
    QVERIFY(!d.isVisible());
    QCOMPARE(d.result(), int(QDialog::Accepted));
  }

  // A settings file that cannot be written (its folder is a file: as good as read-only): OK
  // applies the values to the session and says they were not saved, instead of "Settings saved."
  void unsavableSettingsSaySo() {
    QTemporaryDir d;
    const QString notAFolder = QDir(d.path()).filePath(QStringLiteral("config"));
    QFile f(notAFolder);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    app::AppSettings settings(notAFolder + QStringLiteral("/ifedit.conf"));
    app::EditSession session;
    ui::MainWindow window(&session);
    ui::DialogController controller(&window, &settings, nullptr);
    SettingsDialog* dialog = controller.openSettings();
    typeInto(child<QSpinBox>(dialog, "steps"), QStringLiteral("23"));
    clickButton(dialog, QDialogButtonBox::Ok);
    QCOMPARE(session.parameters().steps, 23);
    QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("could not be saved")),
             qPrintable(window.statusBar()->currentMessage()));
  }

  void windowHooksOpenTheDialogsAndFeedTheSession() {
    app::AppSettings settings(ini());
    settings.steps.setValue(12);
    settings.useDemoModel.setValue(true);
    settings.vlmBaseUrl.setValue(QStringLiteral("http://127.0.0.1:9/v1"));
    app::EditSession session;
    ui::MainWindow window(&session);
    ui::DialogController controller(&window, &settings, nullptr);
    controller.applyToSession();
    QCOMPARE(session.parameters().steps, 12);
    QVERIFY(session.modelSetup().isDemo());
    QCOMPARE(session.vlmEndpoint().baseUrl, QUrl(QStringLiteral("http://127.0.0.1:9/v1")));

    // Settings… (Ctrl+,) opens the dialog; OK feeds the session.
    QSignalSpy opened(&controller, &ui::DialogController::dialogOpened);
    window.action(ui::MainWindow::kActionSettings)->trigger();
    QCOMPARE(opened.count(), 1);
    auto* dialog = window.findChild<SettingsDialog*>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    typeInto(child<QSpinBox>(dialog, "steps"), QStringLiteral("30"));
    // The dark theme applies at once, to the open window too.
    const QString platformStyle = QApplication::style()->name();
    auto* themes = child<QComboBox>(dialog, "theme");
    themes->setCurrentIndex(themes->findData(QStringLiteral("dark")));
    clickButton(dialog, QDialogButtonBox::Ok);
    QCOMPARE(session.parameters().steps, 30);
    QCOMPARE(settings.steps(), 30);
    QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));
    // Widgets take the application palette through posted events, as the event loop runs.
    QTRY_VERIFY(window.palette().color(QPalette::Window).lightness() < 80);
    QVERIFY(window.palette().color(QPalette::WindowText).lightness() > 180);
    // Back to the platform's look, and to Fusion's light palette.
    QCOMPARE(ui::applyTheme(QString()), QString());
    QCOMPARE(QApplication::style()->name(), platformStyle);
    QTRY_VERIFY(window.palette().color(QPalette::Window).lightness() > 180);
    QCOMPARE(ui::applyTheme(QStringLiteral("light")), QStringLiteral("light"));
    QTRY_VERIFY(window.palette().color(QPalette::WindowText).lightness() < 80);
    QCOMPARE(ui::applyTheme(QStringLiteral("neon")), QString());  // unknown: the platform's look
    QCOMPARE(QApplication::style()->name(), platformStyle);

    // Parameters restored into the session (a dropped PNG) are kept in the settings.
    app::EditParameters restored = session.parameters();
    restored.seed = 4242;
    restored.solver = QStringLiteral("unipc");
    session.setParameters(restored);
    QCOMPARE(settings.seed(), quint64(4242));
    QCOMPARE(app::AppSettings(ini()).solver(), QStringLiteral("unipc"));

    // Nothing to export yet: no dialog, a note in the status line.
    QVERIFY(!controller.openExportImage());
    QVERIFY(!controller.openExportEvolution());
    QCOMPARE(opened.count(), 1);
  }

  // `ifedit --model DIR` puts a folder in the session that the settings do not hold: OK on the
  // Settings dialog (changing something else) keeps it, and stores it.
  void settingsOkKeepsTheModelGivenOnTheCommandLine() {
    app::AppSettings settings(ini());
    settings.useDemoModel.setValue(true);
    settings.modelPath.setValue(dir_.filePath(QStringLiteral("stored-model")));
    app::EditSession session;
    ui::MainWindow window(&session);
    ui::DialogController controller(&window, &settings, nullptr);
    controller.applyToSession();
    app::ModelSetup setup = session.modelSetup();
    setup.path = dir_.filePath(QStringLiteral("cli-model"));  // what main.cpp does with --model
    session.setModelSetup(setup);
    auto* dialog = controller.openSettings();
    QVERIFY(dialog);
    QCOMPARE(child<QComboBox>(dialog, "modelPath")->currentText(), setup.path);
    typeInto(child<QSpinBox>(dialog, "steps"), QStringLiteral("12"));
    clickButton(dialog, QDialogButtonBox::Ok);
    QCOMPARE(session.parameters().steps, 12);
    QCOMPARE(session.modelSetup().path, setup.path);
    QCOMPARE(settings.modelPath(), setup.path);
    QVERIFY(!settings.useDemoModel());
  }

  void everyActionHasAnSvgIconAndAShortcut() {
    app::EditSession session;
    ui::MainWindow window(&session);
    ui::applyActionIcons(window);
    QVERIFY(window.allActions().size() >= 28);
    QStringList problems;
    for (QAction* a : window.allActions()) {
      const QString id = a->objectName();
      const QString path = ui::actionIconPath(id);
      if (path.isEmpty() || !QSvgRenderer(path).isValid()) {
        problems << id + QStringLiteral(": no valid SVG icon");
        continue;
      }
      // Drawn at a 2x scale factor the icon has real pixels (48x48, not a blurred 24x24).
      const QImage image = a->icon().pixmap(QSize(24, 24), 2.0).toImage();
      int drawn = 0;
      for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) drawn += qAlpha(image.pixel(x, y)) > 128;
      if (image.width() != 48 || drawn < 20) problems << id + QStringLiteral(": icon does not render at 2x");
      // Every action has a keyboard shortcut; clearing the recent files is only in its menu.
      if (a->shortcuts().isEmpty() && id != QLatin1String(ui::MainWindow::kActionClearRecent))
        problems << id + QStringLiteral(": no shortcut");
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
  }
};

QTEST_MAIN(TestUiDialogs)
#include "test_ui_dialogs.moc"
