#include "app/engine/settings_json.h"

#include <QJsonValue>

#include <limits>
#include <string>
#include <type_traits>

namespace ifedit::app {

namespace {

// Whether `d` converts to the integer type T: casting a double outside T's range is undefined
// behaviour (a dropped PNG may carry any number).
template <typename T>
bool fitsInteger(double d) {
  return d >= static_cast<double>(std::numeric_limits<T>::min()) &&
         d < static_cast<double>(std::numeric_limits<T>::max()) + 1.0;
}

// Reads `key` into `field` when present. The JSON type must match the field's (string for
// std::string, bool for bool, number otherwise, within an integer field's range); a mismatch
// names the key in `bad` and leaves the field as it was.
template <typename T>
void readField(const QJsonObject& j, const char* key, T& field, QStringList& bad) {
  const QLatin1String k(key);
  if (!j.contains(k)) return;
  const QJsonValue v = j.value(k);
  if constexpr (std::is_same_v<T, std::string>) {
    if (v.isString()) {
      field = v.toString().toStdString();
      return;
    }
  } else if constexpr (std::is_same_v<T, bool>) {
    if (v.isBool()) {
      field = v.toBool();
      return;
    }
  } else {
    static_assert(std::is_arithmetic_v<T>, "settings fields are strings, flags or numbers");
    if (v.isDouble() && (std::is_floating_point_v<T> || fitsInteger<T>(v.toDouble()))) {
      field = static_cast<T>(v.toDouble());
      return;
    }
  }
  bad << k;
}

}  // namespace

std::optional<quint64> seedFromJson(const QJsonValue& v) {
  if (v.isString()) {
    bool ok = false;
    const quint64 seed = v.toString().toULongLong(&ok);
    return ok ? std::optional<quint64>(seed) : std::nullopt;
  }
  if (v.isDouble() && fitsInteger<quint64>(v.toDouble())) return quint64(v.toDouble());
  return std::nullopt;
}

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
  auto read = [&](const char* key, auto& field) { readField(j, key, field, bad); };
  read("frames", s.frames);
  read("steps", s.steps);
  read("shift", s.shift);
  read("solver", s.solver);
  read("guidance_low", s.guidanceLow);
  read("guidance_high", s.guidanceHigh);
  read("negative_prompt", s.negativePrompt);
  read("max_area", s.maxArea);
  if (j.contains(QLatin1String("seed"))) {
    if (const auto seed = seedFromJson(j.value(QLatin1String("seed")))) s.seed = *seed;
    else bad << QStringLiteral("seed");
  }
  read("dropout", s.dropout);
  read("dropout_k", s.dropoutK);
  read("threshold", s.threshold);
  read("anchor", s.anchor);
  read("positions", s.positions);
  read("refine", s.refine);
  read("refine_frames", s.refineFrames);
  if (error) *error = bad.isEmpty() ? QString() : QStringLiteral("settings with the wrong type or out of range: ") + bad.join(QStringLiteral(", "));
  return s;
}

}  // namespace ifedit::app
