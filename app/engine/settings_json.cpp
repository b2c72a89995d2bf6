#include "app/engine/settings_json.h"

#include <QJsonValue>

namespace ifedit::app {

QJsonObject settingsToJson(const api::EditSettings& s) {
  return QJsonObject{
      {"frames", s.frames},
      {"steps", s.steps},
      {"shift", s.shift},
      {"solver", QString::fromStdString(s.solver)},
      {"guidance_low", s.guidanceLow},
      {"guidance_high", s.guidanceHigh},
      {"negative_prompt", QString::fromStdString(s.negativePrompt)},
      {"max_area", double(s.maxArea)},
      {"seed", QString::number(s.seed)},  // 64-bit: a string keeps every digit
      {"dropout", s.dropout},
      {"dropout_k", s.dropoutK},
      {"threshold", s.threshold},
      {"anchor", QString::fromStdString(s.anchor)},
      {"positions", QString::fromStdString(s.positions)},
      {"refine", s.refine},
      {"refine_frames", s.refineFrames},
  };
}

api::EditSettings settingsFromJson(const QJsonObject& j, const api::EditSettings& base, QString* error) {
  api::EditSettings s = base;
  QStringList bad;
  auto num = [&](const char* key, auto& field) {
    if (!j.contains(QLatin1String(key))) return;
    const auto v = j.value(QLatin1String(key));
    if (!v.isDouble()) {
      bad << QLatin1String(key);
      return;
    }
    field = static_cast<std::remove_reference_t<decltype(field)>>(v.toDouble());
  };
  auto str = [&](const char* key, std::string& field) {
    if (!j.contains(QLatin1String(key))) return;
    const auto v = j.value(QLatin1String(key));
    if (!v.isString()) {
      bad << QLatin1String(key);
      return;
    }
    field = v.toString().toStdString();
  };
  auto flag = [&](const char* key, bool& field) {
    if (!j.contains(QLatin1String(key))) return;
    const auto v = j.value(QLatin1String(key));
    if (!v.isBool()) {
      bad << QLatin1String(key);
      return;
    }
    field = v.toBool();
  };
  num("frames", s.frames);
  num("steps", s.steps);
  num("shift", s.shift);
  str("solver", s.solver);
  num("guidance_low", s.guidanceLow);
  num("guidance_high", s.guidanceHigh);
  str("negative_prompt", s.negativePrompt);
  num("max_area", s.maxArea);
  if (j.contains(QLatin1String("seed"))) {
    bool ok = false;
    const auto v = j.value(QLatin1String("seed"));
    const quint64 seed = v.isString() ? v.toString().toULongLong(&ok) : quint64(v.toDouble());
    if (v.isString() && !ok) bad << QStringLiteral("seed");
    else s.seed = seed;
  }
  flag("dropout", s.dropout);
  num("dropout_k", s.dropoutK);
  num("threshold", s.threshold);
  str("anchor", s.anchor);
  str("positions", s.positions);
  flag("refine", s.refine);
  num("refine_frames", s.refineFrames);
  if (error) *error = bad.isEmpty() ? QString() : QStringLiteral("settings with the wrong type: ") + bad.join(QStringLiteral(", "));
  return s;
}

}  // namespace ifedit::app
