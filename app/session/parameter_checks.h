#pragma once
// The engine's checks of edit parameters, callable from ui/ (which cannot see the engine): values
// that would be adjusted (frames to 4n+1, ...) and values that cannot be used.
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include "app/session/edit_parameters.h"

namespace ifedit::app {

// False with *error (one sentence) when the engine would refuse the parameters; *adjustments gets a
// line per value the engine will change and *adjusted the values it will use.
bool checkEditParameters(const EditParameters& parameters, QString* error, QStringList* adjustments = nullptr,
                         EditParameters* adjusted = nullptr);

// The parameters as the JSON of exported metadata and reports (same keys as the CLI's report).
QJsonObject parametersToJson(const EditParameters& parameters);
// Keys that are absent keep `base`; wrongly typed values are named in *error.
EditParameters parametersFromJson(const QJsonObject& json, const EditParameters& base, QString* error = nullptr);

}  // namespace ifedit::app
