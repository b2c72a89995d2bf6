#include "app/session/edit_session.h"

#include <QCoroTask>
#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QStringList>
#include <QUndoCommand>
#include <QUndoStack>
#include <optional>
#include <utility>

#include "app/engine/edit_report.h"
#include "app/engine/edit_run_data.h"
#include "app/engine/engine_worker.h"
#include "app/engine/image_convert.h"
#include "app/engine/parameters_convert.h"
#include "app/session/edit_history.h"
#include "app/session/evolution_timeline.h"
#include "app/session/image_loading.h"
#include "app/session/parameter_checks.h"
#include "app/settings/model_detection.h"
#include "app/vlm/prompt_rewriter.h"
#include "app/vlm/prompt_texts.h"

namespace ifedit::app {

// A finished edit on screen (Picking or Done): its frames, records and result.
struct EditSession::ShownEdit {
  State state = State::Picking;
  TimelineSnapshot timeline;
  std::shared_ptr<EditRunData> run;
  QImage result;
  bool refined = false;
  int historyIndex = -1;
  int editNumber = 0;  // its history number (kept when the history is cleared)
  EditParameters used;
};

// The prompt and its origin as they were before a rewrite replaced them (Esc brings them back).
struct EditSession::PromptState {
  QString prompt, source, model, rewriteError;
  QStringList warnings;
};

// The engine job in flight: which job, what it does, and where cancel/failure returns to.
struct EditSession::Run {
  enum class Kind { Evolve, Refine } kind;
  quint64 job = 0;
  State returnTo = State::Reviewing;
  // Evolve: what the edit records, as it was when the run started (the instruction box stays
  // editable meanwhile), and the finished edit it replaces, which cancel or failure brings back.
  QString instruction, promptSource, promptModel;
  QStringList adjustments;
  ModelSetup model;
  std::optional<ShownEdit> replaced;
};

// Overriding the pick is undoable (STYLE.md: the document owns the undo stack). Choosing another
// frame of a finished edit leaves Done; undo brings that result back.
class ChooseFrameCommand : public QUndoCommand {
 public:
  ChooseFrameCommand(EditSession* session, int from, int to, std::optional<EditSession::ShownEdit> done)
      : QUndoCommand(EditSession::tr("Choose frame %1").arg(to)),
        session_(session),
        from_(from),
        to_(to),
        done_(std::move(done)) {}
  void redo() override {
    if (undone_ && !session_->isBusy()) session_->restoreShownEdit(*std::exchange(undone_, std::nullopt));
    else session_->applyChosenFrame(to_);
  }
  void undo() override {
    // Undone after the refinement, the choice takes its result off the canvas: redo brings that
    // finished edit back, not only the choice.
    if (session_->state() == EditSession::State::Done) undone_ = session_->shownEdit();
    if (done_ && !session_->isBusy()) session_->restoreShownEdit(*done_);
    else session_->applyChosenFrame(from_);
  }

 private:
  EditSession* session_;
  int from_, to_;
  std::optional<EditSession::ShownEdit> done_;    // the finished edit this choice left
  std::optional<EditSession::ShownEdit> undone_;  // the finished edit undo left
};

EditSession::EditSession(QObject* parent)
    : QObject(parent),
      rewriter_(new PromptRewriter(this)),
      timeline_(new EvolutionTimeline(this)),
      history_(new EditHistory(this)),
      undoStack_(new QUndoStack(this)) {
  clock_.start();
  connect(rewriter_, &PromptRewriter::textDelta, this, [this](const QString& delta) {
    if (state_ != State::Rewriting || rewriteInFlight_ != rewriteId_ || rewriteId_ == 0) return;
    prompt_ += delta;
    Q_EMIT promptDelta(delta);
    Q_EMIT promptChanged(prompt_);
  });
  connect(rewriter_, &PromptRewriter::textDiscarded, this, [this] {
    if (state_ != State::Rewriting || rewriteInFlight_ != rewriteId_) return;
    prompt_.clear();
    Q_EMIT promptChanged(prompt_);
  });
  connect(rewriter_, &PromptRewriter::progress, this, [this](const QString& text) {
    if (rewriteInFlight_ != rewriteId_) return;
    rewriteActivity_ = text;
    Q_EMIT promptOriginChanged();
  });
  updateModelStatus();
}

EditSession::~EditSession() {
  // The VLM client abandons a request when destroyed; cancel it so its reply is torn down first.
  if (rewriter_->isBusy()) rewriter_->cancel();
  engine_.reset();  // cancel, quit, wait
}

// ---------------------------------------------------------------------------------------------
// Source

bool EditSession::openImage(const QString& path) {
  if (isBusy()) {
    fail(tr("Cannot open %1 while an edit runs; cancel it first (Esc).").arg(QFileInfo(path).fileName()));
    return false;
  }
  LoadedImage loaded = loadSourceImage(path, maxImagePixels_);
  if (!loaded.error.isEmpty()) {
    fail(loaded.error);
    return false;
  }
  adoptSource(std::move(loaded.image), path, QFileInfo(path).fileName());
  return true;
}

bool EditSession::setSourceImage(const QImage& image, const QString& name) {
  if (isBusy()) {
    fail(tr("Cannot change the picture while an edit runs; cancel it first (Esc)."));
    return false;
  }
  if (image.isNull() || image.width() < 1 || image.height() < 1) {
    fail(tr("%1 holds no picture.").arg(name));
    return false;
  }
  if (qint64(image.width()) * image.height() > maxImagePixels_) {
    fail(tr("%1 is too large: %2 x %3 pixels.").arg(name).arg(image.width()).arg(image.height()));
    return false;
  }
  adoptSource(asModelSees(image), QString(), name);
  return true;
}

void EditSession::adoptSource(QImage image, const QString& path, const QString& name) {
  source_ = std::move(image);
  sourcePath_ = path;
  sourceName_ = name;
  originalPath_ = path;
  originalSize_ = source_.size();
  originalName_ = name;
  sourceEdit_ = QJsonObject();
  lastError_.clear();
  resetEdit();
  Q_EMIT sourceChanged();
  // A new source starts a new edit; the instruction stays, the user may want it on this image too.
  setState(State::ImageLoaded);
  setDisplayDirty();
}

void EditSession::setMaxImagePixels(qint64 pixels) { maxImagePixels_ = qMax<qint64>(1, pixels); }

void EditSession::clearRunResult(bool keepUndoSteps) {
  if (!keepUndoSteps) undoStack_->clear();
  timeline_->clear();
  current_.reset();
  result_ = QImage();
  resultRefined_ = false;
  refinePreview_ = livePreview_ = QImage();
  lastArrivedFrame_ = -1;
  resetViewedFrame();
  currentHistoryIndex_ = -1;
  currentEditNumber_ = 0;
}

void EditSession::resetEdit() {
  clearRunResult();
  progress_ = RunProgress();
  // The prompt described the previous picture (the VLM saw it): a new picture needs a new one.
  setPromptInternal(QString(), QString(), QString());
  rewriteError_.clear();
  rewriteWarnings_.clear();
  Q_EMIT resultChanged();
  Q_EMIT progressChanged();
}

// ---------------------------------------------------------------------------------------------
// Instruction and prompt

void EditSession::setInstruction(const QString& text) {
  if (text == instruction_) return;
  instruction_ = text;
  Q_EMIT instructionChanged(instruction_);
}

void EditSession::setPrompt(const QString& text) {
  if (text == prompt_) return;
  if (state_ == State::Rewriting) return;  // the VLM is writing it; the panel is read-only meanwhile
  setPromptInternal(text, text.trimmed().isEmpty() ? QString() : kPromptFromUser, QString());
  if (state_ == State::ImageLoaded && !text.trimmed().isEmpty()) setState(State::Reviewing);
}

void EditSession::setPromptInternal(const QString& text, const QString& source, const QString& model) {
  const bool textChanged = text != prompt_;
  const bool originChanged = source != promptSource_ || model != promptModel_;
  prompt_ = text;
  promptSource_ = source;
  promptModel_ = model;
  if (textChanged) Q_EMIT promptChanged(prompt_);
  if (originChanged) Q_EMIT promptOriginChanged();
}

bool EditSession::rewriteWouldLoseEdits() const {
  if (state_ == State::Rewriting || promptSource_ != kPromptFromUser) return false;
  const QString text = prompt_.trimmed();
  if (text.isEmpty() || text == instruction_.trimmed()) return false;  // nothing typed beyond the instruction
  // The prompt the shown edit ran with lives on in its records (and the history).
  return !(current_ && current_->evolution && QString::fromStdString(current_->evolution->prompt).trimmed() == text);
}

bool EditSession::revisitWouldLoseWords() const {
  if (rewriteWouldLoseEdits()) return true;
  const QString typed = instruction_.trimmed();
  if (typed.isEmpty() || typed == promptInstruction_.trimmed()) return false;
  return !(current_ && current_->instruction.trimmed() == typed);
}

QString EditSession::promptOrigin() const {
  if (state_ == State::Rewriting)
    return vlmEndpoint_.isConfigured() && !rewritePendingOffline_
               ? tr("The VLM (%1) is writing the prompt\u2026").arg(vlmEndpoint_.model)
               : tr("The offline template is writing the prompt\u2026");
  return promptSourceText(promptSource_, promptModel_);
}

QString EditSession::promptSourceText(const QString& source, const QString& model) {
  if (source == kPromptFromVlm) return tr("Written by the VLM (%1)").arg(model);
  if (source == kPromptFromTemplate) return tr("Written by the offline template (no VLM)");
  if (source == kPromptFromUser) return tr("Written or edited by you");
  return source;
}

// ---------------------------------------------------------------------------------------------
// Configuration and model

void EditSession::setModelSetup(const ModelSetup& setup) {
  if (setup == modelSetup_) {
    // Settings applied again (OK on the dialog): a folder found unusable may be complete now.
    if (!modelProblem_.isEmpty()) {
      checkModelFolder();
      updateModelStatus();
    }
    return;
  }
  const bool newFolder = setup.path != modelSetup_.path;
  modelSetup_ = setup;
  modelIdentity_.clear();
  modelRunsOn_.clear();
  modelRandomWeights_ = false;
  if (newFolder) checkModelFolder();
  updateModelStatus();
}

void EditSession::checkModelFolder() {
  // Detection opens only the parts' headers: cheap enough here, and an unusable folder is said
  // now, not after an instruction, a prompt and a model load.
  modelProblem_.clear();
  if (!modelSetup_.isSet() || modelSetup_.isDemo()) return;
  const QString folder = cleanFolderPath(modelSetup_.path);
  const ModelFolderReport report = detectModelFolder(folder);
  if (!report.error.isEmpty()) {
    // The status names the folder chosen beside the problem; a folder inside it is named here.
    modelProblem_ = report.errorFolder == folder ? report.errorReason : report.error;
  } else if (!report.otherModel.isEmpty()) {
    modelProblem_ = tr("this is %1, not Wan2.2-I2V-A14B").arg(report.otherModel);
  } else if (!report.missing.isEmpty()) {
    modelProblem_ = report.missing.first();
    if (report.missing.size() > 1) modelProblem_ += tr(" (and %n more)", nullptr, int(report.missing.size() - 1));
  }
}

void EditSession::setParameters(const EditParameters& parameters) {
  if (parameters == parameters_) return;
  parameters_ = parameters;
  Q_EMIT parametersChanged();
}

void EditSession::setVlmEndpoint(const VlmEndpoint& endpoint) {
  vlmEndpoint_ = endpoint;
  Q_EMIT promptOriginChanged();
}

void EditSession::setEngineThreads(int threads) {
  engineThreads_ = threads;
  if (engine_ && threads > 0) engine_->worker()->setThreads(threads);
}

void EditSession::setDemoRequested(bool demo) {
  if (demo == demoRequested()) return;
  ModelSetup setup = modelSetup_;
  setup.path = demo ? ModelSetup::demoPath() : QString();
  setModelSetup(setup);
}

bool EditSession::isRandomWeightModel() const { return modelSetup_.isDemo() || modelRandomWeights_; }

bool EditSession::showsRandomWeightOutput() const {
  // A chain that started from the demo's output stays random-weight output on real weights too.
  if (recordShowsRandomWeights(sourceEdit_)) return true;
  if (current_ && current_->evolution) return current_->evolution->model.randomWeights;
  if (run_ && run_->kind == Run::Kind::Evolve) return run_->model.isDemo() || modelRandomWeights_;
  return isRandomWeightModel();
}

void EditSession::updateModelStatus() {
  QString status;
  if (!modelSetup_.isSet()) {
    status = tr("No model configured \u2014 point Settings at the Wan2.2 weights (see README), or use the demo model.");
  } else if (modelSetup_.isDemo()) {
    status = tr("Demo model (random weights): its pictures are random-weight output, not real edits.");
  } else if (!modelProblem_.isEmpty()) {
    status = tr("Model folder %1 cannot be used: %2 \u2014 Settings \u25b8 Model shows what is missing.")
                 .arg(QDir::toNativeSeparators(modelSetup_.path), modelProblem_);
  } else if (!modelIdentity_.isEmpty()) {
    status = tr("Model: %1").arg(modelIdentity_);
    if (modelRandomWeights_) status += tr(" \u2014 random weights: random-weight output");
  } else {
    status = tr("Model: %1 (loads on the first run)").arg(QDir::toNativeSeparators(modelSetup_.path));
  }
  // Once loaded: where it runs (a problem or no setup says nothing of a loaded model).
  if (!modelRunsOn_.isEmpty() && modelSetup_.isSet() && modelProblem_.isEmpty())
    status += tr(" \u2014 runs on %1").arg(modelRunsOn_);
  if (status == modelStatus_) return;
  modelStatus_ = status;
  Q_EMIT modelStatusChanged(modelStatus_);
}

EngineWorker* EditSession::worker() {
  if (!engine_) {
    engine_ = std::make_unique<EngineThread>();
    if (engineThreads_ > 0) engine_->worker()->setThreads(engineThreads_);
    connectWorker(engine_->worker());
  }
  return engine_->worker();
}

void EditSession::connectWorker(EngineWorker* w) {
  // Queued: the worker emits on its thread, the session lives on this one.
  constexpr auto q = Qt::QueuedConnection;
  connect(w, &EngineWorker::modelReady, this, &EditSession::onModelReady, q);
  connect(w, &EngineWorker::stageChanged, this, &EditSession::onStage, q);
  connect(w, &EngineWorker::loadProgressed, this, &EditSession::onLoadProgress, q);
  connect(w, &EngineWorker::stepDone, this, &EditSession::onStep, q);
  connect(w, &EngineWorker::dropoutApplied, this, &EditSession::onDropout, q);
  connect(w, &EngineWorker::previewReady, this, &EditSession::onPreview, q);
  connect(w, &EngineWorker::framesReady, this, &EditSession::onFrames, q);
  connect(w, &EngineWorker::scoresReady, this, &EditSession::onScores, q);
  connect(w, &EngineWorker::jobFailed, this, &EditSession::onJobFailed, q);
  connect(w, &EngineWorker::jobCancelled, this, &EditSession::onJobCancelled, q);
  connect(
      w, &EngineWorker::evolveFinished, this,
      [this](quint64 job, const EvolutionPtr& evolution) {
        if (!run_ || run_->job != job || run_->kind != Run::Kind::Evolve) return;
        const std::unique_ptr<Run> ended = std::move(run_);
        undoStack_->clear();  // the steps of the edit this one replaced
        auto data = std::make_shared<EditRunData>();
        data->evolution = evolution;
        data->staticPrompt = staticVideoPrompt();
        data->sourcePath = sourcePath_.isEmpty() ? sourceName_ : sourcePath_;
        data->instruction = ended->instruction;
        data->promptSource = ended->promptSource;
        data->promptModel = ended->promptModel;
        data->adjustments = ended->adjustments;
        data->sourceEdit = sourceEdit_;
        data->model = ended->model;
        current_ = data;
        usedParameters_ = fromEngineSettings(evolution->settings, usedParameters_);
        // The configured model's label: only when this run used it (Settings may have switched).
        if (ended->model == modelSetup_) modelRandomWeights_ = evolution->model.randomWeights;
        // Frames and scores came as events; the records are the reference if any went missing.
        if (timeline_->arrivedFrames() < int(evolution->frames.size())) {
          QList<QImage> frames, thumbs;
          for (const auto& f : evolution->frames) {
            frames << toQImage(f);
            thumbs << frames.last().scaledToHeight(EngineWorker::kThumbnailHeight, Qt::SmoothTransformation);
          }
          timeline_->addFrames(0, frames, thumbs);
        }
        if (timeline_->pick() != evolution->pick)
          timeline_->setScores(QList<int>(evolution->candidates.begin(), evolution->candidates.end()),
                               QList<double>(evolution->candidateScores.begin(), evolution->candidateScores.end()),
                               evolution->pick);
        progress_.finish();
        Q_EMIT progressChanged();
        resetViewedFrame();
        setState(State::Picking);
        setDisplayDirty();
        const int pick = timeline_->pick();
        Q_EMIT message(tr("Evolution done: frame %1 is the sharpest candidate (%2). Click another frame to override, "
                          "then refine.")
                           .arg(pick)
                           .arg(timeline_->score(pick), 0, 'f', 1));
      },
      q);
  connect(
      w, &EngineWorker::refineFinished, this,
      [this](quint64 job, const RefinePtr& result, const QImage& image) {
        if (!run_ || run_->job != job || run_->kind != Run::Kind::Refine || !current_) return;
        run_.reset();
        // A new result is a new step: steps undone before it no longer lead anywhere (redo would
        // bring back a result this one replaced), as after any new action.
        dropRedoSteps();
        current_->result = result;
        result_ = image;
        resultRefined_ = result->refined;
        refinePreview_ = QImage();
        progress_.finish();
        Q_EMIT progressChanged();
        resetViewedFrame();
        recordResult();
        setState(State::Done);
        Q_EMIT resultChanged();
        setDisplayDirty();
        Q_EMIT message(resultRefined_ ? tr("Refined frame %1: the result is on the canvas.").arg(result->chosenFrame)
                                      : tr("Refinement is off: frame %1 is the result.").arg(result->chosenFrame));
      },
      q);
}

void EditSession::onModelReady(quint64 job, const ModelSummary& model) {
  // A refinement of an earlier edit may load that edit's model: the status names the configured one.
  if (!run_ || run_->job != job || !(run_->model == modelSetup_)) return;
  modelProblem_.clear();  // it loaded: whatever detection said before no longer holds
  modelIdentity_ = model.identity;
  // Where it runs, as loaded: the memory mode only means something on a GPU.
  modelRunsOn_ = model.device + QStringLiteral(", ") + model.precision;
  if (model.device != QLatin1String("cpu") && !model.memoryMode.isEmpty())
    modelRunsOn_ += tr(", %1 memory mode").arg(model.memoryMode);
  modelRandomWeights_ = model.randomWeights;
  updateModelStatus();
}

// ---------------------------------------------------------------------------------------------
// Rewrite

bool EditSession::canRun() const { return runBlockedReason().isEmpty(); }

QString EditSession::runBlockedReason() const {
  if (!isModelConfigured()) return modelStatus_;
  if (!hasSource()) return tr("Open an image first.");
  if (instruction_.trimmed().isEmpty()) return tr("Type an instruction first.");
  if (state_ == State::Evolving || state_ == State::Refining)
    return tr("An edit is already running (Esc cancels it).");
  return {};
}

bool EditSession::requestRun() { return startRewrite(false); }

bool EditSession::useOfflineTemplate() { return startRewrite(true); }

bool EditSession::startRewrite(bool offline) {
  const QString reason = runBlockedReason();
  if (!reason.isEmpty()) {
    fail(reason);
    return false;
  }
  if (state_ != State::Rewriting) {
    // Esc brings back the prompt this rewrite replaces (it may be hand-edited) with the state.
    stateBeforeRewrite_ = state_;
    promptBeforeRewrite_ = std::make_unique<PromptState>(
        PromptState{prompt_, promptSource_, promptModel_, rewriteError_, rewriteWarnings_});
  }
  rewriteId_ = ++rewriteCounter_;
  rewriteError_.clear();
  rewriteWarnings_.clear();
  rewriteActivity_.clear();
  rewritePendingOffline_ = offline;
  setPromptInternal(QString(), QString(), QString());
  setState(State::Rewriting);
  Q_EMIT promptOriginChanged();
  if (rewriter_->isBusy()) {
    // One request at a time: the superseded one is cancelled and this one starts when it ends.
    rewritePending_ = true;
    rewriter_->cancel();
    return true;
  }
  launchRewrite(offline);
  return true;
}

void EditSession::launchRewrite(bool offline) {
  rewritePending_ = false;
  rewriteInFlight_ = rewriteId_;
  RewriteRequest request;
  request.image = source_;
  request.instruction = instruction_;
  rewriteInstruction_ = instruction_;
  rewriteOffline_ = offline;
  request.endpoint = vlmEndpoint_;
  request.stream = true;
  request.offline = offline;
  request.fallbackOnFailure = false;  // the user decides: the review panel offers the template
  const quint64 id = rewriteId_;
  QCoro::connect(rewriter_->rewrite(request), this, [this, id](const RewriteResult& result) { finishRewrite(result, id); });
}

void EditSession::finishRewrite(const RewriteResult& result, quint64 id) {
  if (rewriteInFlight_ == id) rewriteInFlight_ = 0;
  if (id != rewriteId_) {
    if (rewritePending_ && !rewriter_->isBusy()) launchRewrite(rewritePendingOffline_);
    return;
  }
  rewriteId_ = 0;
  rewriteActivity_.clear();
  // Written over a finished evolution (the next instruction typed after a run), the prompt waits
  // beside it: its frames stay choosable and refinable until the new prompt is approved.
  const State reviewState =
      stateBeforeRewrite_ == State::Picking || stateBeforeRewrite_ == State::Done ? stateBeforeRewrite_ : State::Reviewing;
  if (result.ok()) {
    promptBeforeRewrite_.reset();
    setPromptInternal(result.prompt, result.source,
                      result.source == kRewriteSourceVlm ? result.model : QString());
    promptInstruction_ = rewriteInstruction_;  // what the prompt was written from
    rewriteWarnings_ = result.warnings;
    setState(reviewState);
    Q_EMIT promptOriginChanged();
    Q_EMIT promptWritten();
    Q_EMIT message(result.source == kRewriteSourceVlm ? tr("The VLM wrote the prompt: review it, then approve.")
                                                      : tr("The offline template wrote the prompt: review it, then approve."));
    return;
  }
  if (result.error == VlmErrorKind::Cancelled) {
    restorePromptBeforeRewrite();
    setState(stateBeforeRewrite_);
    Q_EMIT promptOriginChanged();
    return;
  }
  // A failed rewrite keeps the prompt it was to replace (it may be hand-written; the editor's
  // own undo history went when the rewrite started), with the error beside it.
  restorePromptBeforeRewrite();
  rewriteError_ = result.errorMessage.isEmpty() ? tr("the VLM gave no prompt") : result.errorMessage;
  rewriteErrorFromTemplate_ = rewriteOffline_;
  setState(reviewState);
  Q_EMIT promptOriginChanged();
  Q_EMIT rewriteFailed(rewriteError_);
}

bool EditSession::useInstructionAsPrompt() {
  if (state_ == State::Rewriting) cancel();
  const QString reason = runBlockedReason();
  if (!reason.isEmpty()) {
    fail(reason);
    return false;
  }
  rewriteError_.clear();
  setPromptInternal(instruction_.trimmed(), kPromptFromUser, QString());
  if (state_ == State::ImageLoaded) setState(State::Reviewing);
  return approvePrompt();
}

// ---------------------------------------------------------------------------------------------
// Evolve, pick, refine

bool EditSession::canApprove() const {
  if (!isModelConfigured() || !hasSource() || prompt_.trimmed().isEmpty()) return false;
  return state_ == State::ImageLoaded || state_ == State::Reviewing || state_ == State::Picking || state_ == State::Done;
}

bool EditSession::approvePrompt() {
  if (!canApprove()) {
    if (!isModelConfigured()) fail(modelStatus_);
    else if (!hasSource()) fail(tr("Open an image first."));
    else if (prompt_.trimmed().isEmpty()) fail(tr("There is no prompt to run: write one, or let the VLM or the template write it."));
    else fail(tr("An edit is already running (Esc cancels it)."));
    return false;
  }
  return startEvolve();
}

bool EditSession::startEvolve() {
  QString error;
  QStringList adjustments;
  EditParameters used;
  if (!checkEditParameters(parameters_, &error, &adjustments, &used)) {
    fail(tr("The settings cannot be used: %1").arg(error));
    return false;
  }
  if (used.randomSeed) used.seed = QRandomGenerator::global()->generate();  // the 32 bits the generator keeps
  if (modelSetup_.isDemo() && used.maxArea > kDemoMaxArea) {
    adjustments << tr("demo model: working size %1 -> %2 pixels, so a run takes seconds").arg(used.maxArea).arg(kDemoMaxArea);
    used.maxArea = kDemoMaxArea;
  }
  // Known from the picture and the settings: said now, not after the models have loaded.
  if (const auto problem = api::workingSizeProblem(source_.width(), source_.height(), used.maxArea); !problem.empty()) {
    fail(tr("The picture is too narrow or too wide for the working size: %1 (Settings \u203a max area).")
             .arg(QString::fromStdString(problem)));
    return false;
  }
  auto run = std::make_unique<Run>();
  run->kind = Run::Kind::Evolve;
  run->returnTo = State::Reviewing;
  // A written prompt goes with the instruction it was written from, even if the box changed since.
  const bool written = promptSource_ == kPromptFromVlm || promptSource_ == kPromptFromTemplate;
  run->instruction = written && !promptInstruction_.isEmpty() ? promptInstruction_ : instruction_;
  run->promptSource = promptSource_;
  run->promptModel = promptModel_;
  run->adjustments = adjustments;
  run->model = modelSetup_;
  // Another try over a finished edit (from Picking, Done, or Reviewing after a new prompt): Esc (or
  // a failure) brings that edit back, not an empty one.
  if (current_ && current_->evolution) {
    run->replaced = shownEdit();
    run->returnTo = state_;
  }
  usedParameters_ = used;

  // The frame choices of the edit this run replaces stay undoable until it is replaced for good:
  // Esc or a failure brings it back, its choices with it.
  clearRunResult(run->replaced.has_value());
  timeline_->setPreviewTotal(used.steps);
  timeline_->setExpectedFrames(used.frames);

  run_ = std::move(run);
  run_->job = worker()->submitEvolve(modelSetup_, source_, prompt_, used);
  // The prompt it ran with was approved: a failed rewrite's offer no longer stands.
  if (!rewriteError_.isEmpty()) {
    rewriteError_.clear();
    Q_EMIT promptOriginChanged();
  }
  progress_.start(clock_.elapsed(), false);
  setState(State::Evolving);
  Q_EMIT resultChanged();
  Q_EMIT progressChanged();
  setDisplayDirty();
  for (const QString& a : adjustments) Q_EMIT message(tr("Adjusted: %1").arg(a));
  return true;
}

bool EditSession::chooseFrame(int frame) {
  if (state_ != State::Picking && state_ != State::Done) return false;
  if (!timeline_->hasFrame(frame)) return false;
  if (frame == timeline_->chosen()) {
    if (state_ == State::Done) setViewedFrame(frame);
    return true;
  }
  std::optional<ShownEdit> done;
  if (state_ == State::Done) done = shownEdit();
  undoStack_->push(new ChooseFrameCommand(this, timeline_->chosen(), frame, std::move(done)));
  return true;
}

void EditSession::dropRedoSteps() {
  if (!undoStack_->canRedo()) return;
  // QUndoStack deletes the steps above its index when a command is pushed, and discards a
  // command that is obsolete before it is added.
  auto* cut = new QUndoCommand;
  cut->setObsolete(true);
  undoStack_->push(cut);
}

void EditSession::applyChosenFrame(int frame) {
  if (state_ != State::Picking && state_ != State::Done) return;
  if (!timeline_->setChosen(frame)) return;
  if (state_ == State::Done) {
    // A different frame makes a different edit: the result stays in the history.
    result_ = QImage();
    resultRefined_ = false;
    currentHistoryIndex_ = -1;
    currentEditNumber_ = 0;
    if (current_) {
      auto copy = std::make_shared<EditRunData>(*current_);
      copy->result.reset();
      current_ = copy;
    }
    setState(State::Picking);
    Q_EMIT resultChanged();
  }
  viewedFrame_ = -1;
  Q_EMIT viewedFrameChanged(viewedFrame_);
  setDisplayDirty();
}

EditSession::ShownEdit EditSession::shownEdit() const {
  ShownEdit e;
  e.state = state_;
  e.timeline = timeline_->snapshot();
  e.run = current_;
  e.result = result_;
  e.refined = resultRefined_;
  e.historyIndex = currentHistoryIndex_;
  e.editNumber = currentEditNumber_;
  e.used = usedParameters_;
  return e;
}

void EditSession::restoreShownEdit(const ShownEdit& e) {
  timeline_->restore(e.timeline);
  current_ = e.run;
  result_ = e.result;
  resultRefined_ = e.refined;
  currentHistoryIndex_ = e.historyIndex;
  currentEditNumber_ = e.editNumber;
  usedParameters_ = e.used;
  refinePreview_ = livePreview_ = QImage();
  lastArrivedFrame_ = -1;
  viewedFrame_ = -1;
  setState(e.state);
  Q_EMIT resultChanged();
  Q_EMIT viewedFrameChanged(viewedFrame_);
  setDisplayDirty();
}

void EditSession::restorePromptBeforeRewrite() {
  if (!promptBeforeRewrite_) return;
  const PromptState before = *promptBeforeRewrite_;
  promptBeforeRewrite_.reset();
  setPromptInternal(before.prompt, before.source, before.model);
  rewriteError_ = before.rewriteError;
  rewriteWarnings_ = before.warnings;
}

bool EditSession::canRefine() const {
  return state_ == State::Picking && current_ && current_->evolution && timeline_->chosen() >= 0;
}

bool EditSession::requestRefine() {
  if (!canRefine()) {
    fail(state_ == State::Picking ? tr("Choose a frame first.") : tr("There is no evolution to refine yet."));
    return false;
  }
  run_ = std::make_unique<Run>();
  run_->kind = Run::Kind::Refine;
  run_->returnTo = State::Picking;
  // The refinement follows the settings as they are now (they may have changed since the
  // evolution); it runs on the model that made the evolution, placed as the settings say now (a
  // refinement that ran out of memory is retried with lowvram or the text encoder on the CPU).
  run_->model = current_->model;
  run_->model.device = modelSetup_.device;
  run_->model.memoryMode = modelSetup_.memoryMode;
  run_->model.textEncoderOnCpu = modelSetup_.textEncoderOnCpu;
  run_->job = worker()->submitRefine(current_->evolution, timeline_->chosen(), current_->staticPrompt,
                                     api::RefineOptions{parameters_.refine, parameters_.refineFrames}, run_->model);
  refinePreview_ = QImage();
  progress_.start(clock_.elapsed(), true);
  setState(State::Refining);
  Q_EMIT progressChanged();
  setDisplayDirty();
  return true;
}

bool EditSession::canCancel() const { return isBusy(); }

void EditSession::cancel() {
  if (state_ == State::Rewriting) {
    rewriteId_ = 0;
    rewritePending_ = false;
    rewriteActivity_.clear();
    if (rewriter_->isBusy()) rewriter_->cancel();
    restorePromptBeforeRewrite();
    setState(stateBeforeRewrite_);
    Q_EMIT promptOriginChanged();
    Q_EMIT message(tr("Prompt writing cancelled."));
    return;
  }
  if (!run_) return;
  // The engine stops at its next check; the state returns now, so the user can run again at once
  // (the next job waits on the worker until this one has stopped). Its late events are ignored.
  worker()->cancel(run_->job);
  const std::unique_ptr<Run> ended = std::move(run_);
  endRun(*ended);
  Q_EMIT message(ended->kind == Run::Kind::Evolve ? tr("Evolution cancelled.") : tr("Refinement cancelled."));
}

void EditSession::endRun(const Run& ended) {
  progress_ = RunProgress();
  refinePreview_ = QImage();
  if (ended.kind == Run::Kind::Evolve) {
    if (ended.replaced) {
      restoreShownEdit(*ended.replaced);
    } else {
      timeline_->clear();
      livePreview_ = QImage();
      lastArrivedFrame_ = -1;
      resetViewedFrame();
    }
  }
  setState(ended.returnTo);
  Q_EMIT progressChanged();
  setDisplayDirty();
}

void EditSession::onStage(quint64 job, RunStage stage, const QString& detail) {
  if (!run_ || run_->job != job) return;
  progress_.setStage(stage, detail, clock_.elapsed());
  Q_EMIT progressChanged();
}

void EditSession::onLoadProgress(quint64 job, double fraction) {
  if (!run_ || run_->job != job) return;
  progress_.setLoadFraction(fraction, clock_.elapsed());
  Q_EMIT progressChanged();
}

void EditSession::onStep(quint64 job, const StepProgress& step) {
  if (!run_ || run_->job != job) return;
  progress_.stepDone(step, clock_.elapsed());
  Q_EMIT progressChanged();
}

void EditSession::onDropout(quint64 job, const QList<int>& kept, int atStep) {
  if (!run_ || run_->job != job || run_->kind != Run::Kind::Evolve) return;
  // Fewer latent frames decode to fewer pixel frames: 1 for the source + 4 per further latent.
  timeline_->setExpectedFrames(kept.isEmpty() ? 0 : 1 + 4 * (int(kept.size()) - 1));
  Q_EMIT message(tr("Temporal latent dropout at step %1: %2 latent frames kept.").arg(atStep + 1).arg(kept.size()));
}

void EditSession::onPreview(quint64 job, const StepProgress& step, const QImage& image) {
  if (!run_ || run_->job != job) return;
  if (run_->kind == Run::Kind::Evolve) {
    timeline_->addPreview(step.index, image);
    livePreview_ = image;
  } else {
    refinePreview_ = image;
  }
  if (viewedFrame_ < 0) setDisplayDirty();
}

void EditSession::onFrames(quint64 job, int first, const QList<QImage>& frames, const QList<QImage>& thumbs,
                           bool refining) {
  if (!run_ || run_->job != job || frames.isEmpty()) return;
  if (run_->kind == Run::Kind::Evolve && !refining) {
    timeline_->addFrames(first, frames, thumbs);
    lastArrivedFrame_ = qMax(lastArrivedFrame_, first + int(frames.size()) - 1);
  } else {
    refinePreview_ = frames.last();
  }
  if (viewedFrame_ < 0) setDisplayDirty();
}

void EditSession::onScores(quint64 job, const QList<int>& frames, const QList<double>& sharpness, int pick,
                           bool refining) {
  if (!run_ || run_->job != job || refining || run_->kind != Run::Kind::Evolve) return;
  timeline_->setScores(frames, sharpness, pick);
}

void EditSession::onJobFailed(quint64 job, const QString& text) {
  if (!run_ || run_->job != job) return;
  const std::unique_ptr<Run> ended = std::move(run_);
  endRun(*ended);
  fail(ended->kind == Run::Kind::Evolve ? tr("The evolution failed: %1").arg(text)
                                        : tr("The refinement failed: %1").arg(text));
  Q_EMIT runFailed(lastError_);
}

void EditSession::onJobCancelled(quint64 job) {
  // A cancel the session asked for has already been handled; one it did not ask for (the worker
  // shutting down) returns the same way.
  if (!run_ || run_->job != job) return;
  cancel();
}

void EditSession::recordResult() {
  if (!current_ || !current_->evolution) return;
  HistoryEntry e;
  e.source = source_;
  e.sourcePath = sourcePath_;
  e.sourceName = sourceName_;
  e.originalPath = originalPath_;
  e.originalSize = originalSize_;
  e.originalName = originalName_;
  e.instruction = current_->instruction;
  e.prompt = QString::fromStdString(current_->evolution->prompt);
  e.promptSource = current_->promptSource;
  e.promptModel = current_->promptModel;
  e.parameters = usedParameters_;
  if (const auto& res = current_->result) {  // what the refinement did, which may differ from the evolution's settings
    e.parameters.refine = res->refined;
    if (res->refined && res->refineFrames > 0) e.parameters.refineFrames = res->refineFrames;
  }
  e.result = result_;
  e.refined = resultRefined_;
  e.chosenFrame = current_->result ? current_->result->chosenFrame : timeline_->chosen();
  e.randomWeights = current_->evolution->model.randomWeights || recordShowsRandomWeights(current_->sourceEdit);
  e.modelIdentity = QString::fromStdString(current_->evolution->model.identity);
  e.timeline = timeline_->snapshot();
  e.run = std::make_shared<const EditRunData>(*current_);
  currentHistoryIndex_ = history_->append(std::move(e));
  currentEditNumber_ = history_->at(currentHistoryIndex_).number;
}

// ---------------------------------------------------------------------------------------------
// Chaining and history

bool EditSession::useResultAsSource() {
  if (state_ != State::Done || !hasResult()) {
    fail(tr("There is no result to continue from yet."));
    return false;
  }
  // The number the edit got in the history, which a cleared history no longer holds.
  const int number = currentEditNumber_ > 0 ? currentEditNumber_ : history_->count();
  const QImage result = result_;
  // Its record goes with the next edit's: an exported chained edit says what it started from.
  sourceEdit_ = editReport(false);
  source_ = result;
  sourcePath_.clear();
  sourceName_ = tr("Result of edit %1").arg(number);
  resetEdit();
  Q_EMIT sourceChanged();
  setState(State::ImageLoaded);
  setDisplayDirty();
  Q_EMIT message(tr("The result of edit %1 is the new source: type the next instruction.").arg(number));
  return true;
}

int EditSession::chainPosition() const {
  int position = 1;
  for (QJsonObject e = sourceEdit_; !e.isEmpty(); e = e.value(QLatin1String("source_edit")).toObject()) ++position;
  return position;
}

QString EditSession::workAtRisk() const {
  QStringList lost;
  if (isBusy()) lost << tr("the edit that is running");
  if (state_ == State::Picking) lost << tr("an evolution that has not been refined");
  if (const int n = history_->unexportedCount(); n > 0) lost << tr("%n result(s) that were not exported", nullptr, n);
  return lost.join(tr(", "));
}

void EditSession::noteResultExported(int index) { history_->markExported(index); }

bool EditSession::clearHistory() {
  if (isBusy()) {
    fail(tr("Finish or cancel the running edit first (Esc)."));
    return false;
  }
  undoStack_->clear();  // its steps name history entries
  currentHistoryIndex_ = -1;
  history_->clear();
  return true;
}

bool EditSession::revisit(int index) {
  if (index < 0 || index >= history_->count()) return false;
  if (isBusy()) {
    fail(tr("Finish or cancel the running edit first (Esc)."));
    return false;
  }
  const HistoryEntry& e = history_->at(index);
  source_ = e.source;
  sourcePath_ = e.sourcePath;
  sourceName_ = e.sourceName;
  originalPath_ = e.originalPath;
  originalSize_ = e.originalSize;
  originalName_ = e.originalName;
  sourceEdit_ = e.run ? e.run->sourceEdit : QJsonObject();
  undoStack_->clear();
  setInstruction(e.instruction);
  setPromptInternal(e.prompt, e.promptSource, e.promptModel);
  promptInstruction_ = e.instruction;
  rewriteError_.clear();
  rewriteWarnings_.clear();
  progress_ = RunProgress();
  Q_EMIT sourceChanged();
  ShownEdit shown;
  shown.state = State::Done;
  shown.timeline = e.timeline;
  shown.run = e.run ? std::make_shared<EditRunData>(*e.run) : nullptr;
  shown.result = e.result;
  shown.refined = e.refined;
  shown.historyIndex = index;
  shown.editNumber = e.number;
  shown.used = e.parameters;
  restoreShownEdit(shown);
  Q_EMIT progressChanged();
  Q_EMIT promptOriginChanged();
  return true;
}

// ---------------------------------------------------------------------------------------------
// Display

void EditSession::setViewedFrame(int frame) {
  if (frame >= 0 && !timeline_->hasFrame(frame)) return;
  if (frame < 0) frame = -1;
  if (frame == viewedFrame_) return;
  viewedFrame_ = frame;
  Q_EMIT viewedFrameChanged(frame);
  setDisplayDirty();
}

void EditSession::resetViewedFrame() {
  if (viewedFrame_ == -1) return;
  viewedFrame_ = -1;
  Q_EMIT viewedFrameChanged(-1);
}

void EditSession::setDisplayDirty() { Q_EMIT displayChanged(); }

QImage EditSession::displayImage() const {
  const auto frameOr = [this](int index, const QImage& fallback) {
    return timeline_->hasFrame(index) ? timeline_->frame(index) : fallback;
  };
  switch (state_) {
    case State::Empty: return {};
    case State::ImageLoaded:
    case State::Rewriting:
    case State::Reviewing: return source_;
    case State::Evolving:
      if (viewedFrame_ >= 0) return frameOr(viewedFrame_, source_);
      if (lastArrivedFrame_ >= 0) return frameOr(lastArrivedFrame_, source_);
      return livePreview_.isNull() ? source_ : livePreview_;
    case State::Picking: return frameOr(viewedFrame_ >= 0 ? viewedFrame_ : timeline_->chosen(), source_);
    case State::Refining:
      if (viewedFrame_ >= 0) return frameOr(viewedFrame_, source_);
      return refinePreview_.isNull() ? frameOr(timeline_->chosen(), source_) : refinePreview_;
    case State::Done:
      if (viewedFrame_ >= 0) return frameOr(viewedFrame_, result_);
      return result_.isNull() ? source_ : result_;
  }
  return source_;
}

bool EditSession::displayIsEngineOutput() const {
  switch (state_) {
    case State::Evolving:
      return viewedFrame_ >= 0 || lastArrivedFrame_ >= 0 || !livePreview_.isNull();
    case State::Picking:
    case State::Refining:
    case State::Done: return true;
    default: return false;
  }
}

QString EditSession::displayCaption() const {
  const auto frameCaption = [this](int i) {
    QString text = tr("Frame %1 / %2").arg(i).arg(timeline_->frameCount() - 1);
    if (timeline_->hasScore(i)) text += tr(" \u00b7 sharpness %1").arg(timeline_->score(i), 0, 'f', 1);
    if (i == timeline_->pick()) text += tr(" \u00b7 pick");
    if (i == timeline_->chosen() && timeline_->isOverridden()) text += tr(" \u00b7 chosen");
    return text;
  };
  switch (state_) {
    case State::Empty: return {};
    case State::ImageLoaded:
    case State::Rewriting:
    case State::Reviewing: return tr("Source");
    case State::Evolving:
      if (viewedFrame_ >= 0) return frameCaption(viewedFrame_);
      if (lastArrivedFrame_ >= 0) return frameCaption(lastArrivedFrame_);
      if (!livePreview_.isNull())
        return tr("Preview after step %1 of %2").arg(timeline_->previewCount()).arg(timeline_->previewTotal());
      return tr("Source");
    case State::Picking: return frameCaption(viewedFrame_ >= 0 ? viewedFrame_ : timeline_->chosen());
    case State::Refining:
      if (viewedFrame_ >= 0) return frameCaption(viewedFrame_);
      return refinePreview_.isNull() ? frameCaption(timeline_->chosen()) : tr("Refining\u2026");
    case State::Done:
      if (viewedFrame_ >= 0) return frameCaption(viewedFrame_);
      return resultRefined_ ? tr("Result (refined from frame %1)").arg(timeline_->chosen())
                            : tr("Result (frame %1, not refined)").arg(timeline_->chosen());
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Reports

QJsonObject EditSession::editReport(bool withTimings) const {
  if (!current_ || !current_->evolution) return {};
  EditRecord record;
  record.sourcePath = current_->sourcePath;
  record.instruction = current_->instruction;
  record.prompt = QString::fromStdString(current_->evolution->prompt);
  record.promptSource = current_->promptSource;
  record.promptModel = current_->promptModel;
  record.adjustments = current_->adjustments;
  record.evolution = current_->evolution.get();
  record.result = state_ == State::Done ? current_->result.get() : nullptr;
  record.staticPrompt = current_->staticPrompt;
  record.sourceEdit = current_->sourceEdit;
  QJsonObject report = app::editReport(record, withTimings);
  if (state_ != State::Done) report.insert(QStringLiteral("chosen_frame"), timeline_->chosen());
  return report;
}

QString EditSession::parametersText() const {
  if (!current_ || !current_->evolution) return {};
  EditRecord record;
  record.prompt = QString::fromStdString(current_->evolution->prompt);
  record.evolution = current_->evolution.get();
  record.result = current_->result.get();
  return app::parametersText(record);
}

QList<QImage> EditSession::evolutionFrames() const { return timeline_->snapshot().frames; }

// ---------------------------------------------------------------------------------------------

void EditSession::setState(State state) {
  if (state == state_) return;
  state_ = state;
  Q_EMIT stateChanged(state_);
}

void EditSession::fail(const QString& message) {
  lastError_ = message;
  Q_EMIT errorOccurred(message);
}

}  // namespace ifedit::app
