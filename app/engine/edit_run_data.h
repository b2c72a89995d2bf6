#pragma once
// The engine's own records of one edit, kept by the session and its history so reports, exported
// metadata and a second refinement see exactly what ran. App-internal (engine types).
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include "app/engine/engine_worker.h"

namespace ifedit::app {

struct EditRunData {
  EvolutionPtr evolution;
  RefinePtr result;  // null until refined (or when the user has not finished the edit)
  QString staticPrompt;
  // What the report needs besides the engine's records, as they were when the run started.
  QString sourcePath;
  QString instruction;
  QString promptSource;
  QString promptModel;
  QStringList adjustments;  // what the session changed in the settings before the run
  QJsonObject sourceEdit;   // chained: the report of the edit whose result was the source
  ModelSetup model;  // what made the evolution; its refinement runs on the same model
};

}  // namespace ifedit::app
