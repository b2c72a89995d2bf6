#pragma once
// The frames of one evolution as they arrive (DESIGN.md §1 steps 2-5): cheap per-step previews
// first, then the decoded frames (each with a thumbnail), then the candidates' sharpness, the
// engine's pick and the frame the user chose (the pick unless overridden). Owned by EditSession;
// the timeline view draws it.
#include <QHash>
#include <QImage>
#include <QList>
#include <QObject>

namespace ifedit::app {

struct TimelineSnapshot {
  QList<QImage> frames;      // null where a frame has not arrived
  QList<QImage> thumbnails;
  QList<int> candidates;
  QHash<int, double> scores;  // candidate frame -> Laplacian variance
  int pick = -1;
  int chosen = -1;
};

class EvolutionTimeline : public QObject {
  Q_OBJECT
 public:
  explicit EvolutionTimeline(QObject* parent = nullptr);

  // Previews: the x0 prediction of the last latent frame after each denoising step.
  int previewCount() const { return int(previews_.size()); }
  QImage preview(int step) const { return previews_.value(step); }
  int previewTotal() const { return previewTotal_; }  // steps of the run (0 when unknown)

  // Decoded frames: frameCount() slots, filled as frames arrive.
  int frameCount() const { return int(snapshot_.frames.size()); }
  int arrivedFrames() const { return arrived_; }
  bool hasFrame(int index) const { return !snapshot_.frames.value(index).isNull(); }
  QImage frame(int index) const { return snapshot_.frames.value(index); }
  QImage thumbnail(int index) const { return snapshot_.thumbnails.value(index); }
  bool isDecoded() const { return frameCount() > 0 && arrived_ > 0; }

  bool isCandidate(int index) const { return snapshot_.candidates.contains(index); }
  QList<int> candidates() const { return snapshot_.candidates; }
  bool hasScore(int index) const { return snapshot_.scores.contains(index); }
  double score(int index) const { return snapshot_.scores.value(index); }
  int pick() const { return snapshot_.pick; }      // the sharpest candidate, -1 before scoring
  int chosen() const { return snapshot_.chosen; }  // what refinement starts from
  bool isOverridden() const { return snapshot_.chosen >= 0 && snapshot_.chosen != snapshot_.pick; }

  const TimelineSnapshot& snapshot() const { return snapshot_; }

  // Fed by the session.
  void clear();
  void setPreviewTotal(int steps);
  void addPreview(int step, const QImage& image);
  void setExpectedFrames(int count);  // grows or shrinks the empty slots (before frames arrive)
  void addFrames(int first, const QList<QImage>& frames, const QList<QImage>& thumbnails);
  void setScores(const QList<int>& candidates, const QList<double>& sharpness, int pick);
  // False when `index` is not a decoded frame.
  bool setChosen(int index);
  void restore(const TimelineSnapshot& snapshot);

 Q_SIGNALS:
  void cleared();
  void previewAdded(int step);
  void framesChanged(int first, int count);  // slots added or filled
  void scoresChanged();
  void chosenChanged(int index);

 private:
  QList<QImage> previews_;
  int previewTotal_ = 0;
  TimelineSnapshot snapshot_;
  int arrived_ = 0;
};

}  // namespace ifedit::app
