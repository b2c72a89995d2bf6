#pragma once
// The one object the UI talks to (DESIGN.md §3, STYLE.md "app/"): it owns the state of an edit,
// walks the IF-Edit flow as a state machine and announces every change. Views read from it and
// send intents; they never reach the engine (which runs on the session's EngineWorker thread).
//
//   open image -> instruction -> requestRun(): the VLM (or the offline template) writes the
//   temporal prompt, streamed -> Reviewing: edit / regenerate / use the template / use the
//   instruction as is -> approvePrompt(): evolve on the worker (previews, frames, scores) ->
//   Picking: chooseFrame() overrides the pick -> requestRefine(): SCPR (or the frame itself when
//   refinement is off) -> Done: result, history entry -> useResultAsSource() chains the next edit.
//   cancel() (Esc) stops whatever runs and returns to the state before it.
#include <QElapsedTimer>
#include <QImage>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <memory>

#include "app/session/edit_parameters.h"
#include "app/session/image_loading.h"
#include "app/session/run_progress.h"
#include "app/vlm/vlm_endpoint.h"

class QUndoStack;

namespace ifedit::app {

class EditHistory;
class EngineThread;
class EngineWorker;
class EvolutionTimeline;
class PromptRewriter;
struct EditRunData;
struct ModelSummary;
struct RewriteResult;

class EditSession : public QObject {
  Q_OBJECT
  Q_PROPERTY(State state READ state NOTIFY stateChanged)
  Q_PROPERTY(QString instruction READ instruction WRITE setInstruction NOTIFY instructionChanged)
  Q_PROPERTY(QString prompt READ prompt WRITE setPrompt NOTIFY promptChanged)
  Q_PROPERTY(QString modelStatus READ modelStatus NOTIFY modelStatusChanged)

 public:
  // The steps of one edit, in the order the IF-Edit flow walks them (DESIGN.md §1).
  enum class State {
    Empty,        // no source image
    ImageLoaded,  // a source is open, the instruction can be typed
    Rewriting,    // the VLM turns the instruction into a temporal prompt (streamed)
    Reviewing,    // the user reviews/edits the rewritten prompt (or sees why the VLM failed)
    Evolving,     // the engine evolves the picture (previews and frames arrive)
    Picking,      // candidates scored, the user may override the pick
    Refining,     // SCPR on the chosen frame
    Done,         // a result exists
  };
  Q_ENUM(State)

  // Where the prompt came from (report values, as the CLI writes them).
  static inline const QString kPromptFromVlm = QStringLiteral("vlm");
  static inline const QString kPromptFromTemplate = QStringLiteral("offline-template");
  static inline const QString kPromptFromUser = QStringLiteral("user");

  // Refuse images above this many pixels before decoding them (about 16k x 16k), so a huge or lying
  // header fails with a message instead of exhausting memory.
  static constexpr qint64 kDefaultMaxImagePixels = kMaxSourcePixels;

  explicit EditSession(QObject* parent = nullptr);
  ~EditSession() override;

  // ---- Source image ----
  // openImage() reads the file (never writes it), applies its EXIF orientation and, on success,
  // replaces the source and starts a new edit (ImageLoaded). On failure the current source is
  // kept, lastError() says why (naming the file) and errorOccurred() is emitted. Refused while the
  // engine runs.
  bool openImage(const QString& path);
  // A picture that is not a file (pasted from the clipboard): `name` is what the title shows.
  bool setSourceImage(const QImage& image, const QString& name);
  bool hasSource() const { return !source_.isNull(); }
  const QImage& sourceImage() const { return source_; }
  QString sourcePath() const { return sourcePath_; }
  // The picture a chain of edits started from ("Use Result as Source" keeps them): its file is
  // never an export target, and its size is what "export at the source's size" means.
  QString originalSourcePath() const { return originalPath_; }
  QSize originalSourceSize() const { return originalSize_; }
  QString originalSourceName() const { return originalName_; }  // its file name, or "Pasted image"
  // Where the source stands in its chain: 1 for a picture that was opened, 2 for the result of an
  // edit of it, and so on.
  int chainPosition() const;
  QString sourceName() const { return sourceName_; }
  QString lastError() const { return lastError_; }
  qint64 maxImagePixels() const { return maxImagePixels_; }
  void setMaxImagePixels(qint64 pixels);

  // ---- Instruction and prompt ----
  QString instruction() const { return instruction_; }
  void setInstruction(const QString& text);
  // The temporal prompt the engine will get. Editing it by hand makes its source "user".
  QString prompt() const { return prompt_; }
  void setPrompt(const QString& text);
  // An image exported by this app (or ifedit-cli) carries its edit: restores instruction, prompt,
  // settings and seed from it (values the engine would refuse are left out and named in
  // *problem). Another tool's `parameters` text gives back its prompt only. Nothing changes when
  // the file holds no edit metadata (*problem says why when it holds damaged metadata).
  enum class Restored { Nothing, PromptOnly, Edit };
  Restored restoreEditFrom(const QString& path, QString* problem = nullptr);
  QString promptSource() const { return promptSource_; }  // kPromptFrom...; empty before a rewrite
  QString promptModel() const { return promptModel_; }    // the VLM's model, when it wrote the prompt
  QString promptOrigin() const;  // for the review panel: "Written by the VLM (qwen…)", ...
  // Who wrote a prompt (kPromptFrom..., the VLM's model) in words; an unknown source as it is.
  static QString promptSourceText(const QString& source, const QString& model);
  // Writing the prompt again (Regenerate, the template, Ctrl+Enter in the instruction) would throw
  // away words the user typed into it that no run has used yet: the window asks first then.
  bool rewriteWouldLoseEdits() const;
  // Going to an edit of the history brings back its instruction and prompt: this says whether
  // that replaces words typed into either that no run has used yet.
  bool revisitWouldLoseWords() const;
  // Why the VLM gave no prompt (empty when it did); the review panel offers the template then.
  QString rewriteError() const { return rewriteError_; }
  // The failed rewrite was the offline template's (not the VLM's).
  bool rewriteErrorFromTemplate() const { return rewriteErrorFromTemplate_; }
  QStringList rewriteWarnings() const { return rewriteWarnings_; }
  QString rewriteActivity() const { return rewriteActivity_; }  // "connecting…", "retrying…"

  // ---- Configuration (the settings dialog and its persistence feed these) ----
  void setModelSetup(const ModelSetup& setup);
  ModelSetup modelSetup() const { return modelSetup_; }
  void setParameters(const EditParameters& parameters);
  EditParameters parameters() const { return parameters_; }
  void setVlmEndpoint(const VlmEndpoint& endpoint);
  VlmEndpoint vlmEndpoint() const { return vlmEndpoint_; }
  // Engine threads (default: cores - 1); for the benchmark and tests.
  void setEngineThreads(int threads);

  // ---- Model ----
  bool isModelConfigured() const { return modelSetup_.isSet(); }
  // First run: nothing configured, or a folder that is not a usable Wan2.2-I2V-A14B set, so the
  // window explains what to download (or offers the demo).
  bool needsModelSetup() const { return !isModelConfigured() || !modelProblem_.isEmpty(); }
  // What detection found wrong with the configured folder (empty: usable, not configured, or demo).
  QString modelProblem() const { return modelProblem_; }
  QString modelStatus() const { return modelStatus_; }
  QString modelIdentity() const { return modelIdentity_; }
  // The demo set (or a loaded model reporting random weights): every output says so.
  bool isRandomWeightModel() const;
  // Whether the pictures of the edit on screen come from random weights: the model that made
  // them, not the one configured now (the canvas badge, the timeline and exports say so).
  bool showsRandomWeightOutput() const;
  // `--demo`: the user asked for the random-weight demo model.
  bool demoRequested() const { return modelSetup_.isDemo(); }
  void setDemoRequested(bool demo);
  void useDemoModel() { setDemoRequested(true); }

  // ---- The flow ----
  // Whether requestRun() would start now, and if not, why (for tooltips).
  bool canRun() const;
  QString runBlockedReason() const;
  // Intent (Ctrl+Enter): the instruction becomes a temporal prompt (VLM, streamed; the offline
  // template when no VLM is configured) -> Reviewing. False with lastError() when it cannot start.
  bool requestRun();
  bool regeneratePrompt() { return requestRun(); }
  // After a VLM failure (or instead of waiting for it): the offline template writes the prompt.
  bool useOfflineTemplate();
  // Skip the rewrite: the instruction itself is the prompt, and the run starts.
  bool useInstructionAsPrompt();
  // Reviewing -> Evolving with the current prompt.
  bool canApprove() const;
  bool approvePrompt();
  // Picking/Done: refinement will start from `frame` of the evolution (undoable).
  bool chooseFrame(int frame);
  // Picking -> Refining (or straight to Done when refinement is off in the settings).
  bool canRefine() const;
  bool requestRefine();
  // Stops the rewrite or the engine run; the state, the prompt and a finished evolution a new run
  // replaced go back to what they were before.
  bool canCancel() const;
  void cancel();
  // Done: the result becomes the source of the next edit.
  bool useResultAsSource();
  // Shows history entry `index` again (its source, prompt, frames and result) as a Done edit.
  bool revisit(int index);
  int currentHistoryIndex() const { return currentHistoryIndex_; }
  // Forgets every history entry (their frames take tens of MB each, in memory until then) and the
  // undo steps that refer to them; what the canvas shows stays. Refused while an edit runs.
  bool clearHistory();
  // The history lives in memory only: what quitting now would lose, as a phrase ("an edit that
  // is running, 2 results that were not exported"); empty when nothing.
  QString workAtRisk() const;
  // An exported result is safe on disk (the export of history entry `index` succeeded).
  void noteResultExported(int index);

  bool isBusy() const { return state_ == State::Rewriting || state_ == State::Evolving || state_ == State::Refining; }
  State state() const { return state_; }
  const RunProgress& progress() const { return progress_; }

  EvolutionTimeline* timeline() const { return timeline_; }
  EditHistory* history() const { return history_; }
  QUndoStack* undoStack() const { return undoStack_; }

  // ---- What the canvas shows ----
  bool hasResult() const { return !result_.isNull(); }
  QImage resultImage() const { return result_; }
  bool resultRefined() const { return resultRefined_; }
  // The frame being looked at: an evolution frame, or -1 for "live" (the newest preview or frame
  // while running, the result when done, the chosen frame while picking).
  int viewedFrame() const { return viewedFrame_; }
  void setViewedFrame(int frame);
  QImage displayImage() const;
  bool displayIsEngineOutput() const;
  QString displayCaption() const;  // "Preview, step 3/8", "Frame 31 (pick)", "Result (refined)", ...
  // The newest image of the running refinement (preview or decoded frame), if any.
  QImage refinePreview() const { return refinePreview_; }

  // ---- For export and reports (the export dialog uses these) ----
  // The current edit as the CLI's --report JSON (instruction, prompts, seed, settings, model, ...);
  // empty without an evolution.
  QJsonObject editReport(bool withTimings = true) const;
  // A1111-style "parameters" text for the PNG tEXt chunk.
  QString parametersText() const;
  // The decoded evolution frames of the current edit, full size.
  QList<QImage> evolutionFrames() const;

 Q_SIGNALS:
  void sourceChanged();
  void instructionChanged(const QString& text);
  void promptChanged(const QString& text);
  void promptDelta(const QString& delta);  // streamed text, appended to prompt()
  void promptOriginChanged();              // source, model, error, warnings or activity changed
  void rewriteFailed(const QString& message);
  void promptWritten();  // a rewrite gave a prompt to review
  void stateChanged(ifedit::app::EditSession::State state);
  void modelStatusChanged(const QString& status);
  void parametersChanged();
  void progressChanged();
  void resultChanged();
  void displayChanged();
  void viewedFrameChanged(int frame);
  void errorOccurred(const QString& message);
  // The engine failed while running (also reported through errorOccurred): worth a message box.
  void runFailed(const QString& message);
  // A short note for the status line ("Evolution finished: pick frame 31, sharpness 912").
  void message(const QString& text);

 private:
  struct Run;        // the engine job in flight (ids, what to return to on cancel)
  struct ShownEdit;  // a finished edit on screen, kept to bring it back
  struct PromptState;  // the prompt and where it came from, kept while the VLM rewrites it

  EngineWorker* worker();
  void connectWorker(EngineWorker* worker);
  void setState(State state);
  void fail(const QString& message);
  void updateModelStatus();
  // Takes a checked picture as the new source (path empty when it came from memory).
  void adoptSource(QImage image, const QString& path, const QString& name);
  // Drops the last run's frames, result, previews and (unless kept) undo steps (no signals;
  // callers emit).
  void clearRunResult(bool keepUndoSteps = false);
  void resetEdit();
  // Checks runBlockedReason() (fails with it) and starts the prompt rewrite.
  bool startRewrite(bool offline);
  void launchRewrite(bool offline);
  void finishRewrite(const RewriteResult& result, quint64 rewriteId);
  void setPromptInternal(const QString& text, const QString& source, const QString& model);
  bool startEvolve();
  void dropRedoSteps();
  void applyChosenFrame(int frame);
  ShownEdit shownEdit() const;
  void restoreShownEdit(const ShownEdit& edit);
  void restorePromptBeforeRewrite();
  // A cancelled or failed engine run: back to where it started.
  void endRun(const Run& ended);
  void recordResult();
  void checkModelFolder();  // fills modelProblem_ for the configured folder
  void resetViewedFrame();  // back to the default view, said to listeners
  void setDisplayDirty();

  // Worker events (queued to this thread); stale job ids are ignored.
  void onModelReady(quint64 job, const ModelSummary& model);
  void onStage(quint64 job, RunStage stage, const QString& detail);
  void onLoadProgress(quint64 job, double fraction);
  void onStep(quint64 job, const StepProgress& step);
  void onDropout(quint64 job, const QList<int>& kept, int atStep);
  void onPreview(quint64 job, const StepProgress& step, const QImage& image);
  void onFrames(quint64 job, int first, const QList<QImage>& frames, const QList<QImage>& thumbs, bool refining);
  void onScores(quint64 job, const QList<int>& frames, const QList<double>& sharpness, int pick, bool refining);
  void onJobFailed(quint64 job, const QString& message);
  void onJobCancelled(quint64 job);

  QImage source_;
  QString sourcePath_;
  QString originalPath_;
  QSize originalSize_;
  QString originalName_;
  QJsonObject sourceEdit_;  // chained: the report of the edit whose result is the source
  QString sourceName_;
  QString instruction_;
  QString prompt_;
  QString promptSource_;
  QString promptModel_;
  QString rewriteError_;
  bool rewriteErrorFromTemplate_ = false;
  bool rewriteOffline_ = false;   // the rewrite in flight asked the template
  QString rewriteInstruction_;    // the instruction the rewrite in flight was given
  QString promptInstruction_;     // the instruction the VLM / template wrote the prompt from
  QStringList rewriteWarnings_;
  QString rewriteActivity_;
  QString lastError_;
  QString modelStatus_;
  QString modelProblem_;
  QString modelIdentity_;
  QString modelRunsOn_;  // "cuda:0, bf16, swap" once loaded
  bool modelRandomWeights_ = false;
  State state_ = State::Empty;
  qint64 maxImagePixels_ = kDefaultMaxImagePixels;

  ModelSetup modelSetup_;
  EditParameters parameters_;
  VlmEndpoint vlmEndpoint_;
  int engineThreads_ = 0;  // 0: the worker's default

  PromptRewriter* rewriter_ = nullptr;
  quint64 rewriteId_ = 0;       // the rewrite whose answer is awaited (0: none)
  State stateBeforeRewrite_ = State::ImageLoaded;
  std::unique_ptr<PromptState> promptBeforeRewrite_;
  std::unique_ptr<EngineThread> engine_;
  std::unique_ptr<Run> run_;
  RunProgress progress_;
  QElapsedTimer clock_;  // time base of progress_
  int lastArrivedFrame_ = -1;
  quint64 rewriteCounter_ = 0;
  quint64 rewriteInFlight_ = 0;  // the rewrite the VLM client is busy with (0: none)
  bool rewritePending_ = false;  // a new rewrite waits for the cancelled one to end
  bool rewritePendingOffline_ = false;

  EvolutionTimeline* timeline_ = nullptr;
  EditHistory* history_ = nullptr;
  QUndoStack* undoStack_ = nullptr;
  std::shared_ptr<EditRunData> current_;  // the evolution (and result) shown now
  QImage result_;
  bool resultRefined_ = false;
  QImage refinePreview_;
  QImage livePreview_;
  int viewedFrame_ = -1;
  int currentHistoryIndex_ = -1;
  int currentEditNumber_ = 0;  // the history number of the finished edit on screen (0: none)
  EditParameters usedParameters_;  // of the current evolution (seed drawn, adjustments applied)

  friend class ChooseFrameCommand;
};

}  // namespace ifedit::app
