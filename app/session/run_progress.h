#pragma once
// Progress of an engine run as the UI shows it: the stage, step i/N, the active expert and an
// estimate of the time left from the step times seen so far. Pure bookkeeping, fed by the session.
#include <QList>
#include <QMetaType>
#include <QString>

namespace ifedit::app {

enum class RunStage { Idle, LoadingModels, EncodingText, EncodingImage, Denoising, Decoding, Scoring, Refining, Done };

QString runStageText(RunStage stage);  // "Denoising", ... (translated)

struct StepProgress {
  int index = 0;  // 0-based
  int total = 0;
  double timestep = 0;
  bool highExpert = true;
  bool refining = false;
};

class RunProgress {
 public:
  // A new run (evolve or refine) starts at `nowMs`.
  void start(qint64 nowMs, bool refining);
  void setStage(RunStage stage, const QString& detail, qint64 nowMs);
  // A denoising step finished at `nowMs`.
  void stepDone(const StepProgress& step, qint64 nowMs);
  void finish();

  RunStage stage() const { return stage_; }
  QString detail() const { return detail_; }
  bool running() const { return running_; }
  bool refining() const { return refining_; }
  int step() const { return step_; }    // steps done
  int steps() const { return steps_; }  // 0 until the first step reports
  bool highExpert() const { return highExpert_; }
  QString expertText() const;  // "high-noise expert" / "low-noise expert"; empty before the first step
  // Seconds left, from the mean time of the steps so far (the first step is excluded when later
  // ones exist: it carries warm-up). Negative when unknown.
  double secondsLeft() const;
  double elapsedSeconds(qint64 nowMs) const;
  // 0..1 for a progress bar: denoising steps, with a little room for decoding afterwards.
  double fraction() const;
  // One line: "Denoising · step 3/8 · high-noise expert · about 12 s left".
  QString summary() const;

 private:
  RunStage stage_ = RunStage::Idle;
  QString detail_;
  bool running_ = false;
  bool refining_ = false;
  qint64 startMs_ = 0;
  qint64 lastStepMs_ = 0;
  int step_ = 0;
  int steps_ = 0;
  bool highExpert_ = true;
  QList<qint64> stepMs_;  // duration of each step
};

}  // namespace ifedit::app

Q_DECLARE_METATYPE(ifedit::app::StepProgress)
Q_DECLARE_METATYPE(ifedit::app::RunStage)
