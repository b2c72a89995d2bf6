#include "app/engine/engine_worker.h"

#include <QMetaObject>
#include <exception>
#include <new>
#include <utility>

#include "api/threads.h"
#include "app/engine/image_convert.h"
#include "app/engine/parameters_convert.h"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace ifedit::app {
namespace {

RunStage toRunStage(api::Stage s) {
  switch (s) {
    case api::Stage::LoadingModels: return RunStage::LoadingModels;
    case api::Stage::EncodingText: return RunStage::EncodingText;
    case api::Stage::EncodingImage: return RunStage::EncodingImage;
    case api::Stage::Denoising: return RunStage::Denoising;
    case api::Stage::Decoding: return RunStage::Decoding;
    case api::Stage::Scoring: return RunStage::Scoring;
    case api::Stage::Refining: return RunStage::Refining;
    case api::Stage::Done: return RunStage::Done;
  }
  return RunStage::Idle;
}

StepProgress toStep(const api::StepInfo& s) { return {s.index, s.total, s.timestep, s.highExpert, s.refining}; }

ModelSummary summarize(const api::ModelInfo& info) {
  ModelSummary m;
  m.identity = QString::fromStdString(info.identity);
  m.device = QString::fromStdString(info.device);
  m.precision = QString::fromStdString(info.precision);
  m.memoryMode = QString::fromStdString(info.memoryMode);
  m.randomWeights = info.randomWeights;
  for (const auto& n : info.notes) m.notes << QString::fromStdString(n);
  return m;
}

int defaultThreads() { return qMax(1, QThread::idealThreadCount() - 1); }

void registerTypes() {
  static const bool once = [] {
    qRegisterMetaType<ModelSummary>();
    qRegisterMetaType<EvolutionPtr>();
    qRegisterMetaType<RefinePtr>();
    qRegisterMetaType<StepProgress>();
    qRegisterMetaType<RunStage>();
    return true;
  }();
  (void)once;
}

}  // namespace

QString engineErrorText(const std::exception& e) {
  // std::bad_alloc's what() is just "std::bad_alloc"; torch's own allocators already say how much.
  if (dynamic_cast<const std::bad_alloc*>(&e))
    return EngineWorker::tr("out of memory: this run needs more memory than is free (a smaller working resolution, "
                            "fewer frames or fewer steps need less)");
  return QString::fromUtf8(e.what()).trimmed();
}

// Engine callbacks arrive on the worker thread; each becomes a signal with Qt types (the images
// converted and thumbnailed here, off the UI thread).
class EngineWorker::Events : public api::EngineEvents {
 public:
  Events(EngineWorker* worker, quint64 job) : w_(worker), job_(job) {}

  void stage(api::Stage s, const std::string& detail) override {
    Q_EMIT w_->stageChanged(job_, toRunStage(s), QString::fromStdString(detail));
  }
  void loadProgress(double fraction) override { Q_EMIT w_->loadProgressed(job_, fraction); }
  void step(const api::StepInfo& s) override { Q_EMIT w_->stepDone(job_, toStep(s)); }
  void dropout(const std::vector<int64_t>& kept, int atStep) override {
    QList<int> k;
    for (auto v : kept) k << int(v);
    Q_EMIT w_->dropoutApplied(job_, k, atStep);
  }
  void preview(const api::StepInfo& s, const api::Image& image) override {
    Q_EMIT w_->previewReady(job_, toStep(s), toQImage(image));
  }
  void frames(int first, const std::vector<api::Image>& images, bool refining) override {
    QList<QImage> full, thumbs;
    for (const auto& i : images) {
      full << toQImage(i);
      thumbs << full.last().scaledToHeight(qMin(kThumbnailHeight, full.last().height()), Qt::SmoothTransformation);
    }
    Q_EMIT w_->framesReady(job_, first, full, thumbs, refining);
  }
  void scores(const std::vector<int>& indices, const std::vector<double>& sharpness, int pick,
              bool refining) override {
    Q_EMIT w_->scoresReady(job_, QList<int>(indices.begin(), indices.end()),
                           QList<double>(sharpness.begin(), sharpness.end()), pick, refining);
  }

 private:
  EngineWorker* w_;
  quint64 job_;
};

EngineWorker::EngineWorker() : threads_(defaultThreads()) { registerTypes(); }

EngineWorker::~EngineWorker() = default;

std::shared_ptr<CancelToken> EngineWorker::registerJob(quint64* id) {
  auto token = std::make_shared<CancelToken>();
  std::lock_guard lock(mutex_);
  *id = nextJob_++;
  if (shuttingDown_.load()) token->cancel();
  tokens_[*id] = token;
  return token;
}

void EngineWorker::endJob(quint64 id) {
  std::lock_guard lock(mutex_);
  tokens_.erase(id);
}

void EngineWorker::cancel(quint64 job) {
  std::lock_guard lock(mutex_);
  if (auto it = tokens_.find(job); it != tokens_.end()) it->second->cancel();
}

void EngineWorker::cancelAll() {
  std::lock_guard lock(mutex_);
  for (auto& [id, token] : tokens_) token->cancel();
}

void EngineWorker::shutdown() {
  shuttingDown_.store(true);
  cancelAll();
}

void EngineWorker::prepareThread() {
  const int wanted = threads_.load();
  if (wanted == appliedThreads_) return;
  appliedThreads_ = api::setEngineThreads(wanted);
#ifdef __linux__
  // A little lower priority than the UI thread: when every core is busy, the scheduler serves the
  // window first (a frame drawn late is felt, a step finished 1 % later is not).
  static thread_local bool niced = false;
  if (!niced) {
    const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
    const int current = ::getpriority(PRIO_PROCESS, tid);
    ::setpriority(PRIO_PROCESS, tid, qMin(19, current + 4));
    niced = true;
  }
#endif
}

template <typename Body>
void EngineWorker::runJob(quint64 job, const std::shared_ptr<CancelToken>& token, Body&& body) {
  try {
    if (token->requested()) throw Cancelled();
    prepareThread();
    body();
  } catch (const Cancelled&) {
    endJob(job);
    Q_EMIT jobCancelled(job);
    return;
  } catch (const std::exception& e) {
    endJob(job);
    // A failure after a cancel request is reported as the cancel it was asked for.
    if (token->requested()) Q_EMIT jobCancelled(job);
    else Q_EMIT jobFailed(job, engineErrorText(e));
    return;
  } catch (...) {
    endJob(job);
    Q_EMIT jobFailed(job, tr("unknown engine error"));
    return;
  }
  endJob(job);
}

void EngineWorker::ensureModels(quint64 job, const ModelSetup& model, api::EngineEvents& events,
                                const CancelToken* cancel) {
  if (!model.isSet()) throw std::runtime_error("no model configured");
  const auto info = engine_.load(toModelOptions(model), &events, cancel);
  modelsLoaded_.store(engine_.loaded());
  Q_EMIT modelReady(job, summarize(info));
}

quint64 EngineWorker::submitLoad(const ModelSetup& model) {
  quint64 id = 0;
  auto token = registerJob(&id);
  QMetaObject::invokeMethod(
      this,
      [this, id, token, model] {
        runJob(id, token, [&] {
          Events events(this, id);
          ensureModels(id, model, events, token.get());
          Q_EMIT loadFinished(id, summarize(engine_.info()));
        });
      },
      Qt::QueuedConnection);
  return id;
}

quint64 EngineWorker::submitEvolve(const ModelSetup& model, const QImage& source, const QString& prompt,
                                   const EditParameters& parameters) {
  quint64 id = 0;
  auto token = registerJob(&id);
  QMetaObject::invokeMethod(
      this,
      [this, id, token, model, source, prompt, parameters] {
        runJob(id, token, [&] {
          Events events(this, id);
          ensureModels(id, model, events, token.get());
          token->throwIfCancelled();
          api::EvolveRequest request{toEngineImage(source), prompt.toStdString(), toEngineSettings(parameters)};
          auto evolution = std::make_shared<const api::Evolution>(engine_.evolve(request, events, token.get()));
          Q_EMIT evolveFinished(id, evolution);
        });
      },
      Qt::QueuedConnection);
  return id;
}

quint64 EngineWorker::submitRefine(EvolutionPtr evolution, int frame, const QString& staticPrompt,
                                   const api::RefineOptions& options, const ModelSetup& model) {
  quint64 id = 0;
  auto token = registerJob(&id);
  QMetaObject::invokeMethod(
      this,
      [this, id, token, evolution = std::move(evolution), frame, staticPrompt, options, model] {
        runJob(id, token, [&] {
          if (!evolution) throw std::runtime_error("refine: no evolution to refine");
          Events events(this, id);
          if (options.refine) ensureModels(id, model, events, token.get());
          token->throwIfCancelled();
          auto result = std::make_shared<const api::RefineResult>(
              engine_.refine(*evolution, frame, staticPrompt.toStdString(), options, events, token.get()));
          Q_EMIT refineFinished(id, result, toQImage(result->image));
        });
      },
      Qt::QueuedConnection);
  return id;
}

EngineThread::EngineThread() : worker_(new EngineWorker) {
  thread_.setObjectName(QStringLiteral("ifedit-engine"));
  worker_->moveToThread(&thread_);
  QObject::connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  thread_.start();
}

EngineThread::~EngineThread() {
  worker_->shutdown();
  thread_.quit();
  thread_.wait();
}

}  // namespace ifedit::app
