#pragma once
// Settings ▸ every AppSettings value in five tabs (Model, Sampling, Dropout & refinement, Prompt
// assistant, Interface). Widgets show the stored values; OK writes them back (and the API key to
// the keyring), Cancel drops them, Restore Defaults puts the defaults into the widgets (written on
// OK). The model tab says what the chosen folder holds and what is missing, which devices are
// here, and where the weights would live in GPU memory and RAM with the choices it shows.
#include <QDialog>
#include <QHash>
#include <QPair>
#include <QString>

#include "app/engine/compute_devices.h"
#include "app/settings/model_detection.h"

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTabWidget;
class QTimer;
class QTreeWidget;

namespace ifedit::app {
class AppSettings;
class ApiKeyStore;
}  // namespace ifedit::app

namespace ifedit::ui {

class SettingsDialog : public QDialog {
  Q_OBJECT

 public:
  // `keys` may be null (no key field then). Neither is owned.
  SettingsDialog(app::AppSettings* settings, app::ApiKeyStore* keys, QWidget* parent = nullptr);
  ~SettingsDialog() override;

  // What the model tab shows now (tests, first-run message).
  const app::ModelFolderReport& modelReport() const { return report_; }
  // Ticks "Use the demo model" without storing it (the session runs on it already).
  void setUseDemoModel(bool demo);
  // Shows `path` as the model folder (the one in use when it is not the stored one).
  void setModelPath(const QString& path);
  // Why OK is refused (an invalid VLM URL, a LoRA path that is no file, ...); empty when it is
  // not. `field`, when given, receives the widget to correct.
  QString validationError(QWidget** field = nullptr) const;
  // The devices the Device box offers (the constructor asks the engine; tests give others).
  void setComputeDevices(const app::ComputeDevices& devices);

 public Q_SLOTS:
  void accept() override;
  // After OK: whether the settings file took the values (false: a read-only or full disk).
  bool savedToDisk() const { return savedToDisk_; }
  void restoreDefaults();
  // Fills the endpoint and model from the preset "vllm", "llamacpp" or "ollama".
  void applyVlmPreset(const QString& id);
  // Re-runs the model folder detection for what the model tab shows now.
  void refreshModelReport();

 Q_SIGNALS:
  // After OK, when the language override changed (it applies at the next start).
  void languageChanged(const QString& code);
  // After OK, when the theme changed (it applies at once).
  void themeChanged(const QString& code);
  void modelReportChanged();

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  QWidget* createModelTab();
  QWidget* createSamplingTab();
  QWidget* createDropoutTab();
  QWidget* createVlmTab();
  QWidget* createInterfaceTab();
  void loadFromSettings();
  void saveToSettings();
  void updateEnabled();
  void showModelReport();
  void updateLightningNote();
  void browseModelFolder();
  void selectDevice(const QString& value);
  // The memory line of the model tab: where the weights would live with what the tab shows now.
  void updateMemoryPlan();
  void browseLora(QLineEdit* edit);
  void setMaxArea(qint64 pixels);
  qint64 maxArea() const;
  // A stored number shown in a spin box (which may round or clamp it): OK writes the stored value
  // back unless the user changed the box, so a restored edit's 0.8755 or 1001 frames survive.
  template <typename Box, typename T>
  void showNumber(Box* box, T stored);
  template <typename Box>
  auto numberToSave(const Box* box) const;

  app::AppSettings* settings_;
  app::ApiKeyStore* keys_;
  app::ModelFolderReport report_;
  QString loadedKey_;
  QHash<const QObject*, QPair<double, double>> shownNumbers_;  // box -> (stored, shown)
  QTimer* detectTimer_ = nullptr;
  QTimer* planTimer_ = nullptr;
  QLabel* memoryPlan_ = nullptr;

  QTabWidget* tabs_ = nullptr;
  bool fittedToPages_ = false;
  QDialogButtonBox* buttons_ = nullptr;
  QLabel* errorLabel_ = nullptr;
  // Model
  QComboBox* modelPath_ = nullptr;
  QPushButton* browseModel_ = nullptr;
  QCheckBox* useDemo_ = nullptr;
  QLabel* modelSummary_ = nullptr;
  QTreeWidget* modelParts_ = nullptr;
  QLabel* modelMissing_ = nullptr;
  QLineEdit* loraHigh_ = nullptr;
  QLineEdit* loraLow_ = nullptr;
  QDoubleSpinBox* loraStrength_ = nullptr;
  QLabel* lightningNote_ = nullptr;
  QString loadedModelPath_;  // the folder shown on opening: OK warns about a new one only
  QString warnedModelPath_;  // the unusable folder OK has warned about once
  QComboBox* device_ = nullptr;
  QLabel* deviceNote_ = nullptr;
  app::ComputeDevices devices_;  // what the Device box offers
  QComboBox* precision_ = nullptr;
  QComboBox* memoryMode_ = nullptr;
  QCheckBox* textEncoderOnCpu_ = nullptr;
  // Sampling
  QSpinBox* frames_ = nullptr;
  QSpinBox* steps_ = nullptr;
  QDoubleSpinBox* shift_ = nullptr;
  QComboBox* solver_ = nullptr;
  QDoubleSpinBox* guidanceLow_ = nullptr;
  QDoubleSpinBox* guidanceHigh_ = nullptr;
  QComboBox* maxArea_ = nullptr;
  QPlainTextEdit* negativePrompt_ = nullptr;
  QRadioButton* randomSeed_ = nullptr;
  QRadioButton* fixedSeed_ = nullptr;
  QLineEdit* seed_ = nullptr;
  // Dropout and refinement
  QCheckBox* dropout_ = nullptr;
  QSpinBox* dropoutK_ = nullptr;
  QDoubleSpinBox* threshold_ = nullptr;
  QComboBox* anchor_ = nullptr;
  QComboBox* positions_ = nullptr;
  QCheckBox* refine_ = nullptr;
  QSpinBox* refineFrames_ = nullptr;
  // Prompt assistant (VLM)
  QLineEdit* vlmUrl_ = nullptr;
  QLineEdit* vlmModel_ = nullptr;
  QSpinBox* vlmMaxTokens_ = nullptr;
  QLineEdit* apiKey_ = nullptr;
  QLabel* apiKeyStatus_ = nullptr;
  QString vlmPreset_;
  // Interface
  QComboBox* language_ = nullptr;
  QComboBox* theme_ = nullptr;
  bool savedToDisk_ = true;
};

}  // namespace ifedit::ui
