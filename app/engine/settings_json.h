#pragma once
// Edit settings <-> JSON, for reports, exported metadata and restoring an edit from a PNG.
#include <QJsonObject>

#include "api/engine.h"

namespace ifedit::app {

QJsonObject settingsToJson(const api::EditSettings& settings);
// Keys that are absent keep the value of `base`; values of the wrong type are reported in *error.
api::EditSettings settingsFromJson(const QJsonObject& json, const api::EditSettings& base, QString* error = nullptr);

}  // namespace ifedit::app
