// ifedit-screenshot-midrun: puts the real editor window in the middle of a demo-model run and
// photographs the X screen (for the README). Run it under Xvfb (tests/editor_flow/screenshot.sh):
//   xvfb-run -a -s "-screen 0 1400x900x24" ifedit-screenshot-midrun OUT.png [SOURCE_IMAGE]
// One edit is finished first (so the history has an entry); a second one runs, and once part of
// its evolution is decoded the UI thread stops while `import -window root` takes the picture, so
// the image shows exactly that moment. Not a test.
#include <QApplication>
#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>
#include <QProcess>
#include <QRadialGradient>
#include <QTest>
#include <cstdio>

#include "app/session/edit_session.h"
#include "app/session/evolution_timeline.h"
#include "ui/action_icons.h"
#include "ui/main_window.h"

using ifedit::app::EditSession;
using State = EditSession::State;

namespace {

// A small evening street scene, so the screenshot shows a picture rather than test quadrants.
QImage drawScene(QSize size) {
  QImage image(size, QImage::Format_RGB32);
  QPainter p(&image);
  p.setRenderHint(QPainter::Antialiasing);
  const double w = size.width(), h = size.height();
  QLinearGradient sky(0, 0, 0, h * 0.65);
  sky.setColorAt(0, QColor(96, 150, 214));
  sky.setColorAt(1, QColor(250, 206, 150));
  p.fillRect(image.rect(), sky);
  QRadialGradient sun(w * 0.72, h * 0.38, h * 0.12);
  sun.setColorAt(0, QColor(255, 244, 200));
  sun.setColorAt(1, QColor(255, 214, 140, 0));
  p.setBrush(sun);
  p.setPen(Qt::NoPen);
  p.drawEllipse(QPointF(w * 0.72, h * 0.38), h * 0.12, h * 0.12);
  QPainterPath hills;
  hills.moveTo(0, h * 0.62);
  hills.cubicTo(w * 0.25, h * 0.5, w * 0.45, h * 0.7, w * 0.7, h * 0.58);
  hills.cubicTo(w * 0.85, h * 0.52, w * 0.95, h * 0.6, w, h * 0.57);
  hills.lineTo(w, h);
  hills.lineTo(0, h);
  p.setBrush(QColor(92, 128, 84));
  p.drawPath(hills);
  p.fillRect(QRectF(0, h * 0.78, w, h * 0.22), QColor(88, 88, 96));  // the street
  for (int i = 0; i < 4; ++i) {                                       // houses
    const double x = w * (0.06 + 0.22 * i), bw = w * 0.15, bh = h * (0.2 + 0.04 * (i % 2));
    p.setBrush(QColor::fromHsv(20 + 35 * i, 90, 200));
    p.drawRect(QRectF(x, h * 0.78 - bh, bw, bh));
    p.setBrush(QColor(120, 60, 50));
    p.drawPolygon(QPolygonF({QPointF(x - 6, h * 0.78 - bh), QPointF(x + bw / 2, h * 0.78 - bh - h * 0.09),
                             QPointF(x + bw + 6, h * 0.78 - bh)}));
    p.setBrush(QColor(70, 90, 120));
    p.drawRect(QRectF(x + bw * 0.2, h * 0.78 - bh * 0.7, bw * 0.22, bh * 0.25));
    p.drawRect(QRectF(x + bw * 0.58, h * 0.78 - bh * 0.7, bw * 0.22, bh * 0.25));
    p.setPen(QPen(QColor(40, 40, 44), 3));  // a street lamp
    p.drawLine(QPointF(x + bw + w * 0.03, h * 0.86), QPointF(x + bw + w * 0.03, h * 0.6));
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(230, 230, 210));
    p.drawEllipse(QPointF(x + bw + w * 0.03, h * 0.6), 5, 5);
  }
  return image;
}

bool waitFor(const std::function<bool()>& ready, int ms) { return QTest::qWaitFor(ready, ms); }

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("ifedit"));
  const QStringList args = app.arguments();
  if (args.size() < 2) {
    std::fprintf(stderr, "usage: ifedit-screenshot-midrun OUT.png [SOURCE_IMAGE]\n");
    return 2;
  }
  const QString out = args.at(1);

  EditSession session;
  session.useDemoModel();
  ifedit::ui::MainWindow window(&session);
  ifedit::ui::applyActionIcons(window);  // as ui/main.cpp does
  window.resize(1400, 900);
  window.move(0, 0);
  window.show();
  if (!QTest::qWaitForWindowExposed(&window)) std::fprintf(stderr, "warning: window not exposed\n");
  if (args.size() > 2) {
    if (!window.openImage(args.at(2))) return 1;
  } else {
    session.setSourceImage(drawScene({832, 480}), QStringLiteral("evening-street.png"));
  }

  // Edit 1, small and finished: it fills the history.
  ifedit::app::EditParameters quick;
  quick.frames = 9;
  quick.steps = 4;
  quick.maxArea = 96 * 160;
  session.setParameters(quick);
  session.setInstruction(QStringLiteral("add snow on the roofs"));
  if (!session.requestRun() || !waitFor([&] { return session.state() == State::Reviewing; }, 10000) ||
      !session.approvePrompt() || !waitFor([&] { return session.state() == State::Picking; }, 300000) ||
      !session.requestRefine() || !waitFor([&] { return session.state() == State::Done; }, 300000)) {
    std::fprintf(stderr, "the first edit failed: %s\n", qPrintable(session.lastError()));
    return 1;
  }

  // Edit 2 runs: stop when part of its evolution is decoded.
  ifedit::app::EditParameters params;
  params.frames = 33;
  params.steps = 8;
  params.maxArea = 160 * 288;
  session.setParameters(params);
  session.setInstruction(QStringLiteral("make it night, with the street lamps lit"));
  // Its prompt is written beside the first edit's result (the state stays Done).
  if (!session.requestRun() || !waitFor([&] { return session.state() == State::Done; }, 10000) ||
      !session.approvePrompt()) {
    std::fprintf(stderr, "the second edit did not start: %s\n", qPrintable(session.lastError()));
    return 1;
  }
  const auto* timeline = session.timeline();
  if (!waitFor([&] { return timeline->arrivedFrames() >= 9 || session.state() != State::Evolving; }, 600000) ||
      session.state() != State::Evolving) {
    std::fprintf(stderr, "no mid-run moment (state %d)\n", int(session.state()));
    return 1;
  }
  session.setViewedFrame(timeline->arrivedFrames() - 1);
  // Before (the source, left of the line) and after (the newest frame) side by side.
  window.action(ifedit::ui::MainWindow::kActionSplitCompare)->trigger();
  QTest::qWait(30);  // let the last events paint
  window.repaint();
  // The UI thread waits here, so the screen holds this moment while it is photographed.
  const int rc = QProcess::execute(QStringLiteral("import"), {QStringLiteral("-window"), QStringLiteral("root"), out});
  std::printf("%s: %d of %d frames decoded, rc %d\n", qPrintable(out), timeline->arrivedFrames(),
              timeline->frameCount(), rc);
  session.cancel();
  return rc == 0 ? 0 : 1;
}
