#pragma once
// Measures how long the event loop of the calling thread goes without turning: a 10 ms timer
// notes the time between its ticks; any engine work done on the UI thread shows up as a long gap.
// It also notes how much of each gap the thread itself spent on the CPU: a gap the thread was
// busy for is work on the UI thread, one it was not is the machine pausing the process (a loaded
// CI machine), which the test must not count as a stall. Shared by the editor-flow test (which
// fails above a limit) and the UI stall benchmark.
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>
#include <algorithm>
#include <ctime>

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
    longestBusy_ = 0;
    clock_.start();
    last_ = 0;
    lastCpu_ = threadCpuMs();
    timer_.start();
  }
  void stop() {
    tick();
    timer_.stop();
  }
  bool running() const { return timer_.isActive(); }

  // Longest time between two ticks (ms); a loop that never stalls shows about kTickMs.
  qint64 longestGapMs() const { return longest_; }
  // The most CPU time the thread itself spent between two ticks (ms): its own work in a gap.
  qint64 longestBusyGapMs() const { return longestBusy_; }
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
    const qint64 cpu = threadCpuMs();
    longestBusy_ = std::max(longestBusy_, cpu - lastCpu_);
    lastCpu_ = cpu;
  }
  static qint64 threadCpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return qint64(t.tv_sec) * 1000 + t.tv_nsec / 1000000;
  }

  QTimer timer_;
  QElapsedTimer clock_;
  qint64 last_ = 0;
  qint64 longest_ = 0;
  qint64 lastCpu_ = 0;
  qint64 longestBusy_ = 0;
  QList<qint64> gaps_;
};

}  // namespace ifedit::test
