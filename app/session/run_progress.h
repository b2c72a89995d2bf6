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
  // While models load: the fraction of the set's weights read (0..1) at `nowMs`.
  void setLoadFraction(double fraction, qint64 nowMs);
  double loadFraction() const { return loadFraction_; }
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
  // 0..1 for a progress bar: while models load, how much of them is read; then denoising steps,
  // with a little room for decoding afterwards.
  double fraction() const;
  // Whether a bar should show "busy" rather than fraction(): between the models' load (whose bar
  // filled) and the end of the first step — encoding, the first (slowest) step — there is nothing
  // to count, and an empty bar would look like going back.
  bool indeterminate() const;
  // One line: "Denoising · step 3/8 · high-noise expert · about 12 s left", "Loading models:
  // low-noise expert · 62 % · about 40 s left".
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
  double loadFraction_ = 0;
  qint64 loadStartMs_ = -1;  // when the first load fraction arrived, and what it was
  double loadStartFraction_ = 0;
  qint64 loadLastMs_ = 0;
};

}  // namespace ifedit::app

Q_DECLARE_METATYPE(ifedit::app::StepProgress)
Q_DECLARE_METATYPE(ifedit::app::RunStage)
