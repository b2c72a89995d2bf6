#pragma once
// e. A PNG dropped on the editor (shared by fuzz_png_metadata and the replay test): its text
// chunks, the IF-Edit JSON or A1111 `parameters` text, and the settings restored from it.
#include <QString>

#include "app/engine/settings_json.h"
#include "app/export/edit_metadata.h"

namespace ifedit::fuzz {

// The error the editor would show (empty when the drop restores cleanly). `failedSilently` is set
// when the reader refused the file without saying why.
inline QString restoreFromDroppedPng(const QString& path, bool* failedSilently) {
  QString error;
  const auto restored = app::readEditMetadata(path, &error);
  *failedSilently = !restored && error.isEmpty();
  if (!restored) return error;
  app::settingsFromJson(restored->settings, api::EditSettings{}, &error);
  app::parseParametersText(restored->prompt);
  return error;
}

}  // namespace ifedit::fuzz
