#include "app/session/evolution_timeline.h"

namespace ifedit::app {

EvolutionTimeline::EvolutionTimeline(QObject* parent) : QObject(parent) {}

void EvolutionTimeline::clear() {
  previews_.clear();
  previewTotal_ = 0;
  snapshot_ = TimelineSnapshot();
  arrived_ = 0;
  Q_EMIT cleared();
}

void EvolutionTimeline::setPreviewTotal(int steps) { previewTotal_ = qMax(0, steps); }

void EvolutionTimeline::addPreview(int step, const QImage& image) {
  if (step < 0) return;
  if (step >= previews_.size()) previews_.resize(step + 1);
  previews_[step] = image;
  previewTotal_ = qMax(previewTotal_, int(previews_.size()));
  Q_EMIT previewAdded(step);
}

void EvolutionTimeline::setExpectedFrames(int count) {
  if (arrived_ > 0 || count < 0 || count == frameCount()) return;
  snapshot_.frames.resize(count);
  snapshot_.thumbnails.resize(count);
  Q_EMIT framesChanged(0, count);
}

void EvolutionTimeline::addFrames(int first, const QList<QImage>& frames, const QList<QImage>& thumbnails) {
  if (first < 0 || frames.isEmpty()) return;
  const int end = first + int(frames.size());
  if (end > frameCount()) {
    snapshot_.frames.resize(end);
    snapshot_.thumbnails.resize(end);
  }
  for (int i = 0; i < frames.size(); ++i) {
    if (snapshot_.frames[first + i].isNull() && !frames[i].isNull()) ++arrived_;
    snapshot_.frames[first + i] = frames[i];
    snapshot_.thumbnails[first + i] = thumbnails.value(i, frames[i]);
  }
  Q_EMIT framesChanged(first, int(frames.size()));
}

void EvolutionTimeline::setScores(const QList<int>& candidates, const QList<double>& sharpness, int pick) {
  snapshot_.candidates = candidates;
  snapshot_.scores.clear();
  for (int i = 0; i < candidates.size() && i < sharpness.size(); ++i) snapshot_.scores.insert(candidates[i], sharpness[i]);
  snapshot_.pick = pick;
  Q_EMIT scoresChanged();
  setChosen(pick);
}

bool EvolutionTimeline::setChosen(int index) {
  if (!hasFrame(index)) return false;
  if (index == snapshot_.chosen) return true;
  snapshot_.chosen = index;
  Q_EMIT chosenChanged(index);
  return true;
}

void EvolutionTimeline::restore(const TimelineSnapshot& snapshot) {
  clear();
  snapshot_ = snapshot;
  arrived_ = 0;
  for (const QImage& f : snapshot_.frames) arrived_ += f.isNull() ? 0 : 1;
  Q_EMIT framesChanged(0, frameCount());
  Q_EMIT scoresChanged();
  Q_EMIT chosenChanged(snapshot_.chosen);
}

}  // namespace ifedit::app
