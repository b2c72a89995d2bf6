#pragma once
// Measures how long the event loop of the calling thread goes without turning: a 10 ms timer
// notes the time between its ticks; any engine work done on the UI thread shows up as a long gap.
// Shared by the editor-flow test (which fails above a limit) and the UI stall benchmark.
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>
#include <algorithm>

namespace ifedit::test {

class StallDetector : public QObject {
 public:
  static constexpr int kTickMs = 10;

  StallDetector() {
    timer_.setTimerType(Qt::PreciseTimer);
    timer_.setInterval(kTickMs);
    QObject::connect(&timer_, &QTimer::timeout, this, [this] { tick(); });
  }

  void start() {
    gaps_.clear();
    longest_ = 0;
    clock_.start();
    last_ = 0;
    timer_.start();
  }
  void stop() {
    tick();
    timer_.stop();
  }
  bool running() const { return timer_.isActive(); }

  // Longest time between two ticks (ms); a loop that never stalls shows about kTickMs.
  qint64 longestGapMs() const { return longest_; }
  int ticks() const { return int(gaps_.size()); }
  // The p-th percentile gap (0..100).
  qint64 percentileMs(double p) const {
    if (gaps_.isEmpty()) return 0;
    QList<qint64> sorted = gaps_;
    std::sort(sorted.begin(), sorted.end());
    const auto i = qsizetype(std::clamp(p / 100.0, 0.0, 1.0) * double(sorted.size() - 1) + 0.5);
    return sorted.at(i);
  }
  qint64 elapsedMs() const { return clock_.isValid() ? clock_.elapsed() : 0; }

 private:
  void tick() {
    if (!clock_.isValid()) return;
    const qint64 now = clock_.elapsed();
    const qint64 gap = now - last_;
    last_ = now;
    gaps_.append(gap);
    longest_ = std::max(longest_, gap);
  }

  QTimer timer_;
  QElapsedTimer clock_;
  qint64 last_ = 0;
  qint64 longest_ = 0;
  QList<qint64> gaps_;
};

}  // namespace ifedit::test
