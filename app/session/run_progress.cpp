#include "app/session/run_progress.h"

#include <QCoreApplication>
#include <QLocale>
#include <cmath>
#include <numeric>

namespace ifedit::app {
namespace {

QString timeLeftText(double seconds) {
  return seconds < 90 ? QCoreApplication::translate("ifedit::app::RunProgress", "about %1 s left").arg(std::ceil(seconds))
                      : QCoreApplication::translate("ifedit::app::RunProgress", "about %1 min left")
                            .arg(QLocale().toString(seconds / 60.0, 'f', 1));
}

}  // namespace

QString runStageText(RunStage stage) {
  switch (stage) {
    case RunStage::Idle: return QCoreApplication::translate("ifedit::app::RunProgress", "Idle");
    case RunStage::LoadingModels: return QCoreApplication::translate("ifedit::app::RunProgress", "Loading models");
    case RunStage::EncodingText: return QCoreApplication::translate("ifedit::app::RunProgress", "Encoding the prompt");
    case RunStage::EncodingImage: return QCoreApplication::translate("ifedit::app::RunProgress", "Encoding the image");
    case RunStage::Denoising: return QCoreApplication::translate("ifedit::app::RunProgress", "Denoising");
    case RunStage::Decoding: return QCoreApplication::translate("ifedit::app::RunProgress", "Decoding frames");
    case RunStage::Scoring: return QCoreApplication::translate("ifedit::app::RunProgress", "Scoring sharpness");
    case RunStage::Refining: return QCoreApplication::translate("ifedit::app::RunProgress", "Refining");
    case RunStage::Done: return QCoreApplication::translate("ifedit::app::RunProgress", "Done");
  }
  return {};
}

void RunProgress::start(qint64 nowMs, bool refining) {
  *this = RunProgress();
  running_ = true;
  refining_ = refining;
  startMs_ = lastStepMs_ = nowMs;
  stage_ = refining ? RunStage::Refining : RunStage::LoadingModels;
}

void RunProgress::setStage(RunStage stage, const QString& detail, qint64 nowMs) {
  // The engine reports the denoising loop of a refinement as "denoising" too; the refinement
  // label stays, so the user knows which phase runs.
  stage_ = (refining_ && stage == RunStage::Denoising) ? RunStage::Refining : stage;
  detail_ = detail;
  // The first step's clock starts with the denoising loop: loading and encoding are not steps.
  if (stage == RunStage::Denoising && stepMs_.isEmpty()) lastStepMs_ = nowMs;
}

void RunProgress::setLoadFraction(double fraction, qint64 nowMs) {
  if (loadStartMs_ < 0) loadStartMs_ = nowMs, loadStartFraction_ = qBound(0.0, fraction, 1.0);
  loadLastMs_ = nowMs;
  loadFraction_ = qBound(0.0, fraction, 1.0);
}

void RunProgress::stepDone(const StepProgress& s, qint64 nowMs) {
  stepMs_.append(qMax<qint64>(0, nowMs - lastStepMs_));
  lastStepMs_ = nowMs;
  step_ = s.index + 1;
  steps_ = s.total;
  highExpert_ = s.highExpert;
  if (stage_ != RunStage::Refining) stage_ = RunStage::Denoising;
}

void RunProgress::finish() {
  running_ = false;
  stage_ = RunStage::Done;
}

QString RunProgress::expertText() const {
  if (steps_ == 0) return {};
  return highExpert_ ? QCoreApplication::translate("ifedit::app::RunProgress", "high-noise expert") : QCoreApplication::translate("ifedit::app::RunProgress", "low-noise expert");
}

double RunProgress::secondsLeft() const {
  if (steps_ == 0 || stepMs_.isEmpty()) return -1;
  const int left = steps_ - step_;
  if (left <= 0) return 0;
  // The first step carries warm-up (allocations, caches), so it only counts while it is alone.
  const auto from = stepMs_.size() > 1 ? stepMs_.begin() + 1 : stepMs_.begin();
  const double mean = double(std::accumulate(from, stepMs_.end(), qint64(0))) / double(stepMs_.end() - from);
  return left * mean / 1000.0;
}

double RunProgress::elapsedSeconds(qint64 nowMs) const { return double(nowMs - startMs_) / 1000.0; }

double RunProgress::fraction() const {
  if (!running_) return stage_ == RunStage::Done ? 1.0 : 0.0;
  if (stage_ == RunStage::LoadingModels) return loadFraction_;
  if (steps_ == 0) return 0.0;
  // Steps fill 90 %; decoding and scoring the rest.
  const double steps = 0.9 * double(step_) / double(steps_);
  // The engine reports Done just before the run hands its result over: the bar must not go back.
  if (step_ >= steps_ && stage_ == RunStage::Done) return 0.99;
  const bool pastSteps = step_ >= steps_ && (stage_ == RunStage::Decoding || stage_ == RunStage::Scoring);
  return pastSteps ? (stage_ == RunStage::Scoring ? 0.97 : 0.93) : steps;
}

bool RunProgress::indeterminate() const {
  return running_ && steps_ == 0 && stage_ != RunStage::LoadingModels;
}

QString RunProgress::summary() const {
  QStringList parts{runStageText(stage_)};
  if (stage_ == RunStage::LoadingModels && running_) {
    QString part = detail_;  // the engine's part names
    if (part == QLatin1String("high-noise expert")) part = QCoreApplication::translate("ifedit::app::RunProgress", "high-noise expert");
    else if (part == QLatin1String("low-noise expert")) part = QCoreApplication::translate("ifedit::app::RunProgress", "low-noise expert");
    else if (part == QLatin1String("text encoder")) part = QCoreApplication::translate("ifedit::app::RunProgress", "text encoder");
    if (!part.isEmpty()) parts.first() += QStringLiteral(": ") + part;
    if (loadFraction_ > 0) {
      parts << QCoreApplication::translate("ifedit::app::RunProgress", "%1 %").arg(int(loadFraction_ * 100));
      // From the rate since the first report, once 3 % more has been read: less is too little to
      // go by.
      const double elapsed = double(loadLastMs_ - loadStartMs_) / 1000.0, read = loadFraction_ - loadStartFraction_;
      if (read >= 0.03 && loadFraction_ < 1 && elapsed > 0) parts << timeLeftText(elapsed * (1 - loadFraction_) / read);
    }
    return parts.join(QStringLiteral(" \u00b7 "));
  }
  if (steps_ > 0 && running_) {
    parts << QCoreApplication::translate("ifedit::app::RunProgress", "step %1/%2").arg(step_).arg(steps_);
    if (step_ < steps_) parts << expertText();
    const double left = secondsLeft();
    if (left > 0 && step_ < steps_) parts << timeLeftText(left);
  }
  return parts.join(QStringLiteral(" \u00b7 "));
}

}  // namespace ifedit::app
