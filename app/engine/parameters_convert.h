#pragma once
// EditParameters / ModelSetup <-> the engine's structs, and the engine's checks in Qt terms (for
// the session and the settings dialog). Only app/ sources include this (it pulls in core's API).
#include <QJsonObject>
#include <QStringList>

#include "api/engine.h"
#include "app/session/edit_parameters.h"

namespace ifedit::app {

api::EditSettings toEngineSettings(const EditParameters& parameters);
EditParameters fromEngineSettings(const api::EditSettings& settings, const EditParameters& base = {});
api::ModelOptions toModelOptions(const ModelSetup& setup);

}  // namespace ifedit::app
