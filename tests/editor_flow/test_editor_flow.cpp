// The whole editor driven as a user would (QTest on the real window, offscreen) on the demo model
// and a loopback VLM server: open -> instruction -> the prompt streams in -> edit and approve ->
// the run (previews, then frames; progress; the window keeps turning) -> override the pick, undo
// it, scrub and play -> refine -> compare before/after -> history and chaining -> cancel mid-run
// and run again; an unreachable VLM, a missing model and broken files give messages, not crashes.
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QScrollArea>
#include <QScrollBar>
#include <QTest>
#include <QTextCursor>
#include <QUndoStack>
#include <algorithm>

#include "app/export/edit_metadata.h"
#include "app/export/exporter.h"
#include "app/session/edit_history.h"
#include "app/session/edit_session.h"
#include "app/session/evolution_timeline.h"
#include "app/settings/app_settings.h"
#include "tests/app_session/test_images.h"
#include "tests/common/private_home.h"
#include "tests/common/session_waits.h"
#include "tests/common/text_contrast.h"
#include "tests/common/window_actions.h"
#include "tests/editor_flow/stall_detector.h"
#include "tests/vlm/loopback_server.h"
#include "ui/canvas_view.h"
#include "ui/compare_bar.h"
#include "ui/dialog_controller.h"
#include "ui/export_dialog.h"
#include "ui/first_run_panel.h"
#include "ui/history_panel.h"
#include "ui/instruction_box.h"
#include "ui/main_window.h"
#include "ui/prompt_review_panel.h"
#include "ui/run_progress_panel.h"
#include "ui/theme.h"
#include "ui/timeline_view.h"

using ifedit::app::EditParameters;
using ifedit::app::EditSession;
using ifedit::ui::MainWindow;
using State = ifedit::app::EditSession::State;
namespace ti = ifedit::testimages;
namespace lb = ifedit::test;
namespace tu = ifedit::testui;
using tu::openBoxes;
using tu::takeMessage;
using ifedit::testsession::waitForState;

namespace {

// The longest the UI thread may go without turning its event loop during a demo-model run.
constexpr qint64 kMaxStallMs = 250;

// Small and fast: 9 frames, 4 steps, about 64 x 96 pixels.
EditParameters smallParameters() {
  EditParameters p;
  p.frames = 9;
  p.steps = 4;
  p.maxArea = 64 * 96;
  p.seed = 11;
  return p;
}

const QStringList kPromptPieces = {
    QStringLiteral("The daylight slowly fades; "), QStringLiteral("the sky turns deep blue, "),
    QStringLiteral("street lamps light up one by one. "),
    QStringLiteral("Final moment: the same street at night, composition and camera unchanged.")};

// The colour the canvas shows at a fraction of the picture's width and height.
QColor canvasColorAt(ifedit::ui::CanvasView* canvas, double fx, double fy) {
  const QImage shot = canvas->viewport()->grab().toImage();
  const QRect shown = canvas->mapFromScene(canvas->sceneRect()).boundingRect();
  const QPoint at(shown.left() + int(fx * shown.width()), shown.top() + int(fy * shown.height()));
  return shot.pixelColor(at * shot.devicePixelRatio());
}

// Answers "Leave this evolution?" (a new picture over an unrefined evolution) with Discard.
bool discardTheEvolution(QWidget* window) {
  QMessageBox* box = nullptr;
  if (!QTest::qWaitFor([&] { return (box = window->findChild<QMessageBox*>(QStringLiteral("leaveEvolutionQuestion"))); }, 3000))
    return false;
  for (QAbstractButton* b : box->buttons())
    if (box->buttonRole(b) == QMessageBox::DestructiveRole) b->click();
  return QTest::qWaitFor([&] { return !window->findChild<QMessageBox*>(QStringLiteral("leaveEvolutionQuestion")); }, 3000);
}

bool near(const QColor& a, const QColor& b, int tolerance = 40) {
  return qAbs(a.red() - b.red()) <= tolerance && qAbs(a.green() - b.green()) <= tolerance &&
         qAbs(a.blue() - b.blue()) <= tolerance;
}

}  // namespace

class TestEditorFlow : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir home_, dir_;
  QString sourcePng_;
  QString randomPng_;

  struct Shown {
    EditSession session;
    MainWindow window{&session};
    Shown() {
      window.resize(1400, 900);
      window.show();
      if (!QTest::qWaitForWindowExposed(&window)) qWarning("window not exposed");
    }
    // The window active, the demo model at the small test settings (a VLM at `vlm` if given),
    // and `picture` open: where most runs start.
    bool ready(const QString& picture, const QUrl& vlm = QUrl()) {
      window.activateWindow();
      if (!QTest::qWaitForWindowActive(&window)) return false;
      session.setParameters(smallParameters());
      session.useDemoModel();
      if (!vlm.isEmpty()) session.setVlmEndpoint({vlm, QStringLiteral("m"), QString()});
      return window.openImage(picture);
    }
  };

  // A VLM that streams kPromptPieces, 80 ms apart.
  static lb::LoopbackServer streamingVlm() {
    return lb::LoopbackServer([](QTcpSocket* s, const lb::HttpRequest&, int) {
      lb::startEventStream(s);
      int t = 0;
      for (const QString& piece : kPromptPieces) {
        t += 80;
        lb::later(s, t, [s, piece] { lb::sendChunk(s, lb::sseEvent(lb::deltaJson(piece))); });
      }
      lb::later(s, t + 80, [s] {
        lb::sendChunk(s, lb::sseEvent(lb::deltaJson(QString(), QStringLiteral("stop"))) + lb::sseEvent("[DONE]"));
        lb::endChunks(s);
      });
    });
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(ifedit::testhome::usePrivateHome(home_));
    QVERIFY(dir_.isValid());
    sourcePng_ = dir_.filePath(QStringLiteral("street.png"));
    QVERIFY(ti::writeFile(sourcePng_, ti::encode(ti::quadrants(96, 64), "png")));
    randomPng_ = dir_.filePath(QStringLiteral("broken.png"));
    QVERIFY(ti::writeFile(randomPng_, ti::randomBytes(3000, 5)));
  }

  void firstRunExplainsAndOffersTheDemoModel() {
    Shown s;
    ifedit::ui::FirstRunPanel* panel = s.window.firstRunPanel();
    QVERIFY(panel->isVisible());
    const QString text = panel->textLabel()->text();
    QVERIFY(text.contains(QStringLiteral("Wan2.2-I2V-A14B")));
    QVERIFY(text.contains(QStringLiteral("high_noise_model")));
    QVERIFY(text.contains(QStringLiteral("Model folder")));
    QVERIFY(text.contains(QStringLiteral("random-weight output")));
    QVERIFY(s.window.modelStatusLabel()->text().startsWith(QStringLiteral("No model configured")));
    QTest::mouseClick(panel->demoButton(), Qt::LeftButton);
    QVERIFY(s.session.demoRequested());
    QVERIFY(!panel->isVisible());
    QVERIFY(s.window.modelStatusLabel()->text().contains(QStringLiteral("random")));
    QVERIFY(s.window.action(MainWindow::kActionUseDemo)->isChecked());
  }

  void theWholeFlow() {
    lb::LoopbackServer vlm = streamingVlm();
    QVERIFY(vlm.isListening());
    Shown s;
    MainWindow& w = s.window;
    EditSession& session = s.session;
    session.setParameters(smallParameters());
    session.setVlmEndpoint({vlm.baseUrl(), QStringLiteral("test-model"), QString()});
    session.useDemoModel();

    // 1. Open.
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QVERIFY(w.openImage(sourcePng_));
    QCOMPARE(w.canvas()->imageSize(), QSize(96, 64));

    // 2. Instruction (opening put the cursor there), Ctrl+Enter: the prompt streams into the review panel.
    QPlainTextEdit* instruction = w.instructionBox()->editor();
    QTRY_VERIFY(instruction->hasFocus());
    QTest::keyClicks(instruction, QStringLiteral("make it night"));
    QCOMPARE(session.instruction(), QStringLiteral("make it night"));
    QTest::keyClick(instruction, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(session.state(), State::Rewriting);
    ifedit::ui::PromptReviewPanel* review = w.promptReview();
    QVERIFY(review->originLabel()->text().contains(QStringLiteral("VLM")));
    QVERIFY(w.progressPanel()->isVisible());  // a busy bar while the VLM writes
    // Part of the text is shown while the rest is still being written.
    QVERIFY(QTest::qWaitFor(
        [&] { return !review->editor()->toPlainText().isEmpty() || session.state() != State::Rewriting; }, 5000));
    QCOMPARE(session.state(), State::Rewriting);
    const QString partial = review->editor()->toPlainText();
    QVERIFY(review->editor()->isReadOnly());
    QVERIFY(waitForState(session, State::Reviewing, 10000));
    const QString full = kPromptPieces.join(QString());
    QCOMPARE(session.prompt(), full);
    QCOMPARE(review->editor()->toPlainText(), full);
    QVERIFY2(partial.size() < full.size(), qPrintable(partial));
    QVERIFY(full.startsWith(partial));
    QCOMPARE(session.promptSource(), EditSession::kPromptFromVlm);
    QVERIFY2(review->originLabel()->text().contains(QStringLiteral("VLM (test-model)")),
             qPrintable(review->originLabel()->text()));
    QVERIFY(!review->isErrorShown());
    QCOMPARE(vlm.requests.size(), 1);
    QVERIFY(vlm.requests.first().body.contains("make it night"));

    // The cursor moved on to the written prompt, at its end. The user edits it: it becomes theirs.
    QTRY_VERIFY(review->editor()->hasFocus());
    QVERIFY(review->editor()->textCursor().atEnd());
    QTest::keyClicks(review->editor(), QStringLiteral(" Slowly."));
    QCOMPARE(session.prompt(), full + QStringLiteral(" Slowly."));
    QCOMPARE(session.promptSource(), EditSession::kPromptFromUser);
    QVERIFY(review->originLabel()->text().contains(QStringLiteral("by you")));

    // 3. Approve (Ctrl+Enter in the prompt): the evolution runs on the worker; the window keeps
    // turning its event loop the whole time.
    ifedit::test::StallDetector stalls;
    bool sawPreviewsFirst = false, sawSteps = false, sawExpert = false, sawFramesWhileRunning = false;
    bool previewsBeforeFrames = true;
    auto* timeline = session.timeline();
    connect(timeline, &ifedit::app::EvolutionTimeline::previewAdded, this, [&] {
      sawPreviewsFirst |= w.timeline()->isShowingPreviews() && w.timeline()->tileCount() == 4;
      previewsBeforeFrames &= timeline->arrivedFrames() == 0;
    });
    connect(timeline, &ifedit::app::EvolutionTimeline::framesChanged, this, [&] {
      sawFramesWhileRunning |= session.state() == State::Evolving && timeline->arrivedFrames() > 0;
    });
    connect(&session, &EditSession::progressChanged, this, [&] {
      const QString text = w.progressPanel()->summaryLabel()->text();
      sawSteps |= text.contains(QStringLiteral("step ")) && text.contains(QStringLiteral("/4"));
      sawExpert |= text.contains(QStringLiteral("noise expert"));
    });
    stalls.start();
    QTest::keyClick(review->editor(), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(session.state(), State::Evolving);
    QVERIFY(w.action(MainWindow::kActionCancel)->isEnabled());
    QVERIFY(waitForState(session, State::Picking));
    QVERIFY(sawPreviewsFirst);
    QVERIFY(previewsBeforeFrames);
    QVERIFY(sawFramesWhileRunning);
    QVERIFY(sawSteps);
    QVERIFY(sawExpert);
    QVERIFY(!w.progressPanel()->isVisible());

    // 4. Frames, candidates with their sharpness, the pick marked.
    ifedit::ui::TimelineView* tv = w.timeline();
    QCOMPARE(timeline->frameCount(), 5);
    QVERIFY(!tv->isShowingPreviews());
    QCOMPARE(tv->tileCount(), 5);
    const int pick = timeline->pick();
    QVERIFY(timeline->isCandidate(pick));
    QCOMPARE(w.canvas()->shownImage(), timeline->frame(pick));
    QCOMPARE(w.canvas()->imageSize(), QSize(96, 64));  // drawn over the source's rectangle
    QVERIFY(tv->infoLabel()->text().contains(QStringLiteral("pick")));
    QVERIFY(tv->infoLabel()->text().contains(QStringLiteral("sharpness")));
    // The candidates' labels ("frame · sharpness", under the tiles) stand out from the strip's
    // background rather than fading into it.
    {
      const QImage strip = tv->strip()->grab().toImage();
      const QRect tile = tv->frameTileRect(pick);
      const QRect label(tile.left(), tile.bottom() + 2, tile.width(), tv->strip()->height() - tile.bottom() - 2);
      const int background = qGray(strip.pixel(label.left() + 1, label.bottom() - 1));
      int strongest = 0;
      for (int y = label.top(); y <= label.bottom(); ++y)
        for (int x = label.left(); x <= label.right(); ++x)
          strongest = std::max(strongest, std::abs(qGray(strip.pixel(x, y)) - background));
      QVERIFY2(strongest >= 128, qPrintable(QStringLiteral("label contrast %1").arg(strongest)));
    }

    // A click on another frame overrides the pick; undo and redo it.
    const int other = pick == 1 ? 3 : 1;
    QTest::mouseClick(tv->strip(), Qt::LeftButton, Qt::NoModifier, tv->frameTileRect(other).center());
    QCOMPARE(timeline->chosen(), other);
    QVERIFY(timeline->isOverridden());
    QCOMPARE(w.canvas()->shownImage(), timeline->frame(other));
    QVERIFY(tv->infoLabel()->text().contains(QStringLiteral("overrides the pick")));
    QVERIFY(tv->hasFocus());
    QVERIFY(w.action(MainWindow::kActionUndo)->isEnabled());
    QTest::keySequence(tv, w.action(MainWindow::kActionUndo)->shortcut());  // the platform's keys
    QCOMPARE(timeline->chosen(), pick);
    QTest::keySequence(tv, w.action(MainWindow::kActionRedo)->shortcut());
    QCOMPARE(timeline->chosen(), other);

    // Scrub with the arrow keys and the slider (viewing only), play and pause.
    QTest::keyClick(tv, Qt::Key_Right);
    QCOMPARE(session.viewedFrame(), other + 1);
    QCOMPARE(w.canvas()->shownImage(), timeline->frame(other + 1));
    QCOMPARE(timeline->chosen(), other);  // scrubbing does not override
    QTest::keyClick(tv, Qt::Key_Home);
    QCOMPARE(session.viewedFrame(), 0);
    tv->slider()->setValue(2);
    QCOMPARE(session.viewedFrame(), 2);
    QSignalSpy viewed(&session, &EditSession::viewedFrameChanged);
    QElapsedTimer played;
    played.start();
    QTest::keyClick(tv, Qt::Key_Space);
    QVERIFY(tv->isPlaying());
    QTRY_VERIFY(viewed.count() >= 3);  // it plays (however slowly a loaded machine runs)
    QTest::keyClick(tv, Qt::Key_Space);
    QVERIFY(!tv->isPlaying());
    // 16 fps: no more than one frame per 62 ms played.
    QVERIFY2(viewed.count() <= played.elapsed() / 62 + 2,
             qPrintable(QStringLiteral("%1 frames in %2 ms").arg(viewed.count()).arg(played.elapsed())));
    // Return on the timeline chooses the frame in view.
    const int inView = session.viewedFrame();
    QTest::keyClick(tv, Qt::Key_Return);
    QCOMPARE(timeline->chosen(), inView);
    QTest::mouseClick(tv->strip(), Qt::LeftButton, Qt::NoModifier, tv->frameTileRect(other).center());
    QCOMPARE(timeline->chosen(), other);

    // 5. Refine (Ctrl+R) the chosen frame: the result on the canvas.
    QTest::keyClick(&w, Qt::Key_R, Qt::ControlModifier);
    QCOMPARE(session.state(), State::Refining);
    QVERIFY(waitForState(session, State::Done));
    stalls.stop();
    qInfo("longest UI stall during the demo run (evolve + refine): %lld ms, %lld ms of it on the UI thread's CPU "
          "(p99 %lld ms, %d ticks of %d ms)",
          stalls.longestGapMs(), stalls.longestBusyGapMs(), stalls.percentileMs(99), stalls.ticks(),
          ifedit::test::StallDetector::kTickMs);
    // Work on the UI thread, not the wall clock: a loaded machine that pauses the whole process
    // for 260 ms is no stall of ours (tests/bench measures the wall-clock gaps).
    QVERIFY2(stalls.longestBusyGapMs() <= kMaxStallMs,
             qPrintable(QStringLiteral("the UI thread worked %1 ms without turning its event loop").arg(stalls.longestBusyGapMs())));
    QVERIFY(session.resultRefined());
    QCOMPARE(w.canvas()->shownImage(), session.resultImage());
    QCOMPARE(tv->tileCount(), 6);  // frames + the result
    QCOMPARE(session.history()->at(0).chosenFrame, other);

    // Compare before/after: the split shows the source (red top-left quadrant) left of the line.
    const QColor resultLeft = canvasColorAt(w.canvas(), 0.25, 0.3);
    QVERIFY(w.action(MainWindow::kActionSplitCompare)->isEnabled());
    QTest::keyClick(&w, Qt::Key_Y);
    QVERIFY(w.canvas()->isSplitCompare());
    QVERIFY(w.compareBar()->isVisible());
    QVERIFY(near(canvasColorAt(w.canvas(), 0.25, 0.3), Qt::red));
    const QColor resultRight = canvasColorAt(w.canvas(), 0.75, 0.7);
    w.compareBar()->slider()->setValue(0);  // all "after"
    QCOMPARE(w.canvas()->splitPosition(), 0.0);
    QCOMPARE(canvasColorAt(w.canvas(), 0.25, 0.3), resultLeft);
    w.compareBar()->slider()->setValue(1000);  // all "before"
    QVERIFY(near(canvasColorAt(w.canvas(), 0.75, 0.7), Qt::white));
    w.compareBar()->slider()->setValue(500);
    QCOMPARE(canvasColorAt(w.canvas(), 0.75, 0.7), resultRight);
    QTest::keyClick(&w, Qt::Key_Y);
    QVERIFY(!w.canvas()->isSplitCompare());
    // The toggle key shows the whole "before" and back.
    QTest::keyClick(&w, Qt::Key_Backslash);
    QVERIFY(w.canvas()->isShowingBefore());
    QVERIFY(near(canvasColorAt(w.canvas(), 0.75, 0.7), Qt::white));
    QVERIFY(near(canvasColorAt(w.canvas(), 0.25, 0.3), Qt::red));
    QTest::keyClick(&w, Qt::Key_Backslash);
    QVERIFY(!w.canvas()->isShowingBefore());
    QCOMPARE(canvasColorAt(w.canvas(), 0.25, 0.3), resultLeft);

    // Export the result as PNG (with its metadata), then drop that PNG back onto the window: the
    // instruction, prompt, settings and seed of this edit come back.
    QVERIFY(w.action(MainWindow::kActionExportImage)->isEnabled());
    QVERIFY(w.action(MainWindow::kActionExportEvolution)->isEnabled());
    QVERIFY(!session.editReport(false).isEmpty());
    QTemporaryDir exportDir;
    const QString exported = exportDir.filePath(QStringLiteral("night.png"));
    QString exportError;
    QVERIFY2(ifedit::app::exportImage(session.resultImage(), exported, {},
                                      {session.parametersText(), session.editReport(false)}, &exportError),
             qPrintable(exportError));
    const QString exportedInstruction = session.instruction(), exportedPrompt = session.prompt();
    const EditParameters exportedParameters = session.parameters();

    // The same through File > Export... and Export Evolution... (the dialog controller): the dialogs
    // are named after the source, and the image one writes the result with this edit's metadata.
    {
      ifedit::app::AppSettings dialogSettings(exportDir.filePath(QStringLiteral("settings.ini")));
      ifedit::ui::DialogController dialogs(&w, &dialogSettings, nullptr);
      ifedit::ui::ExportDialog* evolution = dialogs.openExportEvolution();
      QVERIFY(evolution);
      QCOMPARE(evolution->mode(), ifedit::ui::ExportDialog::Mode::Evolution);
      QVERIFY2(QFileInfo(evolution->path()).fileName().startsWith(QStringLiteral("street-edited-evolution")),
               qPrintable(evolution->path()));
      evolution->reject();
      ifedit::ui::ExportDialog* image = dialogs.openExportImage();
      QVERIFY(image);
      QCOMPARE(image->mode(), ifedit::ui::ExportDialog::Mode::Image);
      QCOMPARE(QFileInfo(image->path()).completeBaseName(), QStringLiteral("street-edited"));
      const QString viaDialog = exportDir.filePath(QStringLiteral("via-dialog.png"));
      image->setPath(viaDialog);
      QSignalSpy written(image, &ifedit::ui::ExportDialog::exported);
      image->accept();
      QVERIFY(session.workAtRisk().contains(QStringLiteral("1 result")));
      QVERIFY(written.count() == 1 || written.wait(20000));
      QCOMPARE(w.statusBar()->currentMessage(), QStringLiteral("Exported %1").arg(viaDialog));
      QVERIFY2(session.workAtRisk().isEmpty(), qPrintable(session.workAtRisk()));  // safe on disk now
      QString readError;
      const auto restored = ifedit::app::readEditMetadata(viaDialog, &readError);
      QVERIFY2(restored, qPrintable(readError));
      QCOMPARE(restored->prompt, exportedPrompt);
      QCOMPARE(restored->seed, std::optional<quint64>(exportedParameters.seed));
      QVERIFY(restored->randomWeights);
    }
    // Both dialogs have closed: the window takes the keyboard (its shortcuts) back.
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));

    // Random-weight output is labelled wherever it appears.
    QVERIFY(w.timeline()->findChild<QLabel*>(QStringLiteral("timelineTitle"))->text().contains(QStringLiteral("random-weight output")));
    QListWidget* history = w.historyPanel()->list();
    QCOMPARE(history->count(), 1);
    QVERIFY(history->item(0)->text().contains(QStringLiteral("random-weight output")));
    QVERIFY(history->item(0)->text().contains(QStringLiteral("make it night")));
    // Who wrote the prompt, in words (not the record's code "vlm" / "offline-template").
    const QString tip = history->item(0)->toolTip();
    QVERIFY2(tip.contains(QStringLiteral("<br>Written or edited by you: ")) && !tip.contains(QStringLiteral("(user)")),
             qPrintable(tip));
    QVERIFY(session.parametersText().contains(QStringLiteral("random-weight output")));

    // 7. Use as source (Ctrl+U) chains the next edit; the history revisits the first on click.
    const QImage result = session.resultImage();
    QTest::keyClick(&w, Qt::Key_U, Qt::ControlModifier);
    QCOMPARE(session.state(), State::ImageLoaded);
    QCOMPARE(session.sourceImage(), result);
    QVERIFY(w.windowTitle().contains(QStringLiteral("Result of edit 1")));
    QCOMPARE(w.canvas()->shownImage(), result);
    QCOMPARE(tv->tileCount(), 0);
    QTest::mouseClick(history->viewport(), Qt::LeftButton, Qt::NoModifier, history->visualItemRect(history->item(0)).center());
    QCOMPARE(session.state(), State::Done);
    QCOMPARE(session.currentHistoryIndex(), 0);
    QCOMPARE(w.canvas()->shownImage(), result);
    QCOMPARE(session.sourcePath(), sourcePng_);
    QCOMPARE(session.prompt(), full + QStringLiteral(" Slowly."));
    QVERIFY(w.windowTitle().contains(QStringLiteral("street.png")));

    // Run the revisited edit again, cancel mid-run (Esc): the finished edit is back. Run again.
    EditParameters longer = smallParameters();
    longer.steps = 8;
    session.setParameters(longer);
    QTest::mouseClick(review->approveButton(), Qt::LeftButton);
    QCOMPARE(session.state(), State::Evolving);
    QVERIFY(QTest::qWaitFor([&] { return session.progress().step() >= 1 || session.state() != State::Evolving; }, 60000));
    QCOMPARE(session.state(), State::Evolving);
    QTest::keyClick(&w, Qt::Key_Escape);
    QCOMPARE(session.state(), State::Done);
    QCOMPARE(session.currentHistoryIndex(), 0);
    QVERIFY(!w.progressPanel()->isVisible());
    QCOMPARE(w.canvas()->shownImage(), result);
    QCOMPARE(tv->tileCount(), 6);  // its frames + its result
    QVERIFY(review->approveButton()->isEnabled());
    QTest::mouseClick(review->approveButton(), Qt::LeftButton);
    QVERIFY(waitForState(session, State::Picking));
    QCOMPARE(timeline->arrivedFrames(), 5);
    QVERIFY(openBoxes(&w).isEmpty());

    // Drop the exported PNG back: the instruction, prompt, settings and seed of that edit return.
    EditParameters changed = exportedParameters;
    changed.seed += 1000;
    changed.steps += 3;
    changed.dropoutK += 1;
    session.setParameters(changed);
    session.setInstruction(QStringLiteral("something else"));
    QVERIFY(tu::dropFile(&w, exported).entered);
    QVERIFY(discardTheEvolution(&w));  // the evolution on screen is not refined
    QVERIFY2(session.sourcePath() == exported, qPrintable(session.lastError()));
    QCOMPARE(session.instruction(), exportedInstruction);
    QCOMPARE(session.prompt(), exportedPrompt);
    QCOMPARE(session.parameters().seed, exportedParameters.seed);
    QCOMPARE(session.parameters().steps, exportedParameters.steps);
    QCOMPARE(session.parameters().dropoutK, exportedParameters.dropoutK);
    QCOMPARE(session.parameters().frames, exportedParameters.frames);
    QVERIFY(openBoxes(&w).isEmpty());
  }

  void unreachableVlmOffersTheTemplate() {
    quint16 port = 0;
    {
      QTcpServer probe;  // a port nobody listens on once this closes
      QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
      port = probe.serverPort();
    }
    Shown s;
    s.window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&s.window));
    s.session.setParameters(smallParameters());
    s.session.useDemoModel();
    s.session.setVlmEndpoint({QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(port)), QStringLiteral("m"), QString()});
    QVERIFY(s.window.openImage(sourcePng_));
    s.session.setInstruction(QStringLiteral("remove the cup"));
    s.window.action(MainWindow::kActionRun)->trigger();
    QVERIFY(waitForState(s.session, State::Reviewing, 20000));
    ifedit::ui::PromptReviewPanel* review = s.window.promptReview();
    QVERIFY(review->isErrorShown());
    QVERIFY2(review->errorLabel()->text().contains(QString::number(port)), qPrintable(review->errorLabel()->text()));
    QVERIFY(review->templateButton()->isVisible());
    QTRY_VERIFY(review->templateButton()->hasFocus());  // the way out is one key away
    QVERIFY(s.session.prompt().isEmpty());
    QVERIFY(!review->approveButton()->isEnabled());
    QVERIFY(openBoxes(&s.window).isEmpty());  // a message in the panel, not a modal box
    // The message reads on its dark red box in every appearance (it took the light palette's
    // black text: 1.7:1).
    for (const char* theme : {"light", "dark", ""}) {
      ifedit::ui::applyTheme(QLatin1String(theme));
      QApplication::processEvents();
      const double contrast = ifedit::testui::textContrast(review->errorLabel());
      QVERIFY2(contrast >= 4.5, qPrintable(QStringLiteral("%1 theme: contrast %2").arg(QLatin1String(theme)).arg(contrast)));
    }
    QTest::mouseClick(review->templateButton(), Qt::LeftButton);
    QVERIFY(waitForState(s.session, State::Reviewing, 5000));
    QCOMPARE(s.session.promptSource(), EditSession::kPromptFromTemplate);
    QVERIFY(!s.session.prompt().isEmpty());
    QVERIFY(!review->isErrorShown());
    QVERIFY(review->originLabel()->text().contains(QStringLiteral("offline template")));
    QVERIFY(review->approveButton()->isEnabled());
  }

  void missingModelAndBrokenFilesAreMessages() {
    Shown s;
    MainWindow& w = s.window;
    QVERIFY(w.openImage(sourcePng_));
    // A broken file: a message box naming it; the picture stays.
    QVERIFY(!w.openImage(randomPng_));
    const QString message = takeMessage(&w);
    QVERIFY2(message.contains(QStringLiteral("broken.png")), qPrintable(message));
    QCOMPARE(s.session.sourcePath(), sourcePng_);
    // A model folder that is not there: the run fails with a message naming it.
    s.session.setParameters(smallParameters());
    s.session.setModelSetup({dir_.filePath(QStringLiteral("missing-model"))});
    // Said at once: the first-run panel names the folder and what is wrong with it.
    QVERIFY(w.firstRunPanel()->isVisible());
    QVERIFY2(w.firstRunPanel()->titleLabel()->text().contains(QStringLiteral("cannot be used")),
             qPrintable(w.firstRunPanel()->titleLabel()->text()));
    QVERIFY2(w.firstRunPanel()->textLabel()->text().contains(QStringLiteral("missing-model")) &&
                 w.firstRunPanel()->textLabel()->text().contains(QStringLiteral("does not exist")),
             qPrintable(w.firstRunPanel()->textLabel()->text()));
    QVERIFY(w.modelStatusLabel()->text().contains(QStringLiteral("cannot be used")));
    s.session.setInstruction(QStringLiteral("make it red"));
    QSignalSpy shown(&w, &MainWindow::messageShown);
    QTest::mouseClick(w.promptReview()->asIsButton(), Qt::LeftButton);
    QVERIFY(shown.wait(30000));
    QCOMPARE(s.session.state(), State::Reviewing);
    const QString failure = takeMessage(&w);
    QVERIFY2(failure.contains(QStringLiteral("missing-model")), qPrintable(failure));
  }

  void pasteAndRecentFiles() {
    Shown s;
    MainWindow& w = s.window;
    QApplication::clipboard()->setImage(ti::quadrants(40, 30));
    w.canvas()->setFocus();
    QTest::keyClick(&w, Qt::Key_V, Qt::ControlModifier);
    QCOMPARE(s.session.sourceImage().size(), QSize(40, 30));
    QVERIFY(w.windowTitle().contains(QStringLiteral("Pasted image")));
    // Recent files: what was opened is offered again.
    QVERIFY(w.openImage(sourcePng_));
    QVERIFY(w.openImage(dir_.filePath(QStringLiteral("street.png"))));
    QMenu* recent = w.recentMenu();
    Q_EMIT recent->aboutToShow();
    QAction* first = recent->actions().value(0);
    QVERIFY(first);
    QVERIFY(first->text().contains(QStringLiteral("street.png")));
    QApplication::clipboard()->setImage(ti::quadrants(20, 20));
    QVERIFY(w.pasteImage());
    first->trigger();
    QCOMPARE(s.session.sourcePath(), sourcePng_);
    // One entry per file, whatever link reached it; "&" in a name is shown, not taken as a mnemonic.
    const QString amp = dir_.filePath(QStringLiteral("R&D.png"));
    QVERIFY(QFile::copy(sourcePng_, amp));
    const QString link = dir_.filePath(QStringLiteral("link-to-rd.png"));
    QVERIFY(QFile::link(amp, link));
    QVERIFY(w.openImage(amp));
    QVERIFY(w.openImage(link));
    Q_EMIT recent->aboutToShow();
    QStringList names;
    for (QAction* a : recent->actions()) names << a->text();
    QCOMPARE(names.filter(QStringLiteral("link-to-rd.png")).size(), 1);
    QCOMPARE(names.filter(QStringLiteral("R&&D.png")).size(), 0);  // the link replaced it
    QVERIFY(w.openImage(amp));
    Q_EMIT recent->aboutToShow();
    QCOMPARE(recent->actions().value(0)->text(), QStringLiteral("&1 R&&D.png"));
    QCOMPARE(recent->actions().value(0)->iconText(), QStringLiteral("1 R&D.png"));

    // A large picture copied in another program arrives as PNG data, which Qt decodes (as
    // QImage::fromData does) within its own 256 MB limit unless told otherwise: 8500 x 8000 came
    // back empty, "Pasted image holds no picture". The window lets it decode what a file may hold.
    const QImage big = QImage::fromData(ti::encode(ti::quadrants(8500, 8000), "png"), "PNG");
    QCOMPARE(big.size(), QSize(8500, 8000));
    QApplication::clipboard()->setImage(big);
    QVERIFY2(w.pasteImage(), qPrintable(s.session.lastError()));
    QCOMPARE(s.session.sourceImage().size(), QSize(8500, 8000));
    QApplication::clipboard()->clear();
  }

  // The keyboard and playback around runs: after Ctrl+Enter approves, the keys scrub and play
  // (not type into the prompt); playback ends when a refinement starts; the result tile comes
  // into view; a picture dropped on a text panel opens; Ctrl+V pastes a picture from the
  // instruction box.
  void keyboardAndPlaybackAroundRuns() {
    Shown s;
    MainWindow& w = s.window;
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    EditParameters p = smallParameters();
    p.frames = 81;  // 29 frames after dropout: more than the strip shows
    p.steps = 2;
    s.session.setParameters(p);
    s.session.useDemoModel();
    QVERIFY(w.openImage(sourcePng_));
    s.session.setInstruction(QStringLiteral("make it night"));
    s.session.setPrompt(QStringLiteral("The street slowly turns to night."));
    QPlainTextEdit* prompt = w.promptReview()->editor();
    prompt->setFocus();
    QTRY_VERIFY(prompt->hasFocus());
    QTest::keyClick(prompt, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(s.session.state(), State::Evolving);
    QVERIFY(waitForState(s.session, State::Picking, 120000));
    const QString before = s.session.prompt();
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
    QCOMPARE(s.session.prompt(), before);
    QVERIFY(w.timeline()->isPlaying());
    // A refinement stops playback; the result, not a cycling frame, is shown when it is done.
    QVERIFY(s.session.chooseFrame(3));
    w.timeline()->play();
    QVERIFY(s.session.requestRefine());
    QVERIFY(!w.timeline()->isPlaying());
    QVERIFY(waitForState(s.session, State::Done, 120000));
    QTest::qWait(200);
    QCOMPARE(w.canvas()->shownImage(), s.session.resultImage());
    auto* scroll = w.timeline()->findChild<QScrollArea*>();
    QVERIFY(scroll);
    const QRect tile = w.timeline()->frameTileRect(ifedit::ui::TimelineView::kResultTile);
    const int left = scroll->horizontalScrollBar()->value();
    QVERIFY2(tile.left() >= left && tile.right() <= left + scroll->viewport()->width(),
             qPrintable(QStringLiteral("result tile %1..%2, visible %3..%4")
                            .arg(tile.left())
                            .arg(tile.right())
                            .arg(left)
                            .arg(left + scroll->viewport()->width())));

    // A picture dropped on the instruction opens; the instruction is not typed over.
    const QString other = dir_.filePath(QStringLiteral("other.png"));
    QVERIFY(ti::writeFile(other, ti::encode(ti::noise(50, 40), "png")));
    tu::dropFile(w.instructionBox()->editor()->viewport(), other);
    QCOMPARE(s.session.instruction(), QStringLiteral("make it night"));
    QCOMPARE(s.session.sourcePath(), other);
    // Opening put the cursor in the instruction box: Ctrl+V with a picture pastes it.
    QTRY_VERIFY(w.instructionBox()->editor()->hasFocus());
    QApplication::clipboard()->setImage(ti::quadrants(40, 30));
    QTest::keyClick(w.instructionBox()->editor(), Qt::Key_V, Qt::ControlModifier);
    QCOMPARE(s.session.sourceImage().size(), QSize(40, 30));
    QCOMPARE(s.session.instruction(), QStringLiteral("make it night"));
    // Typing the next instruction while a run goes on: the cursor stays there when it ends.
    QPlainTextEdit* box = w.instructionBox()->editor();
    p.frames = 9;
    s.session.setParameters(p);
    QVERIFY(s.session.useInstructionAsPrompt());
    box->setFocus();
    QTRY_VERIFY(box->hasFocus());
    QTest::keyClick(box, Qt::Key_End, Qt::ControlModifier);
    QTest::keyClicks(box, QStringLiteral(", with snow"));
    QVERIFY(waitForState(s.session, State::Picking, 120000));
    QVERIFY(box->hasFocus());
    QCOMPARE(s.session.instruction(), QStringLiteral("make it night, with snow"));
  }

  // After a mouse click on Approve and Run the keys scrub the frames (the run disabled the button
  // the focus was on, and Qt had moved it to the history list); the user's scrubbing and clicks
  // stop playback; one frame does not play; the controls have names for screen readers.
  void timelineAfterAClickedApprove() {
    Shown s;
    MainWindow& w = s.window;
    QVERIFY(s.ready(sourcePng_));
    s.session.setInstruction(QStringLiteral("make it night"));
    s.session.setPrompt(QStringLiteral("The street slowly turns to night."));
    auto* approve = w.promptReview()->findChild<QPushButton*>(QStringLiteral("approveButton"));
    QVERIFY(approve && approve->isEnabled());
    QTest::mouseClick(approve, Qt::LeftButton);
    QVERIFY(waitForState(s.session, State::Picking, 120000));
    QTRY_VERIFY(w.timeline()->hasFocus());
    // Where the focus landed shows: the timeline looks different with the keyboard focus than
    // without it.
    {
      const QImage focused = w.timeline()->grab().toImage();
      w.historyPanel()->findChild<QWidget*>(QStringLiteral("historyList"))->setFocus();
      QVERIFY(!w.timeline()->hasFocus());
      QVERIFY2(w.timeline()->grab().toImage() != focused, "the timeline's focus is not drawn");
      w.timeline()->setFocus();
    }
    // A screen reader hears what the timeline and the canvas show, not just their names.
    QVERIFY2(w.timeline()->accessibleDescription() == w.timeline()->infoLabel()->text(),
             qPrintable(w.timeline()->accessibleDescription()));
    QTest::keyClick(w.timeline(), Qt::Key_Home);
    QVERIFY2(w.timeline()->accessibleDescription().startsWith(QStringLiteral("frame 0 /")),
             qPrintable(w.timeline()->accessibleDescription()));
    QVERIFY2(w.canvas()->accessibleDescription().startsWith(s.session.displayCaption()),
             qPrintable(w.canvas()->accessibleDescription()));
    QVERIFY(s.session.requestRefine());
    QVERIFY(waitForState(s.session, State::Done, 120000));
    QVERIFY2(w.canvas()->accessibleDescription().startsWith(QStringLiteral("Result")),
             qPrintable(w.canvas()->accessibleDescription()));
    auto* tv = w.timeline();
    tv->play();
    QVERIFY(tv->isPlaying());
    QTest::mouseClick(tv->strip(), Qt::LeftButton, Qt::NoModifier,
                      tv->frameTileRect(ifedit::ui::TimelineView::kResultTile).center());
    QVERIFY(!tv->isPlaying());
    QCOMPARE(s.session.viewedFrame(), -1);
    tv->play();
    tv->stepFrame(-1);
    QVERIFY(!tv->isPlaying());
    auto* split = w.findChild<QSlider*>(QStringLiteral("splitSlider"));
    QVERIFY(split && split->singleStep() * 100 == split->maximum());
    for (const char* name : {"timeline", "playButton", "timelineSlider", "splitSlider", "canvas", "instructionEdit",
                             "promptEdit", "historyList"}) {
      auto* widget = w.findChild<QWidget*>(QLatin1String(name));
      QVERIFY2(widget && !widget->accessibleName().isEmpty(), name);
    }

    // One frame would evolve nothing: it becomes the shortest evolution, 5 frames, and says so.
    EditParameters one = smallParameters();
    one.frames = 1;
    s.session.setParameters(one);
    QSignalSpy said(&s.session, &EditSession::message);
    QVERIFY(s.session.useInstructionAsPrompt());
    QVERIFY(waitForState(s.session, State::Picking, 120000));
    QCOMPARE(s.session.timeline()->arrivedFrames(), 5);
    QVERIFY(std::any_of(said.begin(), said.end(),
                        [](const QList<QVariant>& m) { return m.at(0).toString().contains(QStringLiteral("frames 1 -> 5")); }));
    QVERIFY(w.action(MainWindow::kActionPlay)->isEnabled());

    // A result at the working size over a larger source: the size readout names both, and
    // Actual Size shows the result's own pixels 1:1.
    const QString large = dir_.filePath(QStringLiteral("large-source.png"));
    QVERIFY(ti::writeFile(large, ti::encode(ti::quadrants(192, 128), "png")));
    s.session.setParameters(smallParameters());
    QVERIFY(!w.openImage(large));  // over an unrefined evolution: asked first
    QVERIFY(discardTheEvolution(&w));
    QCOMPARE(s.session.sourcePath(), large);
    QVERIFY(s.session.useInstructionAsPrompt());
    QVERIFY(waitForState(s.session, State::Picking, 120000));
    QVERIFY(s.session.requestRefine());
    QVERIFY(waitForState(s.session, State::Done, 120000));
    const QSize result = s.session.resultImage().size();
    QVERIFY(result.width() < 192);
    QTRY_COMPARE(w.canvas()->shownImage().size(), result);
    w.action(MainWindow::kActionActualSize)->trigger();
    QCOMPARE(w.canvas()->zoom(), double(result.width()) / 192);
    auto* info = w.findChild<QLabel*>(QStringLiteral("imageInfo"));
    QVERIFY2(info->text().contains(QStringLiteral("%1 \u00d7 %2 px over the 192 \u00d7 128 source").arg(result.width()).arg(result.height())) &&
                 info->text().endsWith(QStringLiteral("100%")),
             qPrintable(info->text()));
  }

  // The history lives in memory: quitting, or leaving an unrefined evolution for an older edit,
  // asks first (and Cancel keeps everything); an exported result is no longer asked about.
  void quittingAndLeavingAskWhatWouldBeLost() {
    Shown s;
    MainWindow& w = s.window;
    s.session.setParameters(smallParameters());
    s.session.useDemoModel();
    QVERIFY(w.openImage(sourcePng_));
    QVERIFY(s.session.workAtRisk().isEmpty());
    s.session.setInstruction(QStringLiteral("make it night"));
    QVERIFY(s.session.useInstructionAsPrompt());
    QVERIFY(waitForState(s.session, State::Picking, 120000));

    auto answer = [&w](const char* name, bool discard) {
      QMessageBox* box = nullptr;
      if (!QTest::qWaitFor([&] { return (box = w.findChild<QMessageBox*>(QLatin1String(name))) != nullptr; }, 5000))
        return QString();
      const QString text = box->text();
      QAbstractButton* button = box->button(QMessageBox::Cancel);
      for (QAbstractButton* b : box->buttons())
        if (discard && box->buttonRole(b) == QMessageBox::DestructiveRole) button = b;
      button->click();
      if (!QTest::qWaitFor([&] { return w.findChild<QMessageBox*>(QLatin1String(name)) == nullptr; }, 5000))
        return QString();  // the box did not close
      return text;
    };
    w.action(MainWindow::kActionQuit)->trigger();
    QVERIFY(w.isVisible());
    const QString lost = answer("quitQuestion", false);
    QVERIFY2(lost.contains(QStringLiteral("evolution that has not been refined")), qPrintable(lost));
    QVERIFY(w.isVisible());
    QCOMPARE(s.session.state(), State::Picking);

    QVERIFY(s.session.requestRefine());
    QVERIFY(waitForState(s.session, State::Done, 120000));
    s.session.setInstruction(QStringLiteral("add snow"));
    QVERIFY(s.session.useInstructionAsPrompt());
    QVERIFY(waitForState(s.session, State::Picking, 120000));
    auto* list = w.historyPanel()->findChild<QListWidget*>(QStringLiteral("historyList"));
    QVERIFY(list && list->count() == 1);
    auto clickEntry = [list] { QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(0)).center()); };
    clickEntry();
    QVERIFY(!answer("leaveEvolutionQuestion", false).isEmpty());
    QCOMPARE(s.session.state(), State::Picking);
    QCOMPARE(s.session.instruction(), QStringLiteral("add snow"));
    clickEntry();
    QVERIFY(!answer("leaveEvolutionQuestion", true).isEmpty());
    QCOMPARE(s.session.state(), State::Done);
    QCOMPARE(s.session.instruction(), QStringLiteral("make it night"));
    // The next instruction typed, then the entry clicked again: its own instruction would replace
    // the typed one, so the window asks; the edit's own words are nothing to lose.
    s.session.setInstruction(QStringLiteral("add a red umbrella"));
    clickEntry();
    const QString words = answer("replaceWordsQuestion", false);
    QVERIFY2(words.contains(QStringLiteral("your own words")), qPrintable(words));
    QCOMPARE(s.session.instruction(), QStringLiteral("add a red umbrella"));
    clickEntry();
    QVERIFY(!answer("replaceWordsQuestion", true).isEmpty());
    QCOMPARE(s.session.instruction(), QStringLiteral("make it night"));
    clickEntry();
    QTest::qWait(200);
    QVERIFY(!w.findChild<QMessageBox*>());

    // Clearing the history asks too (1 unexported result); Cancel keeps it, Clear forgets it
    // and the undo steps naming it, while the canvas keeps the edit shown.
    QPushButton* clear = w.historyPanel()->clearButton();
    QVERIFY(clear->isEnabled());
    clear->click();
    QVERIFY(answer("clearHistoryQuestion", false).contains(QStringLiteral("not exported")));
    QCOMPARE(list->count(), 1);
    w.action(MainWindow::kActionQuit)->trigger();
    const QString unexported = answer("quitQuestion", false);
    QVERIFY2(unexported.contains(QStringLiteral("1 result")), qPrintable(unexported));
    s.session.noteResultExported(0);
    QVERIFY(s.session.workAtRisk().isEmpty());
    const QImage shown = s.session.resultImage();
    clear->click();  // nothing unexported: no question
    QCOMPARE(list->count(), 0);
    QCOMPARE(s.session.history()->count(), 0);
    QVERIFY(!s.session.undoStack()->canUndo());
    QCOMPARE(s.session.resultImage(), shown);
    QVERIFY(!clear->isEnabled());
    QVERIFY(s.session.useResultAsSource());
    w.action(MainWindow::kActionQuit)->trigger();
    QVERIFY(!w.isVisible());
  }

  // Opening (or dropping) another picture over an evolution that is not refined yet asks first, as
  // going to an older edit does; a click on the history while an edit runs says why nothing happens.
  void leavingAnEvolutionAndTheHistoryDuringARun() {
    Shown s;
    MainWindow& w = s.window;
    EditSession& session = s.session;
    QVERIFY(s.ready(sourcePng_));
    QTemporaryDir exportDir;
    auto answer = [&w](const char* name, bool discard) {
      QMessageBox* box = nullptr;
      if (!QTest::qWaitFor([&] { return (box = w.findChild<QMessageBox*>(QLatin1String(name))) != nullptr; }, 3000))
        return false;
      QAbstractButton* button = box->button(QMessageBox::Cancel);
      for (QAbstractButton* b : box->buttons())
        if (discard && box->buttonRole(b) == QMessageBox::DestructiveRole) button = b;
      button->click();
      return QTest::qWaitFor([&] { return w.findChild<QMessageBox*>(QLatin1String(name)) == nullptr; }, 3000);
    };
    session.setInstruction(QStringLiteral("make it night"));
    QVERIFY(session.useInstructionAsPrompt());
    QVERIFY(waitForState(session, State::Picking, 120000));
    QVERIFY(session.requestRefine());
    QVERIFY(waitForState(session, State::Done, 120000));

    // Chain; the next run's evolution is not refined yet.
    QTest::keyClick(&w, Qt::Key_U, Qt::ControlModifier);
    QCOMPARE(session.state(), State::ImageLoaded);
    session.setInstruction(QStringLiteral("add snow"));
    QVERIFY(session.useInstructionAsPrompt());
    QCOMPARE(session.state(), State::Evolving);
    QListWidget* history = w.historyPanel()->list();
    QCOMPARE(history->count(), 1);
    w.statusBar()->clearMessage();
    QTest::mouseClick(history->viewport(), Qt::LeftButton, {}, history->visualItemRect(history->item(0)).center());
    QCOMPARE(session.state(), State::Evolving);
    QVERIFY2(w.statusBar()->currentMessage().contains(QStringLiteral("Finish or cancel")),
             qPrintable(w.statusBar()->currentMessage()));
    QVERIFY(waitForState(session, State::Picking, 120000));

    // Opening (or dropping) another picture would discard it: Cancel keeps it, Discard opens.
    const QString other = exportDir.filePath(QStringLiteral("other.png"));
    QVERIFY(ti::writeFile(other, ti::encode(ti::quadrants(64, 96), "png")));
    w.openImage(other);
    QVERIFY2(answer("leaveEvolutionQuestion", false), "opening asked nothing");
    QCOMPARE(session.state(), State::Picking);
    QCOMPARE(session.timeline()->arrivedFrames(), 5);
    tu::dropFile(&w, other);
    QVERIFY2(answer("leaveEvolutionQuestion", false), "dropping asked nothing");
    QCOMPARE(session.state(), State::Picking);
    QVERIFY(session.chooseFrame(session.timeline()->chosen() == 1 ? 2 : 1));
    w.openImage(other);
    QVERIFY(discardTheEvolution(&w));
    QCOMPARE(session.sourcePath(), other);
    QCOMPARE(session.state(), State::ImageLoaded);
    QVERIFY(!w.action(MainWindow::kActionUndo)->isEnabled());  // the choices went with the evolution
    QVERIFY(session.revisit(0));
    session.setInstruction(QStringLiteral("add snow"));
    QVERIFY(session.useInstructionAsPrompt());
    QVERIFY(waitForState(session, State::Picking, 120000));

    QVERIFY(session.requestRefine());
    QVERIFY(waitForState(session, State::Done, 120000));
    for (int i = 0; i < session.history()->count(); ++i) session.noteResultExported(i);
  }

  // A chained edit is exported under the chain's first picture's name (not "Result of edit 1"),
  // and its record names the edit whose result it started from, all the way back.
  void chainedEditsSayWhatTheyStartedFrom() {
    Shown s;
    MainWindow& w = s.window;
    EditSession& session = s.session;
    QVERIFY(s.ready(sourcePng_));
    QTemporaryDir exportDir;
    ifedit::app::AppSettings dialogSettings(exportDir.filePath(QStringLiteral("settings.ini")));
    ifedit::ui::DialogController dialogs(&w, &dialogSettings, nullptr);
    session.setInstruction(QStringLiteral("make it night"));
    QVERIFY(session.useInstructionAsPrompt());
    QVERIFY(waitForState(session, State::Picking, 120000));
    QVERIFY(session.requestRefine());
    QVERIFY(waitForState(session, State::Done, 120000));
    const QString firstPrompt = session.prompt();
    const quint64 firstSeed = session.parameters().seed;
    QTest::keyClick(&w, Qt::Key_U, Qt::ControlModifier);
    session.setInstruction(QStringLiteral("add snow"));
    QVERIFY(session.useInstructionAsPrompt());
    QVERIFY(waitForState(session, State::Picking, 120000));
    QVERIFY(session.requestRefine());
    QVERIFY(waitForState(session, State::Done, 120000));
    ifedit::ui::ExportDialog* image = dialogs.openExportImage();
    QVERIFY(image);
    QCOMPARE(QFileInfo(image->path()).completeBaseName(), QStringLiteral("street-edited-2"));
    const QString chained = exportDir.filePath(QStringLiteral("chained.png"));
    image->setPath(chained);
    QSignalSpy written(image, &ifedit::ui::ExportDialog::exported);
    image->accept();
    QVERIFY(written.count() == 1 || written.wait(20000));
    QString readError;
    const auto restored = ifedit::app::readEditMetadata(chained, &readError);
    QVERIFY2(restored, qPrintable(readError));
    QCOMPARE(restored->instruction, QStringLiteral("add snow"));
    const QJsonObject from = restored->report.value(QStringLiteral("source_edit")).toObject();
    QCOMPARE(from.value(QStringLiteral("instruction")).toString(), QStringLiteral("make it night"));
    QCOMPARE(from.value(QStringLiteral("prompt")).toString(), firstPrompt);
    QCOMPARE(from.value(QStringLiteral("seed")).toString(), QString::number(firstSeed));
    QCOMPARE(from.value(QStringLiteral("source")).toString(), QFileInfo(sourcePng_).fileName());  // no folders
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));

    // A third edit on that result names both before it; a revisited chained edit keeps its name.
    QTest::keyClick(&w, Qt::Key_U, Qt::ControlModifier);
    session.setInstruction(QStringLiteral("add fog"));
    QVERIFY(session.useInstructionAsPrompt());
    QVERIFY(waitForState(session, State::Picking, 120000));
    QVERIFY(session.requestRefine());
    QVERIFY(waitForState(session, State::Done, 120000));
    const QJsonObject third = session.editReport(false);
    QCOMPARE(third.value(QStringLiteral("source_edit")).toObject().value(QStringLiteral("instruction")).toString(),
             QStringLiteral("add snow"));
    QCOMPARE(third.value(QStringLiteral("source_edit")).toObject().value(QStringLiteral("source_edit")).toObject()
                 .value(QStringLiteral("instruction")).toString(),
             QStringLiteral("make it night"));
    ifedit::ui::ExportDialog* again = dialogs.openExportImage();
    QCOMPARE(QFileInfo(again->path()).completeBaseName(), QStringLiteral("street-edited-3"));
    again->reject();
    QVERIFY(session.revisit(1));
    QCOMPARE(session.editReport(false).value(QStringLiteral("source_edit")).toObject().value(QStringLiteral("instruction")).toString(),
             QStringLiteral("make it night"));
    ifedit::ui::ExportDialog* revisited = dialogs.openExportImage();
    QCOMPARE(QFileInfo(revisited->path()).completeBaseName(), QStringLiteral("street-edited-2"));
    revisited->reject();
    QVERIFY(session.revisit(0));
    QVERIFY(!session.editReport(false).contains(QStringLiteral("source_edit")));
    for (int i = 0; i < session.history()->count(); ++i) session.noteResultExported(i);
  }

  // A streamed prompt is not undone piece by piece: Ctrl+Z in it keeps the whole answer. Over a
  // new prompt the window's Undo leaves the last evolution's frame choices alone. A template that
  // finds nothing to write says so (not "the VLM"), and does not offer itself again.
  void streamedPromptsAndUndo() {
    lb::LoopbackServer vlm = streamingVlm();
    Shown s;
    MainWindow& w = s.window;
    QVERIFY(s.ready(sourcePng_, vlm.baseUrl()));
    s.session.setInstruction(QStringLiteral("make it night"));
    QVERIFY(s.session.requestRun());
    QVERIFY(waitForState(s.session, State::Reviewing, 20000));
    const QString written = kPromptPieces.join(QString()).trimmed();
    QCOMPARE(s.session.prompt(), written);
    QPlainTextEdit* prompt = w.promptReview()->editor();
    QCOMPARE(prompt->toPlainText(), written);
    prompt->setFocus();
    QTRY_VERIFY(prompt->hasFocus());
    QTest::keyClick(prompt, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(s.session.prompt(), written);

    QVERIFY(s.session.approvePrompt());
    QVERIFY(waitForState(s.session, State::Picking, 120000));
    QVERIFY(s.session.chooseFrame(s.session.timeline()->chosen() == 1 ? 2 : 1));
    QVERIFY(w.action(MainWindow::kActionUndo)->isEnabled());
    // A prompt written beside the evolution leaves its frame choice undoable.
    QVERIFY(s.session.useOfflineTemplate());
    QTRY_COMPARE(s.session.promptSource(), EditSession::kPromptFromTemplate);
    QCOMPARE(s.session.state(), State::Picking);
    QVERIFY(w.action(MainWindow::kActionUndo)->isEnabled());

    s.session.setInstruction(QStringLiteral("..."));
    QVERIFY(s.session.useOfflineTemplate());
    QTRY_VERIFY(!s.session.rewriteError().isEmpty());
    QCOMPARE(s.session.state(), State::Picking);  // beside the evolution, which it keeps
    QVERIFY(s.session.rewriteErrorFromTemplate());
    auto* error = w.promptReview()->findChild<QLabel*>(QStringLiteral("promptError"));
    QVERIFY2(error->text().startsWith(QStringLiteral("The offline template could not write the prompt")), qPrintable(error->text()));
    QVERIFY(!w.promptReview()->findChild<QPushButton*>(QStringLiteral("useTemplateButton"))->isEnabled());
  }

  // Regenerate (or Ctrl+Enter in the instruction, or the template) over a prompt the user has
  // typed into asks first; Keep leaves every word, Replace writes the new one. An untouched
  // written prompt is replaced without a question.
  void rewritingAsksBeforeReplacingTypedWords() {
    lb::LoopbackServer vlm = streamingVlm();
    Shown s;
    MainWindow& w = s.window;
    QVERIFY(s.ready(sourcePng_, vlm.baseUrl()));
    s.session.setInstruction(QStringLiteral("make it night"));
    QVERIFY(s.session.requestRun());
    QVERIFY(waitForState(s.session, State::Reviewing, 20000));
    const QString written = kPromptPieces.join(QString()).trimmed();
    QPushButton* regenerate = w.promptReview()->regenerateButton();
    regenerate->click();  // nothing of the user's in it: no question
    QCOMPARE(s.session.state(), State::Rewriting);
    QVERIFY(waitForState(s.session, State::Reviewing, 20000));
    QCOMPARE(s.session.prompt(), written);

    QPlainTextEdit* prompt = w.promptReview()->editor();
    prompt->setFocus();
    QTRY_VERIFY(prompt->hasFocus());
    prompt->moveCursor(QTextCursor::End);
    QTest::keyClicks(prompt, QStringLiteral(" Snow falls."));
    const QString mine = written + QStringLiteral(" Snow falls.");
    QCOMPARE(s.session.prompt(), mine);

    auto question = [&w] {
      QMessageBox* box = nullptr;
      const bool shown = QTest::qWaitFor(
          [&] { return (box = w.findChild<QMessageBox*>(QStringLiteral("replacePromptQuestion"))) != nullptr; }, 5000);
      return shown ? box : nullptr;
    };
    regenerate->click();
    QMessageBox* box = question();
    QVERIFY(box);
    QCOMPARE(s.session.state(), State::Reviewing);
    box->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!w.findChild<QMessageBox*>(QStringLiteral("replacePromptQuestion")));
    QCOMPARE(s.session.state(), State::Reviewing);
    QCOMPARE(s.session.prompt(), mine);
    QCOMPARE(prompt->toPlainText(), mine);

    w.action(MainWindow::kActionUseTemplate)->trigger();
    QVERIFY((box = question()));
    box->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!w.findChild<QMessageBox*>(QStringLiteral("replacePromptQuestion")));
    QCOMPARE(s.session.prompt(), mine);

    // Run Instruction as Is replaces it too (Ctrl+Shift+Enter, one key from approving it).
    w.promptReview()->asIsButton()->click();
    QVERIFY((box = question()));
    box->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!w.findChild<QMessageBox*>(QStringLiteral("replacePromptQuestion")));
    QCOMPARE(s.session.state(), State::Reviewing);
    QCOMPARE(s.session.prompt(), mine);

    QTest::keyClick(w.instructionBox()->editor(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY((box = question()));
    QCOMPARE(s.session.state(), State::Reviewing);
    QAbstractButton* replace = nullptr;
    for (QAbstractButton* b : box->buttons())
      if (box->buttonRole(b) == QMessageBox::DestructiveRole) replace = b;
    QVERIFY(replace);
    replace->click();
    QVERIFY(waitForState(s.session, State::Reviewing, 20000));
    QCOMPARE(s.session.prompt(), written);
    QCOMPARE(s.session.promptSource(), EditSession::kPromptFromVlm);
  }

  // The next instruction typed after a run and Ctrl+Enter: its prompt is written beside the
  // evolution, which stays refinable and is still asked about before another picture replaces
  // it; the cursor follows the prompt, so a second Ctrl+Enter approves it.
  void nextPromptIsWrittenBesideTheEvolution() {
    Shown s;
    MainWindow& w = s.window;
    QVERIFY(s.ready(sourcePng_));
    s.session.setInstruction(QStringLiteral("make it night"));
    QVERIFY(s.session.useInstructionAsPrompt());
    QVERIFY(waitForState(s.session, State::Picking, 120000));
    QPlainTextEdit* instruction = w.instructionBox()->editor();
    instruction->setFocus();
    QTRY_VERIFY(instruction->hasFocus());
    instruction->selectAll();
    QTest::keyClicks(instruction, QStringLiteral("add snow"));
    QCOMPARE(s.session.instruction(), QStringLiteral("add snow"));
    QTest::keyClick(instruction, Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE(s.session.promptSource(), EditSession::kPromptFromTemplate);
    QCOMPARE(s.session.state(), State::Picking);
    QTRY_VERIFY(w.promptReview()->editor()->hasFocus());
    QVERIFY(w.action(MainWindow::kActionRefine)->isEnabled());
    w.openImage(sourcePng_);
    QMessageBox* box = nullptr;
    QVERIFY(QTest::qWaitFor([&] { return (box = w.findChild<QMessageBox*>(QStringLiteral("leaveEvolutionQuestion"))); }, 3000));
    box->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!w.findChild<QMessageBox*>(QStringLiteral("leaveEvolutionQuestion")));
    QCOMPARE(s.session.state(), State::Picking);
    w.activateWindow();  // the question took it
    QVERIFY(QTest::qWaitForWindowActive(&w));
    w.promptReview()->editor()->setFocus();
    QTRY_VERIFY(w.promptReview()->editor()->hasFocus());
    QTest::keyClick(w.promptReview()->editor(), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(s.session.state(), State::Evolving);
    QVERIFY(waitForState(s.session, State::Picking, 120000));
    QCOMPARE(s.session.editReport(false).value(QStringLiteral("instruction")).toString(), QStringLiteral("add snow"));
  }

  // While the VLM is still writing, Run Instruction as Is (Ctrl+Shift+Enter) and the template
  // are offered, and Ctrl+Shift+Enter in the instruction box does not start the VLM again.
  void runAsIsWhileTheVlmWrites() {
    lb::LoopbackServer vlm([](QTcpSocket* socket, const lb::HttpRequest&, int) { lb::startEventStream(socket); });
    Shown s;
    MainWindow& w = s.window;
    QVERIFY(s.ready(sourcePng_, vlm.baseUrl()));
    QPlainTextEdit* edit = w.instructionBox()->editor();
    QTRY_VERIFY(edit->hasFocus());
    QTest::keyClicks(edit, QStringLiteral("make it night"));
    QTest::keyClick(edit, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(s.session.state(), State::Rewriting);
    QVERIFY(w.action(MainWindow::kActionUseTemplate)->isEnabled());
    QVERIFY(w.action(MainWindow::kActionUseInstruction)->isEnabled());
    QSignalSpy rewrites(w.instructionBox(), &ifedit::ui::InstructionBox::runRequested);
    QTest::keyClick(edit, Qt::Key_Return, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(rewrites.count(), 0);
    QCOMPARE(s.session.state(), State::Evolving);
    QCOMPARE(s.session.prompt(), QStringLiteral("make it night"));
    s.session.cancel();
  }

  void everyActionHasAShortcutOrAMenu() {
    Shown s;
    for (QAction* a : s.window.allActions()) {
      QVERIFY2(!a->text().isEmpty(), qPrintable(a->objectName()));
      QVERIFY2(!a->associatedObjects().isEmpty(), qPrintable(a->objectName()));  // in a menu
    }
    for (const char* id : {MainWindow::kActionOpen, MainWindow::kActionPaste, MainWindow::kActionRun,
                           MainWindow::kActionApprove, MainWindow::kActionRefine, MainWindow::kActionCancel,
                           MainWindow::kActionUseAsSource, MainWindow::kActionSplitCompare,
                           MainWindow::kActionShowBefore, MainWindow::kActionPlay, MainWindow::kActionUndo,
                           MainWindow::kActionRedo, MainWindow::kActionSettings, MainWindow::kActionExportImage})
      QVERIFY2(!s.window.action(id)->shortcut().isEmpty(), id);
    QCOMPARE(s.window.action(MainWindow::kActionCancel)->shortcut(), QKeySequence(Qt::Key_Escape));
  }
};

QTEST_MAIN(TestEditorFlow)
#include "test_editor_flow.moc"
