// The evolution timeline as an artist meets it, on the demo model in the real window: its status
// line (long in German) never widens the window; portrait pictures' tile labels are whole; the
// frame in view is marked where it can be seen; Page Up/Down scrub; the frame choice undoes and
// redoes across a refinement and survives a cancelled second run.
#include <QAction>
#include <QApplication>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include "app/session/edit_history.h"
#include "app/session/edit_session.h"
#include "app/session/evolution_timeline.h"
#include "tests/app_session/test_images.h"
#include "tests/common/private_home.h"
#include "tests/common/session_waits.h"
#include "ui/canvas_view.h"
#include "ui/elided_label.h"
#include "ui/language.h"
#include "ui/main_window.h"
#include "ui/timeline_view.h"

using ifedit::app::EditParameters;
using ifedit::app::EditSession;
using ifedit::testsession::waitForState;
using ifedit::ui::MainWindow;
using ifedit::ui::TimelineView;
using State = EditSession::State;

namespace {

// 33 frames (13 after dropout, 4 of them candidates), 2 steps, a tiny working size: seconds.
EditParameters quickParameters() {
  EditParameters p;
  p.frames = 33;
  p.steps = 2;
  p.maxArea = 64 * 96;
  p.seed = 5;
  return p;
}

struct Shown {
  EditSession session;
  MainWindow window{&session};
  explicit Shown(QSize picture = {640, 360}) {
    window.resize(1100, 750);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) qWarning("window not exposed");
    session.setParameters(quickParameters());
    session.useDemoModel();
    session.setSourceImage(ifedit::testimages::quadrants(picture.width(), picture.height()), QStringLiteral("street.png"));
    session.setInstruction(QStringLiteral("make it night"));
  }
  bool evolve() { return session.useInstructionAsPrompt() && waitForState(session, State::Picking, 120000); }
  TimelineView* timeline() const { return window.timeline(); }
};

}  // namespace

class TestUiTimeline : public QObject {
  Q_OBJECT
  QTemporaryDir home_;

 private Q_SLOTS:
  void initTestCase() { QVERIFY(ifedit::testhome::usePrivateHome(home_)); }
  void cleanup() { ifedit::ui::installTranslations(QStringLiteral("en")); }

  // The line above the strip says the most on a candidate that overrides the pick ("Einzelbild
  // 11 / 12 · Kandidat, Schärfe 5446.0 · ★ Auswahl – klicken Sie …"). It used to be the timeline's
  // minimum width, and so the window's: scrubbing in German widened a 1100 px window to 1575 px
  // (the progress line above it, to 1284 px during the run). Both lines shorten now.
  void statusLineNeverWidensTheWindow_data() {
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << QStringLiteral("en");
    QTest::newRow("de") << QStringLiteral("de");
    QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
  }
  void statusLineNeverWidensTheWindow() {
    QFETCH(QString, language);
    ifedit::ui::installTranslations(language);
    Shown s;
    QVERIFY(s.evolve());
    auto* info = qobject_cast<ifedit::ui::ElidedLabel*>(s.timeline()->infoLabel());
    QVERIFY(info);
    const auto* t = s.session.timeline();
    int needed = -1;  // the window's minimum width, the same on every frame
    for (int frame = 0; frame < t->frameCount(); ++frame) {
      s.session.setViewedFrame(frame);
      QApplication::processEvents();
      const int timeline = s.timeline()->minimumSizeHint().width(), window = s.window.minimumSizeHint().width();
      QVERIFY2(timeline <= 400 && (needed < 0 || window == needed) && s.window.width() == 1100,
               qPrintable(QStringLiteral("frame %1: the timeline needs %2 px, the window %3 (%4 on frame 0) and is %5 "
                                         "wide, for \"%6\"")
                              .arg(frame)
                              .arg(timeline)
                              .arg(window)
                              .arg(needed)
                              .arg(s.window.width())
                              .arg(info->text())));
      if (needed < 0) needed = window;
    }
    // The whole line is still there, for the tooltip and screen readers.
    s.session.setViewedFrame(t->pick());
    QVERIFY(info->text().contains(QStringLiteral("\u2605")));
  }

  // A portrait picture makes narrow tiles; the candidates' "frame · sharpness" and the result's
  // label are wider than them. Each tile is as wide as its label, so none is cut.
  void portraitTileLabelsAreWhole() {
    Shown s({90, 240});
    EditParameters p = quickParameters();
    p.refine = false;  // the longest label: "result (unrefined)"
    s.session.setParameters(p);
    QVERIFY(s.evolve());
    QVERIFY(s.session.requestRefine());
    QVERIFY(waitForState(s.session, State::Done, 120000));
    QApplication::processEvents();
    TimelineView* tv = s.timeline();
    const auto* t = s.session.timeline();
    // A label is drawn in the strip's font at 85 %, the candidates' in bold, clipped to its tile
    // and 2 px either side: "10 · 5361" on a 36 px tile read "0 · 536".
    QFont small = tv->strip()->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    QFont bold = small;
    bold.setBold(true);
    const auto fits = [&](int tile, const QFont& font, const QString& label) {
      const int needed = QFontMetrics(font).horizontalAdvance(label), room = tv->frameTileRect(tile).width() + 4;
      if (needed <= room) return true;
      qWarning("\"%s\" needs %d px, its tile gives %d", qPrintable(label), needed, room);
      return false;
    };
    for (int i : t->candidates()) QVERIFY(fits(i, bold, QStringLiteral("%1 \u00b7 %2").arg(i).arg(t->score(i), 0, 'f', 0)));
    QVERIFY(fits(TimelineView::kResultTile, small, QStringLiteral("result (unrefined)")));
    QVERIFY(fits(0, small, QStringLiteral("0")));
    // The pictures keep their shape inside the wider tiles.
    QVERIFY(tv->frameTileRect(TimelineView::kResultTile).width() > tv->frameTileRect(0).width());
  }

  // Scrubbing shows where it is: the frame in view has a dashed outline around its tile, on the
  // window's background. It was white, which the default light palette all but hides.
  void frameInViewIsMarkedVisibly() {
    Shown s;
    QVERIFY(s.evolve());
    const int viewed = s.session.timeline()->chosen() == 2 ? 3 : 2;
    s.session.setViewedFrame(viewed);
    QApplication::processEvents();
    TimelineView* tv = s.timeline();
    const QImage strip = tv->strip()->grab().toImage();
    const QRect tile = tv->frameTileRect(viewed);
    const int background = qGray(tv->strip()->palette().color(QPalette::Window).rgb());
    int strongest = 0;  // along the outline's top edge, 3 px above the tile
    for (int x = tile.left() - 3; x <= tile.right() + 2; ++x) {
      const QPoint at = QPoint(x, tile.top() - 3) * strip.devicePixelRatio();  // 2x screens too
      strongest = std::max(strongest, std::abs(qGray(strip.pixel(at)) - background));
    }
    QVERIFY2(strongest >= 96, qPrintable(QStringLiteral("outline contrast %1").arg(strongest)));
  }

  // Page Up/Down move by one latent frame's worth of frames (4), as the slider's page step says.
  void pageKeysScrubByFourFrames() {
    Shown s;
    QVERIFY(s.evolve());
    TimelineView* tv = s.timeline();
    tv->setFocus();
    QTest::keyClick(tv, Qt::Key_Home);
    QCOMPARE(s.session.viewedFrame(), 0);
    QTest::keyClick(tv, Qt::Key_PageDown);
    QCOMPARE(s.session.viewedFrame(), TimelineView::kPageFrames);
    QTest::keyClick(tv, Qt::Key_PageDown);
    QCOMPARE(s.session.viewedFrame(), 2 * TimelineView::kPageFrames);
    QTest::keyClick(tv, Qt::Key_PageUp);
    QCOMPARE(s.session.viewedFrame(), TimelineView::kPageFrames);
    QTest::keyClick(tv, Qt::Key_PageUp);
    QTest::keyClick(tv, Qt::Key_PageUp);
    QCOMPARE(s.session.viewedFrame(), 0);
    QCOMPARE(s.session.timeline()->chosen(), s.session.timeline()->pick());  // scrubbing only
  }

  // Choose a frame, refine it, undo the choice (the result leaves the canvas), redo it: the result
  // comes back, as it was before the undo, not an unrefined choice.
  void redoAfterARefinementBringsTheResultBack() {
    Shown s;
    QVERIFY(s.evolve());
    const auto* t = s.session.timeline();
    const int pick = t->pick(), other = pick == 1 ? 3 : 1;
    QTest::mouseClick(s.timeline()->strip(), Qt::LeftButton, Qt::NoModifier, s.timeline()->frameTileRect(other).center());
    QCOMPARE(t->chosen(), other);
    QVERIFY(s.session.requestRefine());
    QVERIFY(waitForState(s.session, State::Done, 120000));
    const QImage result = s.session.resultImage();
    QAction* undo = s.window.action(MainWindow::kActionUndo);
    QAction* redo = s.window.action(MainWindow::kActionRedo);
    QVERIFY(undo->isEnabled());
    undo->trigger();
    QCOMPARE(s.session.state(), State::Picking);
    QCOMPARE(t->chosen(), pick);
    QVERIFY(redo->isEnabled());
    redo->trigger();
    QCOMPARE(s.session.state(), State::Done);
    QCOMPARE(t->chosen(), other);
    QCOMPARE(s.session.resultImage(), result);
    QCOMPARE(s.window.canvas()->shownImage(), result);
    QCOMPARE(s.session.history()->count(), 1);
    // And back again: undo leaves it once more.
    undo->trigger();
    QCOMPARE(s.session.state(), State::Picking);
    QCOMPARE(t->chosen(), pick);
    // Refining the frame undo chose is a new step: redo no longer brings back the result it replaced.
    QVERIFY(redo->isEnabled());
    QVERIFY(s.session.requestRefine());
    QVERIFY(waitForState(s.session, State::Done, 120000));
    const QImage second = s.session.resultImage();
    QVERIFY(!redo->isEnabled());
    QVERIFY(!undo->isEnabled());
    redo->trigger();
    QCOMPARE(s.session.state(), State::Done);
    QCOMPARE(t->chosen(), pick);
    QCOMPARE(s.window.canvas()->shownImage(), second);
    QCOMPARE(s.session.history()->count(), 2);
  }

  // A second run over an evolution whose pick was overridden, cancelled (Esc): the override comes
  // back, and so does its undo step.
  void cancelledSecondRunKeepsTheChoiceUndoable() {
    Shown s;
    QVERIFY(s.evolve());
    const auto* t = s.session.timeline();
    const int pick = t->pick(), other = pick == 1 ? 3 : 1;
    QVERIFY(s.session.chooseFrame(other));
    QVERIFY(s.session.approvePrompt());
    QCOMPARE(s.session.state(), State::Evolving);
    s.window.action(MainWindow::kActionCancel)->trigger();
    QCOMPARE(s.session.state(), State::Picking);
    QCOMPARE(t->chosen(), other);
    QAction* undo = s.window.action(MainWindow::kActionUndo);
    QVERIFY(undo->isEnabled());
    undo->trigger();
    QCOMPARE(t->chosen(), pick);
    // A second run that finishes replaces the evolution, and its steps go with it.
    QVERIFY(s.session.chooseFrame(other));
    QVERIFY(s.session.approvePrompt());
    QVERIFY(waitForState(s.session, State::Picking, 120000));
    QVERIFY(!s.session.undoStack()->canUndo());
    QVERIFY(!undo->isEnabled());
  }
};

QTEST_MAIN(TestUiTimeline)
#include "test_ui_timeline.moc"
