#include "app/session/parameter_checks.h"

#include <stdexcept>

#include "app/engine/parameters_convert.h"
#include "app/engine/settings_json.h"

namespace ifedit::app {

bool checkEditParameters(const EditParameters& parameters, QString* error, QStringList* adjustments,
                         EditParameters* adjusted) {
  try {
    std::vector<std::string> lines;
    const api::EditSettings valid = api::validateSettings(toEngineSettings(parameters), &lines);
    if (adjusted) *adjusted = fromEngineSettings(valid, parameters);
    if (adjustments) {
      adjustments->clear();
      for (const auto& l : lines) adjustments->append(QString::fromStdString(l));
    }
    if (error) error->clear();
    return true;
  } catch (const std::exception& e) {
    if (error) *error = QString::fromUtf8(e.what());
    return false;
  }
}

QJsonObject parametersToJson(const EditParameters& parameters) {
  QJsonObject json = settingsToJson(toEngineSettings(parameters));
  json.insert(QStringLiteral("random_seed"), parameters.randomSeed);
  return json;
}

EditParameters parametersFromJson(const QJsonObject& json, const EditParameters& base, QString* error) {
  EditParameters p = fromEngineSettings(settingsFromJson(json, toEngineSettings(base), error), base);
  if (const auto v = json.value(QStringLiteral("random_seed")); v.isBool()) p.randomSeed = v.toBool();
  return p;
}

}  // namespace ifedit::app
