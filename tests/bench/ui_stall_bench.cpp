// ifedit-ui-stall-bench: how long the editor's UI thread goes without turning its event loop while
// the demo model runs whole edits (prompt -> evolve -> refine) through the real window. Engine work
// on the UI thread, or UI work that grows with the frame size, shows up as a long gap. Not a test:
// it prints numbers (recorded in tests/bench/README.md); the editor-flow test enforces a limit.
//
//   ifedit-ui-stall-bench [--runs N] [--frames F] [--steps S] [--max-area PIXELS] [--size WxH]
//                         [--threads T]
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QPainter>
#include <QTest>
#include <QThread>
#include <cstdio>
#include <cstdlib>

#include "app/session/edit_session.h"
#include "tests/common/session_waits.h"
#include "app/session/evolution_timeline.h"
#include "tests/editor_flow/stall_detector.h"
#include "ui/main_window.h"

using ifedit::app::EditSession;
using State = EditSession::State;
using ifedit::testsession::waitForState;

namespace {

QImage syntheticSource(QSize size) {
  QImage image(size, QImage::Format_RGB32);
  QPainter p(&image);
  QLinearGradient g(0, 0, size.width(), size.height());
  g.setColorAt(0, QColor(40, 90, 160));
  g.setColorAt(1, QColor(230, 180, 90));
  p.fillRect(image.rect(), g);
  p.setBrush(QColor(200, 40, 40));
  p.drawEllipse(QRect(size.width() / 3, size.height() / 3, size.width() / 3, size.height() / 3));
  return image;
}

}  // namespace

int main(int argc, char** argv) {
  if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("Longest UI event-loop stall during demo-model edits."));
  parser.addHelpOption();
  const QCommandLineOption runs(QStringLiteral("runs"), QStringLiteral("Edits to run (3)."), QStringLiteral("N"), QStringLiteral("3"));
  const QCommandLineOption frames(QStringLiteral("frames"), QStringLiteral("Frames (17)."), QStringLiteral("F"), QStringLiteral("17"));
  const QCommandLineOption steps(QStringLiteral("steps"), QStringLiteral("Steps (8)."), QStringLiteral("S"), QStringLiteral("8"));
  const QCommandLineOption area(QStringLiteral("max-area"), QStringLiteral("Working pixel budget (24576: about 128x192; the demo model is CPU-bound above)."),
                                QStringLiteral("PIXELS"), QStringLiteral("24576"));
  const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Source image size (1216x832)."), QStringLiteral("WxH"),
                                QStringLiteral("1216x832"));
  const QCommandLineOption threads(QStringLiteral("threads"), QStringLiteral("Engine threads (default: cores - 1)."),
                                   QStringLiteral("T"), QStringLiteral("0"));
  parser.addOptions({runs, frames, steps, area, size, threads});
  parser.process(app);

  const QStringList wh = parser.value(size).split(QLatin1Char('x'));
  const QSize sourceSize(wh.value(0).toInt(), wh.value(1).toInt());
  if (sourceSize.isEmpty()) {
    std::fprintf(stderr, "--size expects WxH\n");
    return 2;
  }
  ifedit::app::EditParameters params;
  params.frames = parser.value(frames).toInt();
  params.steps = parser.value(steps).toInt();
  params.maxArea = parser.value(area).toLongLong();
  params.seed = 1;

  EditSession session;
  session.setParameters(params);
  session.useDemoModel();
  if (const int t = parser.value(threads).toInt(); t > 0) session.setEngineThreads(t);
  ifedit::ui::MainWindow window(&session);
  window.resize(1400, 900);
  window.show();
  if (!QTest::qWaitForWindowExposed(&window)) std::fprintf(stderr, "warning: window not exposed\n");
  session.setSourceImage(syntheticSource(sourceSize), QStringLiteral("bench"));
  session.setInstruction(QStringLiteral("make it night"));

  ifedit::test::StallDetector stalls;
  // Baseline: the idle loop on this machine (other processes included).
  stalls.start();
  QTest::qWait(1000);
  stalls.stop();
  std::printf("machine: %d cores, engine threads %s, platform %s\n", QThread::idealThreadCount(),
              parser.value(threads) == QLatin1String("0") ? "cores-1" : qPrintable(parser.value(threads)),
              qPrintable(QGuiApplication::platformName()));
  std::printf("settings: %d frames, %d steps, max area %lld, source %dx%d\n", params.frames, params.steps,
              static_cast<long long>(params.maxArea), sourceSize.width(), sourceSize.height());
  std::printf("idle baseline: longest gap %lld ms, p99 %lld ms\n", stalls.longestGapMs(), stalls.percentileMs(99));
  std::printf("%-4s %10s %12s %10s %10s %8s\n", "run", "edit s", "longest ms", "p99 ms", "p50 ms", "frames");

  qint64 worst = 0;
  const int n = qMax(1, parser.value(runs).toInt());
  for (int i = 0; i < n; ++i) {
    QElapsedTimer clock;
    clock.start();
    stalls.start();
    if (!session.requestRun() || !waitForState(session, State::Reviewing, 10000) || !session.approvePrompt() ||
        !waitForState(session, State::Picking, 600000) || !session.requestRefine() ||
        !waitForState(session, State::Done, 600000)) {
      std::fprintf(stderr, "run %d failed in state %d: %s\n", i + 1, int(session.state()), qPrintable(session.lastError()));
      return 1;
    }
    stalls.stop();
    worst = qMax(worst, stalls.longestGapMs());
    std::printf("%-4d %10.2f %12lld %10lld %10lld %8d\n", i + 1, clock.elapsed() / 1000.0, stalls.longestGapMs(),
                stalls.percentileMs(99), stalls.percentileMs(50), session.timeline()->frameCount());
    std::fflush(stdout);
  }
  std::printf("longest UI stall over %d demo edits: %lld ms (goal: under 50 ms; the flow test fails above 250 ms)\n", n,
              worst);
  return 0;
}
