// Dropping an exported PNG back onto the app restores the edit it came from (issue 6 item 6).
#include <QCoreApplication>
#include <QFileInfo>

#include "app/engine/parameters_convert.h"
#include "app/engine/settings_json.h"
#include "app/export/edit_metadata.h"
#include "app/session/edit_session.h"
#include "app/session/parameter_checks.h"

namespace ifedit::app {
namespace {

EditParameters withSettings(const QJsonObject& settings, const EditParameters& base, QString* typeError = nullptr) {
  return fromEngineSettings(settingsFromJson(settings, toEngineSettings(base), typeError), base);
}

// The LoRAs the edit was made with that are not set now (a LoRA changes the picture entirely, so
// the restored settings alone do not reproduce it), as "file (high-noise expert)".
QStringList lorasNotSetNow(const QJsonObject& report, const ModelSetup& now) {
  const QJsonObject model = report.value(QStringLiteral("model")).toObject();
  QStringList missing;
  const auto check = [&](const char* key, const QString& current, const QString& expert) {
    const QString used = model.value(QLatin1String(key)).toString();
    if (!used.isEmpty() && used != QFileInfo(current).fileName()) missing << QStringLiteral("%1 (%2)").arg(used, expert);
  };
  check("lora_high", now.loraHigh, QCoreApplication::translate("ifedit::app::RunProgress", "high-noise expert"));
  check("lora_low", now.loraLow, QCoreApplication::translate("ifedit::app::RunProgress", "low-noise expert"));
  return missing;
}

}  // namespace

EditSession::Restored EditSession::restoreEditFrom(const QString& path, QString* problem) {
  QString error;
  bool found = false;
  const auto restored = readEditMetadata(path, &error, &found);
  if (!restored) {
    // A plain picture just opens; damaged metadata is worth a sentence.
    if (found && problem) *problem = error;
    return Restored::Nothing;
  }
  if (!restored->fromIfEdit) {
    // Another tool's text-to-image settings (CFG 7, 20 steps, its negative prompt and seed) would
    // ruin a Wan run and become the stored settings: only the prompt comes back.
    if (restored->prompt.isEmpty()) return Restored::Nothing;
    setPromptInternal(restored->prompt, kPromptFromUser, QString());
    return Restored::PromptOnly;
  }
  if (!restored->report.isEmpty() && hasSource()) {
    // The dropped picture is the result its record describes: an edit of it continues that chain
    // (its record and export name say so, and a chain from the demo stays random-weight output).
    sourceEdit_ = restored->report;
    QJsonObject first = sourceEdit_;
    while (first.value(QLatin1String("source_edit")).isObject()) first = first.value(QLatin1String("source_edit")).toObject();
    // Older records held the whole path: the name alone.
    const QString name = QFileInfo(first.value(QLatin1String("source")).toString()).fileName();
    if (!name.isEmpty()) originalName_ = name;
  }
  if (!restored->instruction.isEmpty()) setInstruction(restored->instruction);
  if (!restored->prompt.isEmpty()) {
    setPromptInternal(restored->prompt, restored->promptSource.isEmpty() ? kPromptFromUser : restored->promptSource,
                      restored->promptModel);
    promptInstruction_ = restored->instruction;  // the written prompt's own instruction
  }
  QJsonObject settings = restored->settings;
  // The demo model runs at a small working size of its own: not a setting for real weights.
  if (restored->randomWeights) settings.remove(QStringLiteral("max_area"));
  QString typeError;
  EditParameters parameters = withSettings(settings, parameters_, &typeError);
  if (restored->seed) {
    parameters.seed = *restored->seed;
    parameters.randomSeed = false;  // the point of restoring is to reproduce the edit
  }
  QStringList notes;  // what the restored settings leave out or cannot bring back
  EditParameters adjusted;
  if (checkEditParameters(parameters, nullptr, nullptr, &adjusted)) {
    parameters = adjusted;
  } else {
    // A hand-edited or damaged file: each value that the engine would refuse is left out.
    parameters = parameters_;
    QStringList refused;
    for (auto it = settings.constBegin(); it != settings.constEnd(); ++it) {
      EditParameters one = withSettings(QJsonObject{{it.key(), it.value()}}, parameters);
      QString why;
      if (checkEditParameters(one, &why, nullptr, &adjusted)) parameters = adjusted;
      else refused << QStringLiteral("%1 (%2)").arg(it.key(), why);
    }
    if (restored->seed) {
      parameters.seed = *restored->seed;
      parameters.randomSeed = false;
    }
    if (!refused.isEmpty())
      notes << tr("%1: left out what the engine would refuse: %2").arg(path, refused.join(QStringLiteral("; ")));
  }
  // Values of the wrong type (a hand-edited sidecar's "steps": "12") are skipped: said, not silent.
  if (!typeError.isEmpty()) notes << tr("%1: left out %2").arg(path, typeError);
  if (const QStringList loras = lorasNotSetNow(restored->report, modelSetup_); !loras.isEmpty())
    notes << tr("%1 was made with LoRAs that are not set now: %2; the result will differ (Settings ▸ Model)")
                 .arg(QFileInfo(path).fileName(), loras.join(QStringLiteral(", ")));
  if (problem) *problem = notes.join(QStringLiteral(" \u00b7 "));
  setParameters(parameters);
  return Restored::Edit;
}

}  // namespace ifedit::app
