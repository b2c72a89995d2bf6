#pragma once
// Edit settings <-> JSON, for reports, exported metadata and restoring an edit from a PNG.
#include <QJsonObject>
#include <QJsonValue>
#include <optional>

#include "api/engine.h"

namespace ifedit::app {

QJsonObject settingsToJson(const api::EditSettings& settings);
// Keys that are absent keep the value of `base`; values of the wrong type are reported in *error.
api::EditSettings settingsFromJson(const QJsonObject& json, const api::EditSettings& base, QString* error = nullptr);
// A seed as reports write it: a decimal string (every 64-bit value) or a JSON number in [0, 2^64);
// nothing for anything else.
std::optional<quint64> seedFromJson(const QJsonValue& value);

}  // namespace ifedit::app
