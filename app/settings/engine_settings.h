#pragma once
// AppSettings <-> the engine's structs, for app/ code that drives the engine (session, worker,
// CLI). Not for ui/: this header includes the engine's API.
#include "api/engine.h"
#include "app/settings/app_settings.h"

namespace ifedit::app {

// The edit settings to run with. With randomSeed on, a fresh seed is drawn for each call and
// returned in *drawnSeed (the caller records it; nullptr: keep the stored seed).
api::EditSettings editSettings(const AppSettings& settings, quint64* drawnSeed = nullptr);
// Stores every field of `edit` (e.g. restored from a dropped PNG).
void storeEditSettings(AppSettings& settings, const api::EditSettings& edit);

// The model to load: "demo" when useDemoModel is on, else modelPath.
api::ModelOptions modelOptions(const AppSettings& settings);

}  // namespace ifedit::app
