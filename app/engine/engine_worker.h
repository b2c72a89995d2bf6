#pragma once
// The engine on its own thread (DESIGN.md §3, STYLE.md "Threads"): one EngineWorker lives on a
// QThread for the life of the session, so the models stay loaded between edits. Requests are
// queued invocations on that thread, one at a time in order; every engine event comes back as a
// signal (queued to the receiver's thread) carrying QImages made on the worker. Cancel sets the
// job's token directly, because the worker is busy inside the engine when it matters.
// App-internal: it includes the engine's API, so ui/ never sees this header.
#include <QImage>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QThread>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>

#include "api/engine.h"
#include "app/session/edit_parameters.h"
#include "app/session/run_progress.h"

namespace ifedit::app {

using EvolutionPtr = std::shared_ptr<const api::Evolution>;
using RefinePtr = std::shared_ptr<const api::RefineResult>;

struct ModelSummary {
  QString identity;
  QString device;
  QString precision;
  QString memoryMode;  // "resident", "swap", "fp8", "lowvram" (as chosen for "auto")
  bool randomWeights = false;
  QStringList notes;
};

class EngineWorker : public QObject {
  Q_OBJECT
 public:
  // Height of the thumbnails sent with decoded frames (scaled on the worker, not the UI thread).
  static constexpr int kThumbnailHeight = 96;

  EngineWorker();
  ~EngineWorker() override;

  // Intra-op threads the engine uses on the worker thread; default: all cores but one, so the
  // UI thread keeps one. Takes effect with the next job.
  void setThreads(int threads) { threads_.store(threads); }
  int threads() const { return threads_.load(); }

  // Thread-safe, from any thread: queue a job and return its id. The job's events and its end
  // (finished/failed/cancelled) carry that id.
  quint64 submitLoad(const ModelSetup& model);
  quint64 submitEvolve(const ModelSetup& model, const QImage& source, const QString& prompt,
                       const EditParameters& parameters);
  // Refinement loads `model` first when it is not the one loaded (a failed load of another folder,
  // or an earlier edit of the history, made with another model).
  quint64 submitRefine(EvolutionPtr evolution, int frame, const QString& staticPrompt,
                       const api::RefineOptions& options, const ModelSetup& model);
  // Thread-safe: the job stops at the engine's next check (within a DiT block or VAE chunk) and
  // ends with jobCancelled; a job still queued ends the same way without starting.
  void cancel(quint64 job);
  void cancelAll();
  // Refuse further jobs and cancel what runs (before the thread is stopped).
  void shutdown();

  // Whether models are loaded (worker thread state, read without locking: informative only).
  bool modelsLoaded() const { return modelsLoaded_.load(); }

 Q_SIGNALS:
  // All emitted on the worker thread.
  void modelReady(quint64 job, const ifedit::app::ModelSummary& model);
  void stageChanged(quint64 job, ifedit::app::RunStage stage, const QString& detail);
  // While models load: the fraction of the set's weights read (0..1).
  void loadProgressed(quint64 job, double fraction);
  void stepDone(quint64 job, const ifedit::app::StepProgress& step);
  void dropoutApplied(quint64 job, const QList<int>& keptLatentFrames, int atStep);
  void previewReady(quint64 job, const ifedit::app::StepProgress& step, const QImage& preview);
  void framesReady(quint64 job, int first, const QList<QImage>& frames, const QList<QImage>& thumbnails,
                   bool refining);
  void scoresReady(quint64 job, const QList<int>& frames, const QList<double>& sharpness, int pick, bool refining);
  void evolveFinished(quint64 job, const ifedit::app::EvolutionPtr& evolution);
  void refineFinished(quint64 job, const ifedit::app::RefinePtr& result, const QImage& image);
  void loadFinished(quint64 job, const ifedit::app::ModelSummary& model);
  void jobFailed(quint64 job, const QString& message);
  void jobCancelled(quint64 job);

 private:
  class Events;
  std::shared_ptr<CancelToken> registerJob(quint64* id);
  void endJob(quint64 id);
  void prepareThread();
  // Loads or keeps the models; emits modelReady. Throws on failure.
  void ensureModels(quint64 job, const ModelSetup& model, api::EngineEvents& events, const CancelToken* cancel);
  template <typename Body>
  void runJob(quint64 job, const std::shared_ptr<CancelToken>& token, Body&& body);

  api::Engine engine_;  // touched on the worker thread only
  std::mutex mutex_;
  std::map<quint64, std::shared_ptr<CancelToken>> tokens_;
  quint64 nextJob_ = 1;
  std::atomic<int> threads_;
  std::atomic<bool> shuttingDown_{false};
  std::atomic<bool> modelsLoaded_{false};
  int appliedThreads_ = 0;  // worker thread
};

// Owns the thread and the worker on it. Destruction: cancel, quit, wait (never leaves the engine
// running inside a dying process).
class EngineThread {
 public:
  EngineThread();
  ~EngineThread();
  EngineThread(const EngineThread&) = delete;
  EngineThread& operator=(const EngineThread&) = delete;

  EngineWorker* worker() const { return worker_; }
  QThread* thread() { return &thread_; }

 private:
  QThread thread_;
  EngineWorker* worker_;
};

// A short, readable "what went wrong" from an engine exception message.
QString engineErrorText(const std::exception& e);

}  // namespace ifedit::app

Q_DECLARE_METATYPE(ifedit::app::ModelSummary)
Q_DECLARE_METATYPE(ifedit::app::EvolutionPtr)
Q_DECLARE_METATYPE(ifedit::app::RefinePtr)
