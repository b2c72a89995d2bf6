#include "app/settings/app_settings.h"

#include <algorithm>

#include <QSettings>
#include <cmath>
#include <limits>

#include "api/engine.h"
#include "app/engine/settings_json.h"
#include "app/settings/engine_settings.h"

namespace ifedit::app {
namespace {

// The engine's defaults are the single source of the edit settings' defaults.
const api::EditSettings& engineDefaults() {
  static const api::EditSettings defaults;
  return defaults;
}
QString q(const std::string& s) { return QString::fromStdString(s); }

constexpr int kMaxRecentModelPaths = 8;

// A stored value of the wrong type (a hand-edited file) reads as the default, never as 0.
template <typename T>
T fromVariant(const QVariant& v, const T& fallback);

template <>
QString fromVariant(const QVariant& v, const QString& fallback) {
  return v.isValid() && v.canConvert<QString>() ? v.toString() : fallback;
}
template <>
QStringList fromVariant(const QVariant& v, const QStringList& fallback) {
  if (!v.isValid()) return fallback;
  // INI files store a one-element list as a plain string.
  QStringList list = v.typeId() == QMetaType::QString ? QStringList{v.toString()} : v.toStringList();
  list.removeAll(QString());
  return list;
}
template <>
bool fromVariant(const QVariant& v, const bool& fallback) {
  if (v.typeId() == QMetaType::Bool) return v.toBool();
  const QString s = v.toString().trimmed().toLower();
  if (s == QLatin1String("true") || s == QLatin1String("1")) return true;
  if (s == QLatin1String("false") || s == QLatin1String("0")) return false;
  return fallback;
}
template <>
QByteArray fromVariant(const QVariant& v, const QByteArray& fallback) {
  return v.typeId() == QMetaType::QByteArray ? v.toByteArray() : fallback;
}
template <>
int fromVariant(const QVariant& v, const int& fallback) {
  // Through 64 bits: QVariant::toInt narrows a larger number silently (999999999999 read as
  // -727379969) and still says ok.
  bool ok = false;
  const qint64 x = v.toLongLong(&ok);
  return ok && x >= std::numeric_limits<int>::min() && x <= std::numeric_limits<int>::max() ? int(x) : fallback;
}
template <>
double fromVariant(const QVariant& v, const double& fallback) {
  bool ok = false;
  const double x = v.toDouble(&ok);
  return ok && std::isfinite(x) ? x : fallback;  // "nan" and "inf" parse, but no setting takes them
}
template <>
qint64 fromVariant(const QVariant& v, const qint64& fallback) {
  bool ok = false;
  const qint64 x = v.toLongLong(&ok);
  return ok ? x : fallback;
}
template <>
quint64 fromVariant(const QVariant& v, const quint64& fallback) {
  bool ok = false;
  const quint64 x = v.toULongLong(&ok);
  return ok ? x : fallback;
}

std::unique_ptr<QSettings> openStore(const QString& iniFile) {
  if (iniFile.isEmpty())
    return std::make_unique<QSettings>(QSettings::NativeFormat, QSettings::UserScope,
                                       QLatin1String(AppSettings::kOrganization),
                                       QLatin1String(AppSettings::kApplication));
  return std::make_unique<QSettings>(iniFile, QSettings::IniFormat);
}

}  // namespace

template <typename T>
T Setting<T>::value() const {
  return fromVariant<T>(owner_->read(key_), default_);
}

template <typename T>
void Setting<T>::setValue(const T& value) {
  if (owner_->read(key_).isValid() && this->value() == value) return;
  if constexpr (std::is_same_v<T, quint64>)
    owner_->write(key_, QString::number(value));  // every digit, whatever the INI number syntax
  else
    owner_->write(key_, QVariant::fromValue(value));
}

template <typename T>
void Setting<T>::reset() {
  owner_->remove(key_);
}

template class Setting<QString>;
template class Setting<QStringList>;
template class Setting<QByteArray>;
template class Setting<bool>;
template class Setting<int>;
template class Setting<double>;
template class Setting<qint64>;
template class Setting<quint64>;

AppSettings::AppSettings(QObject* parent) : AppSettings(QString(), parent) {}

AppSettings::AppSettings(const QString& iniFile, QObject* parent)
    : QObject(parent),
      store_(openStore(iniFile)),
      modelPath(this, "model/path", QString()),
      useDemoModel(this, "model/use_demo", false),
      recentModelPaths(this, "model/recent_paths", QStringList()),
      loraHigh(this, "model/lora_high", QString()),
      loraLow(this, "model/lora_low", QString()),
      loraStrength(this, "model/lora_strength", api::ModelOptions{}.loraStrength),
      device(this, "model/device", q(api::ModelOptions{}.device)),
      precision(this, "model/precision", q(api::ModelOptions{}.precision)),
      memoryMode(this, "model/memory_mode", q(api::ModelOptions{}.memoryMode)),
      textEncoderOnCpu(this, "model/text_encoder_on_cpu", api::ModelOptions{}.textEncoderOnCpu),
      frames(this, "edit/frames", engineDefaults().frames),
      steps(this, "edit/steps", engineDefaults().steps),
      shift(this, "edit/shift", engineDefaults().shift),
      solver(this, "edit/solver", q(engineDefaults().solver)),
      guidanceLow(this, "edit/guidance_low", engineDefaults().guidanceLow),
      guidanceHigh(this, "edit/guidance_high", engineDefaults().guidanceHigh),
      negativePrompt(this, "edit/negative_prompt", q(engineDefaults().negativePrompt)),
      maxArea(this, "edit/max_area", qint64(engineDefaults().maxArea)),
      randomSeed(this, "edit/random_seed", false),
      seed(this, "edit/seed", quint64(engineDefaults().seed)),
      dropout(this, "edit/dropout", engineDefaults().dropout),
      dropoutK(this, "edit/dropout_k", engineDefaults().dropoutK),
      threshold(this, "edit/threshold", engineDefaults().threshold),
      anchor(this, "edit/anchor", q(engineDefaults().anchor)),
      positions(this, "edit/positions", q(engineDefaults().positions)),
      refine(this, "edit/refine", engineDefaults().refine),
      refineFrames(this, "edit/refine_frames", engineDefaults().refineFrames),
      vlmPreset(this, "vlm/preset", QString()),
      vlmBaseUrl(this, "vlm/base_url", QString()),
      vlmModel(this, "vlm/model", QString()),
      vlmMaxTokens(this, "vlm/max_tokens", kDefaultVlmMaxTokens),
      language(this, "ui/language", QString()),
      theme(this, "ui/theme", QString()),
      exportFolder(this, "ui/export_folder", QString()),
      windowGeometry(this, "ui/window_geometry", QByteArray()),
      windowState(this, "ui/window_state", QByteArray()) {}

AppSettings::~AppSettings() = default;

QString AppSettings::fileName() const { return store_->fileName(); }

bool AppSettings::sync() {
  store_->sync();
  return store_->status() == QSettings::NoError;
}

void AppSettings::restoreDefaults() {
  for (const auto& key : keys_)
    if (key != recentModelPaths.key() && key != exportFolder.key() && key != windowGeometry.key() &&
        key != windowState.key())
      remove(key);
}

QList<QPair<QString, QString>> AppSettings::languages() {
  // Native names on purpose: a user who cannot read the current language still finds their own.
  return {{QString(), QString()},
          {QStringLiteral("en"), QStringLiteral("English")},
          {QStringLiteral("de"), QStringLiteral("Deutsch")},
          {QStringLiteral("zh_CN"), QStringLiteral("简体中文")}};
}

QJsonObject AppSettings::editSettingsJson() const { return settingsToJson(editSettings(*this, nullptr)); }

bool AppSettings::applyEditSettingsJson(const QJsonObject& json, QString* error) {
  QString problem;
  const auto restored = settingsFromJson(json, editSettings(*this, nullptr), &problem);
  if (!problem.isEmpty()) {
    if (error) *error = problem;
    return false;
  }
  storeEditSettings(*this, restored);
  // A restored edit should reproduce: its seed is fixed from now on.
  if (json.contains(QLatin1String("seed"))) randomSeed.setValue(false);
  return true;
}

VlmEndpoint AppSettings::vlmEndpoint(const QString& apiKey) const {
  VlmEndpoint endpoint;
  if (!vlmBaseUrl().trimmed().isEmpty()) endpoint.baseUrl = normalizedVlmBaseUrl(vlmBaseUrl());
  endpoint.model = vlmModel().trimmed();
  endpoint.apiKey = apiKey;
  endpoint.maxTokens = std::clamp(vlmMaxTokens(), kMinVlmMaxTokens, kMaxVlmMaxTokens);
  return endpoint;
}

void AppSettings::rememberModelPath(const QString& path) {
  if (path.isEmpty()) return;
  QStringList list = recentModelPaths();
  list.removeAll(path);
  list.prepend(path);
  while (list.size() > kMaxRecentModelPaths) list.removeLast();
  recentModelPaths.setValue(list);
}

QVariant AppSettings::read(const QString& key) const { return store_->value(key); }

void AppSettings::write(const QString& key, const QVariant& value) {
  store_->setValue(key, value);
  Q_EMIT changed(key);
}

void AppSettings::remove(const QString& key) {
  if (!store_->contains(key)) return;
  store_->remove(key);
  Q_EMIT changed(key);
}

}  // namespace ifedit::app
