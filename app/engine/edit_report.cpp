#include "app/engine/edit_report.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QStringList>

#include "app/app_info.h"
#include "app/engine/settings_json.h"

namespace ifedit::app {
namespace {

QJsonArray toArray(const std::vector<int64_t>& v) {
  QJsonArray a;
  for (auto x : v) a.append(double(x));
  return a;
}
QJsonArray toArray(const std::vector<int>& v) {
  QJsonArray a;
  for (auto x : v) a.append(x);
  return a;
}
QJsonArray toArray(const std::vector<double>& v) {
  QJsonArray a;
  for (auto x : v) a.append(x);
  return a;
}
QString fileNameOf(const std::string& path) { return QFileInfo(QString::fromStdString(path)).fileName(); }

QJsonObject toObject(const std::vector<std::pair<std::string, double>>& timings) {
  QJsonObject o;
  for (const auto& [k, v] : timings) o.insert(QString::fromStdString(k), v);
  return o;
}


// The model as records name it: the engine's identity ends in " @ <the folder it was loaded
// from>"; exported pictures travel, so they name that folder, not the user's path to it.
QString recordedIdentity(const std::string& identity) {
  QString text = QString::fromStdString(identity);
  const qsizetype at = text.lastIndexOf(QLatin1String(" @ "));
  if (at < 0) return text;
  QString folder = text.mid(at + 3);
  while (folder.size() > 1 && (folder.endsWith(QLatin1Char('/')) || folder.endsWith(QLatin1Char('\\')))) folder.chop(1);
  return text.left(at + 3) + QFileInfo(folder).fileName();
}

}  // namespace

bool recordShowsRandomWeights(const QJsonObject& record) {
  for (QJsonObject r = record; !r.isEmpty(); r = r.value(QLatin1String("source_edit")).toObject()) {
    if (r.contains(QLatin1String("warning"))) return true;
    if (r.value(QLatin1String("model")).toObject().value(QLatin1String("random_weights")).toBool()) return true;
  }
  return false;
}

QJsonObject editReport(const EditRecord& r, bool withTimings) {
  QJsonObject report{
      {"generator", applicationName() + QLatin1Char(' ') + applicationVersion()},
      // The picture's file name, like the LoRAs': exported pictures travel, the user's folders need not.
      {"source", QFileInfo(r.sourcePath).fileName()},
      {"instruction", r.instruction},
      {"prompt", r.prompt},
      {"prompt_source", r.promptSource},
  };
  if (!r.promptModel.isEmpty()) report.insert("prompt_model", r.promptModel);
  if (!r.sourceEdit.isEmpty()) report.insert("source_edit", r.sourceEdit);
  if (const auto* e = r.evolution) {
    report.insert("seed", QString::number(e->seed));
    QJsonObject settings = settingsToJson(e->settings);
    // The refinement follows the settings of its own time (they may have changed since the
    // evolution): the record says what it did, so a restored edit reproduces it.
    if (const auto* res = r.result) {
      settings.insert("refine", res->refined);
      if (res->refined && res->refineFrames > 0) settings.insert("refine_frames", res->refineFrames);
    }
    report.insert("settings", settings);
    // The front end adjusts the settings before the engine sees them (frames 32 -> 33, the demo's
    // working size): its lines come first, the engine's (if any were left) after.
    QJsonArray adjustments;
    for (const auto& a : r.adjustments) adjustments.append(a);
    for (const auto& a : e->adjustments) adjustments.append(QString::fromStdString(a));
    report.insert("adjustments", adjustments);
    QJsonObject model{{"identity", recordedIdentity(e->model.identity)},
                      {"layout", QString::fromStdString(e->model.layout)},
                      {"device", QString::fromStdString(e->model.device)},
                      {"precision", QString::fromStdString(e->model.precision)},
                      {"memory_mode", QString::fromStdString(e->model.memoryMode)},
                      {"random_weights", e->model.randomWeights}};
    // A LoRA changes the picture entirely: the record names it (file name only: exported pictures
    // travel, the user's folders need not).
    if (!e->model.loraHigh.empty()) model.insert("lora_high", fileNameOf(e->model.loraHigh));
    if (!e->model.loraLow.empty()) model.insert("lora_low", fileNameOf(e->model.loraLow));
    if (!e->model.loraHigh.empty() || !e->model.loraLow.empty()) model.insert("lora_strength", e->model.loraStrength);
    report.insert("model", model);
    report.insert("working_size", QJsonArray{e->width, e->height});
    QJsonObject evolution{{"frames", int(e->frames.size())},
                          {"kept_latent_frames", toArray(e->keptLatentFrames)},
                          {"dropout_step", e->dropoutStep},
                          {"candidates", toArray(e->candidates)},
                          {"candidate_scores", toArray(e->candidateScores)},
                          {"pick", e->pick}};
    if (withTimings) evolution.insert("timings_s", toObject(e->timings));
    report.insert("evolution", evolution);
    if (e->model.randomWeights)
      report.insert("warning", QStringLiteral("random-weight output (demo model set)"));
    else if (recordShowsRandomWeights(r.sourceEdit))
      report.insert("warning", QStringLiteral("random-weight output (its source is the demo model set's output)"));
  }
  if (const auto* res = r.result) {
    QJsonObject refinement{{"refined", res->refined},
                           {"chosen_frame", res->chosenFrame},
                           {"static_prompt", r.staticPrompt},
                           {"frames", int(res->frames.size())},
                           {"kept_latent_frames", toArray(res->keptLatentFrames)},
                           {"scores_frames_1_to_end", toArray(res->scores)},
                           {"pick", res->pick}};
    if (withTimings) refinement.insert("timings_s", toObject(res->timings));
    report.insert("refinement", refinement);
  }
  return report;
}

QString parametersText(const EditRecord& r) {
  QString text = r.prompt;
  if (const auto* e = r.evolution) {
    const auto& s = e->settings;
    text += QStringLiteral("\nSteps: %1, Sampler: %2, Shift: %3, CFG scale: %4/%5, Seed: %6, Size: %7x%8, "
                           "Frames: %9, TLD K: %10, Threshold: %11, Model: %12")
                .arg(s.steps)
                .arg(QString::fromStdString(s.solver))
                .arg(s.shift)
                .arg(s.guidanceLow)
                .arg(s.guidanceHigh)
                .arg(e->seed)
                .arg(e->width)
                .arg(e->height)
                .arg(s.frames)
                .arg(s.dropout ? s.dropoutK : 1)
                .arg(s.threshold)
                .arg(recordedIdentity(e->model.identity));
    if (!e->model.loraHigh.empty() || !e->model.loraLow.empty()) {
      QStringList loras;
      if (!e->model.loraHigh.empty()) loras << fileNameOf(e->model.loraHigh) + QStringLiteral(" (high noise)");
      if (!e->model.loraLow.empty()) loras << fileNameOf(e->model.loraLow) + QStringLiteral(" (low noise)");
      // One arg() call: a file name holding "%2" (URL-encoded downloads) must not take the strength.
      text += QStringLiteral(", LoRA: %1, LoRA strength: %2")
                  .arg(loras.join(QStringLiteral(" + ")), QString::number(e->model.loraStrength));
    }
    if (e->model.memoryMode == "fp8" || e->model.memoryMode == "lowvram") text += QStringLiteral(", Weights: FP8");
    if (e->model.randomWeights) text += QStringLiteral(", random-weight output");
    else if (recordShowsRandomWeights(r.sourceEdit)) text += QStringLiteral(", random-weight output (from its source)");
  }
  return text;
}

}  // namespace ifedit::app
