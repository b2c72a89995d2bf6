#pragma once
// AppSettings <-> what EditSession takes (EditParameters, ModelSetup, VlmEndpoint): the settings
// feed the session at start-up and after the settings dialog's OK; edits restored into the session
// (a dropped PNG) are stored back so they persist.
#include "app/session/edit_parameters.h"
#include "app/settings/app_settings.h"

namespace ifedit::app {

class EditSession;

EditParameters editParameters(const AppSettings& settings);
void storeEditParameters(AppSettings& settings, const EditParameters& parameters);

// "demo" when useDemoModel is on, else modelPath; LoRAs, device and precision as stored.
ModelSetup modelSetup(const AppSettings& settings);

// Model setup, parameters and VLM endpoint (with `apiKey`) into the session.
void applySettings(const AppSettings& settings, EditSession& session, const QString& apiKey);

}  // namespace ifedit::app
