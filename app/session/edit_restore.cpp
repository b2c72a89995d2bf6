// Dropping an exported PNG back onto the app restores the edit it came from (issue 6 item 6).
#include "app/engine/parameters_convert.h"
#include "app/engine/settings_json.h"
#include "app/export/edit_metadata.h"
#include "app/session/edit_session.h"

namespace ifedit::app {

bool EditSession::restoreEditFrom(const QString& path) {
  const auto restored = readEditMetadata(path);
  if (!restored) return false;
  if (!restored->instruction.isEmpty()) setInstruction(restored->instruction);
  if (!restored->prompt.isEmpty())
    setPromptInternal(restored->prompt, restored->promptSource.isEmpty() ? kPromptFromUser : restored->promptSource,
                      QString());
  EditParameters parameters = parameters_;
  const api::EditSettings settings = settingsFromJson(restored->settings, toEngineSettings(parameters));
  parameters = fromEngineSettings(settings, parameters);
  if (restored->seed) {
    parameters.seed = *restored->seed;
    parameters.randomSeed = false;  // the point of restoring is to reproduce the edit
  }
  setParameters(parameters);
  return true;
}

}  // namespace ifedit::app
