#pragma once
// Everything that describes one edit, as JSON: the CLI's --report, the metadata of exported images,
// and what dropping such a PNG back onto the app restores.
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include "api/engine.h"

namespace ifedit::app {

struct EditRecord {
  QString sourcePath;
  QString instruction;
  QString prompt;          // the approved temporal prompt
  QString promptSource;    // "user", "vlm", "offline-template"
  QString promptModel;     // VLM model name, when a VLM wrote it
  QStringList adjustments; // what the front end changed before the engine saw the settings
  const api::Evolution* evolution = nullptr;
  const api::RefineResult* result = nullptr;  // may be null (no refinement yet)
  QString staticPrompt;
  // A chained edit: the record of the edit whose result was its source (itself perhaps chained).
  QJsonObject sourceEdit;
};

// Whether an edit record says its pictures are random-weight output: made by the demo model set,
// or chained from a result that was (its `source_edit` records, however deep).
bool recordShowsRandomWeights(const QJsonObject& record);

// withTimings false: what goes into exported images, so equal edits give byte-equal files.
QJsonObject editReport(const EditRecord& record, bool withTimings = true);

// A1111-style "parameters" text: prompt line, then "Steps: 8, Sampler: euler, ..." (PNG tEXt).
QString parametersText(const EditRecord& record);

}  // namespace ifedit::app
