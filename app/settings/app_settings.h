#pragma once
// The user's settings, typed: each one is a Setting<T> whose key and default are written once (in
// app_settings.cpp), persisted with QSettings in the XDG config folder
// (~/.config/IFEditStudio/ifedit.conf). Qt-only header, so ui/ may include it; the engine structs
// are made from it in app/settings/engine_settings.h. The VLM API key is never stored here
// (app/settings/api_key_store.h).
#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <memory>

#include "app/vlm/vlm_endpoint.h"

class QSettings;

namespace ifedit::app {

class AppSettings;

// A value read through on every access (QSettings caches), so two AppSettings on the same file
// agree after sync(). A stored value of the wrong type reads as the default.
template <typename T>
class Setting {
 public:
  Setting(AppSettings* owner, const char* key, T defaultValue);
  Setting(const Setting&) = delete;
  Setting& operator=(const Setting&) = delete;

  const QString& key() const { return key_; }
  const T& defaultValue() const { return default_; }
  T value() const;
  T operator()() const { return value(); }
  void setValue(const T& value);
  void reset();
  bool isDefault() const { return value() == default_; }

 private:
  AppSettings* owner_;
  QString key_;
  T default_;
};

class AppSettings : public QObject {
  Q_OBJECT

  // Before the Setting members: each registers its key here while being constructed.
  QStringList keys_;
  std::unique_ptr<QSettings> store_;

 public:
  // QSettings' organization/application: the file is <XDG_CONFIG_HOME>/IFEditStudio/ifedit.conf.
  static constexpr const char* kOrganization = "IFEditStudio";
  static constexpr const char* kApplication = "ifedit";

  // The user's settings file.
  explicit AppSettings(QObject* parent = nullptr);
  // A given INI file (tests, portable installs).
  explicit AppSettings(const QString& iniFile, QObject* parent = nullptr);
  ~AppSettings() override;

  QString fileName() const;
  // Writes pending changes to disk; returns false when the file cannot be written.
  bool sync();
  // Every setting back to its default, except the remembered folders and the window layout (the
  // API key is not touched).
  void restoreDefaults();
  // The keys of every setting, in declaration order.
  const QStringList& keys() const { return keys_; }

  // Model ---------------------------------------------------------------------------------------
  Setting<QString> modelPath;            // folder (official / Diffusers / ComfyUI layout)
  Setting<bool> useDemoModel;            // the bundled random-weight set instead of modelPath
  Setting<QStringList> recentModelPaths;  // most recent first
  Setting<QString> loraHigh;             // LoRA merged into the high-noise expert (optional)
  Setting<QString> loraLow;              // LoRA merged into the low-noise expert (optional)
  Setting<double> loraStrength;
  Setting<QString> device;     // "auto", "cpu", "cuda", "cuda:N"
  Setting<QString> precision;  // "auto", "f32", "bf16"
  Setting<QString> memoryMode;   // "auto", "resident", "swap", "fp8", "lowvram" (where weights live on a GPU)
  Setting<bool> textEncoderOnCpu;

  // Edit (api::EditSettings, defaults taken from it) --------------------------------------------
  Setting<int> frames;
  Setting<int> steps;
  Setting<double> shift;
  Setting<QString> solver;  // "euler", "unipc", "dpm++"
  Setting<double> guidanceLow;
  Setting<double> guidanceHigh;
  Setting<QString> negativePrompt;
  Setting<qint64> maxArea;
  Setting<bool> randomSeed;  // a new seed for every run (the seed used is recorded in the result)
  Setting<quint64> seed;     // used when randomSeed is off
  Setting<bool> dropout;     // Temporal Latent Dropout
  Setting<int> dropoutK;
  Setting<double> threshold;
  Setting<QString> anchor;     // "end", "start"
  Setting<QString> positions;  // "preserve", "reindex"
  Setting<bool> refine;        // SCPR
  Setting<int> refineFrames;

  // Prompt rewriting (VLM) -----------------------------------------------------------------------
  Setting<QString> vlmPreset;   // "vllm", "llamacpp", "ollama" or "" (custom)
  Setting<QString> vlmBaseUrl;  // empty: no VLM, the offline template writes the prompt
  Setting<QString> vlmModel;
  Setting<int> vlmMaxTokens;  // the answer's token budget (kMinVlmMaxTokens..kMaxVlmMaxTokens)

  // Interface -----------------------------------------------------------------------------------
  Setting<QString> language;      // "" = the system locale, else "en", "de", "zh_CN"
  Setting<QString> theme;         // "" = the platform's look, "dark", "light"
  Setting<QString> exportFolder;  // where the export dialog starts
  // QMainWindow::saveGeometry() / saveState(): the window, its panels and toolbar come back as they were.
  Setting<QByteArray> windowGeometry;
  Setting<QByteArray> windowState;

  // The languages the app ships, as (code, native name), "" first for "system".
  static QList<QPair<QString, QString>> languages();

  // The edit settings as the JSON of settingsToJson (report / PNG metadata keys), and back: keys
  // that are absent keep their value; a value of the wrong type leaves the settings unchanged and
  // returns false with *error naming the keys.
  QJsonObject editSettingsJson() const;
  bool applyEditSettingsJson(const QJsonObject& json, QString* error = nullptr);

  // The VLM endpoint described by these settings, with `apiKey` (from ApiKeyStore).
  VlmEndpoint vlmEndpoint(const QString& apiKey = {}) const;

  // Adds `path` to the front of recentModelPaths (at most 8 kept).
  void rememberModelPath(const QString& path);

 Q_SIGNALS:
  void changed(const QString& key);

 private:
  template <typename T>
  friend class Setting;
  QVariant read(const QString& key) const;
  void write(const QString& key, const QVariant& value);
  void remove(const QString& key);
  void registerKey(const QString& key) { keys_.append(key); }
};

template <typename T>
Setting<T>::Setting(AppSettings* owner, const char* key, T defaultValue)
    : owner_(owner), key_(QLatin1String(key)), default_(std::move(defaultValue)) {
  owner_->registerKey(key_);
}

}  // namespace ifedit::app
