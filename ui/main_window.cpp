#include "ui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QIcon>
#include <QImageReader>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMetaMethod>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QToolBar>
#include <QUndoStack>
#include <QUrl>
#include <QVBoxLayout>
#include <algorithm>

#include "app/app_info.h"
#include "app/session/edit_session.h"
#include "app/session/evolution_timeline.h"
#include "app/session/image_loading.h"
#include "app/session/recent_files.h"
#include "ui/alert_style.h"
#include "ui/canvas_view.h"
#include "ui/compare_bar.h"
#include "ui/elided_label.h"
#include "ui/first_run_panel.h"
#include "ui/history_panel.h"
#include "ui/instruction_box.h"
#include "ui/prompt_review_panel.h"
#include "ui/question_box.h"
#include "ui/run_progress_panel.h"
#include "ui/session_connections.h"
#include "ui/timeline_view.h"
#include "ui/toolbar_text.h"
#include "ui/window_layout.h"

namespace ifedit::ui {
namespace {

using State = app::EditSession::State;

// The first local file among the dragged URLs; empty when none (e.g. a web link).
QString droppedFile(const QMimeData* mime) {
  if (!mime || !mime->hasUrls()) return {};
  for (const QUrl& url : mime->urls()) {
    if (url.isLocalFile()) return url.toLocalFile();
  }
  return {};
}

QString imageFileFilter() {
  QStringList patterns;
  for (const QByteArray& suffix : QImageReader::supportedImageFormats())
    patterns << QStringLiteral("*.") + QString::fromLatin1(suffix);
  return MainWindow::tr("Images (%1)").arg(patterns.join(QLatin1Char(' '))) + QStringLiteral(";;") +
         MainWindow::tr("All files (*)");
}

QDockWidget* makeDock(const QString& title, const QString& name, QWidget* content, QMainWindow* window) {
  auto* dock = new QDockWidget(title, window);
  dock->setObjectName(name);
  dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
  dock->setWidget(content);
  window->addDockWidget(Qt::RightDockWidgetArea, dock);
  return dock;
}

}  // namespace

MainWindow::MainWindow(app::EditSession* session, QWidget* parent) : QMainWindow(parent) {
  setObjectName(QStringLiteral("mainWindow"));
  setAcceptDrops(true);
  // Pasted and dropped picture data is decoded by Qt itself: up to the size a file may have.
  app::allowSourceSizedDecodes();
  setWindowIcon(QIcon(QStringLiteral(":/icons/ifedit.svg")));
  recent_ = new app::RecentFiles(this);

  createWidgets();
  createActions();
  createToolBar();
  createMenus();
  createStatusBar();

  resize(fittedToScreen(this, QSize(1400, 900)));
  watchFocus();
  setSession(session);
}

MainWindow::~MainWindow() {
  // ~QWidget hides the window, which moves the focus: the watcher must not see a half-destroyed
  // MainWindow (UBSan: member access within an object of type 'QWidget').
  disconnect(focusWatch_);
}

void MainWindow::createWidgets() {
  canvas_ = new CanvasView(this);
  compareBar_ = new CompareBar(canvas_, this);
  firstRun_ = new FirstRunPanel(this);
  progressPanel_ = new RunProgressPanel(this);
  timeline_ = new TimelineView(this);

  auto* centre = new QWidget(this);
  auto* layout = new QVBoxLayout(centre);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  layout->addWidget(firstRun_);
  layout->addWidget(canvas_, 1);
  layout->addWidget(compareBar_);
  layout->addWidget(progressPanel_);
  layout->addWidget(timeline_);
  setCentralWidget(centre);

  instructionBox_ = new InstructionBox(this);
  reviewPanel_ = new PromptReviewPanel(this);
  historyPanel_ = new HistoryPanel(this);
  auto* instructionDock = makeDock(tr("Instruction"), QStringLiteral("instructionDock"), instructionBox_, this);
  auto* promptDock = makeDock(tr("Temporal Prompt"), QStringLiteral("promptDock"), reviewPanel_, this);
  auto* historyDock = makeDock(tr("History"), QStringLiteral("historyDock"), historyPanel_, this);
  resizeDocks({instructionDock, promptDock, historyDock}, {150, 330, 260}, Qt::Vertical);
  resizeDocks({instructionDock}, {420}, Qt::Horizontal);
  // Tab follows the work: instruction, Run, the prompt and its buttons, then the frames it made
  // (the timeline sits in the centre, so by creation it came last), then the history.
  setTabOrder(reviewPanel_->asIsButton(), timeline_);

  connect(instructionBox_, &InstructionBox::runRequested, this, &MainWindow::runRequested);
  for (QPlainTextEdit* editor : {instructionBox_->editor(), reviewPanel_->editor()}) {
    editor->installEventFilter(this);
    editor->viewport()->installEventFilter(this);
  }
  connect(canvas_, &CanvasView::zoomChanged, this, &MainWindow::updateImageInfo);
  connect(canvas_, &CanvasView::shownImageChanged, this, &MainWindow::updateImageInfo);
  connect(canvas_, &CanvasView::compareChanged, this, &MainWindow::updateActions);
  connect(progressPanel_, &RunProgressPanel::cancelRequested, this, [this] {
    if (session_) session_->cancel();
  });
  connect(reviewPanel_, &PromptReviewPanel::approveRequested, this, [this] {
    if (session_ && !session_->approvePrompt()) statusBar()->showMessage(session_->lastError(), 8000);
  });
  connect(reviewPanel_, &PromptReviewPanel::regenerateRequested, this,
          [this] { rewritePrompt(&app::EditSession::regeneratePrompt); });
  connect(reviewPanel_, &PromptReviewPanel::useInstructionRequested, this,
          [this] { rewritePrompt(&app::EditSession::useInstructionAsPrompt); });
  connect(reviewPanel_, &PromptReviewPanel::useTemplateRequested, this,
          [this] { rewritePrompt(&app::EditSession::useOfflineTemplate); });
  connect(historyPanel_, &HistoryPanel::useAsSourceRequested, this, [this] {
    if (session_) session_->useResultAsSource();
  });
  connect(historyPanel_, &HistoryPanel::refused, this, [this](const QString& why) { statusBar()->showMessage(why, 8000); });
  connect(firstRun_, &FirstRunPanel::useDemoRequested, this, [this] {
    if (session_) session_->useDemoModel();
  });
}

void MainWindow::watchFocus() {
  focusWatch_ = connect(qApp, &QApplication::focusChanged, this, [this](QWidget* old, QWidget*) {
    reviewFocusDisplaced_ = old && !old->isEnabled() && reviewPanel_ && reviewPanel_->isAncestorOf(old);
  });
}

void MainWindow::setSession(app::EditSession* session) {
  if (session_ == session && session) return;
  disconnectFromSession(session_, this);
  session_ = session;
  canvas_->setSession(session);
  instructionBox_->setSession(session);
  reviewPanel_->setSession(session);
  progressPanel_->setSession(session);
  timeline_->setSession(session);
  historyPanel_->setSession(session);
  if (session_) {
    connect(session_, &app::EditSession::sourceChanged, this, [this] {
      updateTitle();
      updateImageInfo();
      updateActions();
      // A new picture is there to be edited: the cursor goes where the edit is typed.
      if (session_->hasSource() && !session_->isBusy()) instructionBox_->editor()->setFocus(Qt::OtherFocusReason);
    });
    connect(session_, &app::EditSession::stateChanged, this, &MainWindow::updateActions);
    // Written beside a finished evolution (the state stays Picking or Done): the cursor follows
    // the prompt all the same.
    connect(session_, &app::EditSession::promptWritten, this, [this] {
      const QWidget* focus = QApplication::focusWidget();
      if (!focus || instructionBox_->isAncestorOf(focus)) reviewPanel_->focusReview();
    });
    previousState_ = int(session_->state());
    connect(session_, &app::EditSession::stateChanged, this, [this](app::EditSession::State state) {
      const auto previous = app::EditSession::State(previousState_);
      previousState_ = int(state);
      // The written prompt is next: the cursor follows it from the instruction, so a second
      // Ctrl+Enter approves instead of writing the prompt again. Focus elsewhere is left alone.
      const QWidget* focus = QApplication::focusWidget();
      if (state == app::EditSession::State::Reviewing && (!focus || instructionBox_->isAncestorOf(focus)))
        reviewPanel_->focusReview();
      // The frames are next: Space, K and the arrow keys play and scrub instead of typing into
      // the prompt that was just approved (a next instruction being typed keeps its cursor).
      // Focus that the run pushed out of the review panel counts as there: the Approve button
      // it was on is disabled by the run, and Qt moved it on (to the history list).
      if (state == app::EditSession::State::Picking && previous == app::EditSession::State::Evolving &&
          (!focus || reviewPanel_->isAncestorOf(focus) || reviewFocusDisplaced_))
        timeline_->setFocus(Qt::OtherFocusReason);
    });
    connect(session_, &app::EditSession::displayChanged, this, &MainWindow::updateActions);
    connect(session_, &app::EditSession::resultChanged, this, &MainWindow::updateActions);
    connect(session_, &app::EditSession::promptChanged, this, &MainWindow::updateActions);
    connect(session_, &app::EditSession::instructionChanged, this, &MainWindow::updateActions);
    connect(session_, &app::EditSession::parametersChanged, this, &MainWindow::updateActions);
    connect(session_, &app::EditSession::modelStatusChanged, this, [this] {
      updateModelStatus();
      updateActions();
    });
    connect(session_, &app::EditSession::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(session_, &app::EditSession::runFailed, this,
            [this](const QString& text) { showWarning(tr("The edit failed"), text); });
    connect(session_, &app::EditSession::rewriteFailed, this, [this](const QString&) {
      statusBar()->showMessage(tr("The VLM could not write the prompt: see the prompt panel for what to do."), 10000);
    });
    connect(session_->timeline(), &app::EvolutionTimeline::framesChanged, this, &MainWindow::updateActions);
    auto* stack = session_->undoStack();
    connect(stack, &QUndoStack::canUndoChanged, this, &MainWindow::updateActions);
    connect(stack, &QUndoStack::canRedoChanged, this, &MainWindow::updateActions);
    connect(stack, &QUndoStack::undoTextChanged, this, &MainWindow::updateActions);
    connect(stack, &QUndoStack::redoTextChanged, this, &MainWindow::updateActions);
  }
  updateTitle();
  updateImageInfo();
  updateModelStatus();
  updateActions();
}

bool MainWindow::openImage(const QString& path) {
  return whenEvolutionMayGo([this, path] { return openImageNow(path); });
}

bool MainWindow::whenEvolutionMayGo(const std::function<bool()>& change) {
  if (!session_ || session_->state() != State::Picking) return change();
  Q_EMIT messageShown(askBeforeLosing(this, QStringLiteral("leaveEvolutionQuestion"), tr("Leave this evolution?"),
                                      tr("This evolution has not been refined, so it is not in the history yet: "
                                         "another picture discards it."),
                                      tr("&Discard and Open"), [change](bool leave) {
                                        if (leave) change();
                                      }));
  return false;
}

bool MainWindow::openImageNow(const QString& path) {
  if (!session_) return false;
  if (session_->openImage(path)) {
    recent_->add(path);
    statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
  }
  showWarning(tr("Cannot open image"), session_->lastError());
  return false;
}

void MainWindow::openImageDialog() {
  QString dir;
  if (session_ && !session_->sourcePath().isEmpty()) dir = QFileInfo(session_->sourcePath()).absolutePath();
  const QString path = QFileDialog::getOpenFileName(this, tr("Open Image"), dir, imageFileFilter());
  if (!path.isEmpty()) openImage(path);
}

bool MainWindow::pasteImage() {
  if (!session_) return false;
  const QMimeData* mime = QApplication::clipboard()->mimeData();
  if (mime && mime->hasImage()) {
    const QImage image = qvariant_cast<QImage>(mime->imageData());
    return whenEvolutionMayGo([this, image] {
      if (!session_) return false;
      if (session_->setSourceImage(image, tr("Pasted image"))) {
        statusBar()->showMessage(tr("Pasted a %1 \u00d7 %2 picture").arg(image.width()).arg(image.height()), 5000);
        return true;
      }
      showWarning(tr("Cannot paste"), session_->lastError());
      return false;
    });
  }
  QString path = droppedFile(mime);
  if (path.isEmpty() && mime && mime->hasText()) {
    const QString text = mime->text().trimmed();
    const QUrl url(text);
    path = url.isLocalFile() ? url.toLocalFile() : text;
    if (!QFileInfo(path).isFile()) path.clear();
  }
  if (!path.isEmpty()) return openImage(path);
  statusBar()->showMessage(tr("The clipboard holds no picture."), 5000);
  return false;
}

void MainWindow::showAbout() {
  auto* box = new QMessageBox(this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setWindowTitle(tr("About %1").arg(app::applicationName()));
  box->setIconPixmap(windowIcon().pixmap(64, 64));
  box->setTextFormat(Qt::RichText);
  box->setText(tr("<h3>%1 %2</h3>"
                  "<p>Edits a picture by letting an image-to-video model evolve it, then picks and "
                  "refines the frame where the edit has happened (the IF-Edit method).</p>"
                  "<p>Model: Wan2.2-I2V-A14B. The bundled demo model has random weights: what it "
                  "makes is random-weight output, not an edit.</p>")
                   .arg(app::applicationName().toHtmlEscaped(), app::applicationVersion().toHtmlEscaped()));
  box->open();
  Q_EMIT messageShown(box);
}

void MainWindow::updateActions() {
  if (actions_.isEmpty()) return;
  const bool image = canvas_->hasImage();
  for (const char* id : {kActionZoomIn, kActionZoomOut, kActionFit, kActionActualSize})
    action(id)->setEnabled(image);
  app::EditSession* s = session_;
  const bool busy = s && s->isBusy();
  const State state = s ? s->state() : State::Empty;
  const bool frames = s && s->timeline()->arrivedFrames() > 0;
  action(kActionOpen)->setEnabled(s && !busy);
  action(kActionPaste)->setEnabled(s && !busy);
  recentMenu_->setEnabled(s && !busy);
  action(kActionRun)->setEnabled(s != nullptr);  // refusals explain themselves in the status line
  action(kActionApprove)->setEnabled(s && s->canApprove());
  // Also while the VLM writes: each replaces the rewrite in flight (canRun() is false while the
  // engine runs).
  action(kActionRegenerate)->setEnabled(s && s->canRun());
  action(kActionUseTemplate)->setEnabled(s && s->canRun());
  action(kActionUseInstruction)->setEnabled(s && s->canRun());
  action(kActionCancel)->setEnabled(s && s->canCancel());
  action(kActionRefine)->setEnabled(s && s->canRefine());
  action(kActionRefine)->setText(!s || s->parameters().refine ? tr("Re&fine Chosen Frame")
                                                              : tr("&Finish with Chosen Frame (refinement off)"));
  action(kActionUseAsSource)->setEnabled(s && state == State::Done && s->hasResult());
  action(kActionUseDemo)->setEnabled(s && !s->demoRequested() && !busy);
  action(kActionUseDemo)->setChecked(s && s->demoRequested());
  const bool compare = canvas_->canCompare();
  action(kActionSplitCompare)->setEnabled(compare);
  action(kActionShowBefore)->setEnabled(compare);
  action(kActionSplitCompare)->setChecked(canvas_->isSplitCompare());
  action(kActionShowBefore)->setChecked(canvas_->isShowingBefore());
  action(kActionPlay)->setEnabled(s && s->timeline()->arrivedFrames() > 1);  // one frame does not play
  action(kActionPreviousFrame)->setEnabled(frames);
  action(kActionNextFrame)->setEnabled(frames);
  action(kActionExportImage)->setEnabled(s && state == State::Done && s->hasResult());
  action(kActionExportEvolution)->setEnabled(frames && !busy && s->evolutionFrames().size() > 0 &&
                                             (state == State::Picking || state == State::Done));
  const QUndoStack* stack = s ? s->undoStack() : nullptr;
  // The steps are frame choices of the evolution on screen: only while it is (not over a new prompt).
  const bool framesShown = state == State::Picking || state == State::Done;
  undoAction_->setEnabled(stack && stack->canUndo() && framesShown);
  redoAction_->setEnabled(stack && stack->canRedo() && framesShown);
  undoAction_->setText(stack && stack->canUndo() ? tr("&Undo %1").arg(stack->undoText()) : tr("&Undo"));
  redoAction_->setText(stack && stack->canRedo() ? tr("&Redo %1").arg(stack->redoText()) : tr("&Redo"));
  firstRun_->setVisible(s && s->needsModelSetup());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (!droppedFile(event->mimeData()).isEmpty() || event->mimeData()->hasImage()) event->acceptProposedAction();
}

void MainWindow::dragMoveEvent(QDragMoveEvent* event) {
  if (!droppedFile(event->mimeData()).isEmpty() || event->mimeData()->hasImage()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QString path = droppedFile(event->mimeData());
  if (!path.isEmpty()) {
    event->acceptProposedAction();
    whenEvolutionMayGo([this, path] { return openDroppedFile(path); });
    return;
  }
  if (session_ && event->mimeData()->hasImage()) {
    event->acceptProposedAction();
    const QImage image = qvariant_cast<QImage>(event->mimeData()->imageData());
    whenEvolutionMayGo([this, image] {
      if (!session_) return false;
      if (session_->setSourceImage(image, tr("Dropped image"))) return true;
      showWarning(tr("Cannot open image"), session_->lastError());
      return false;
    });
  }
}

bool MainWindow::openDroppedFile(const QString& path) {
  // An image exported by IF-Edit also brings back the instruction, prompt, settings and seed.
  if (!openImageNow(path)) return false;
  QString problem;
  const auto restored = session_->restoreEditFrom(path, &problem);
  const QString name = QFileInfo(path).fileName();
  if (restored == app::EditSession::Restored::Edit) {
    const QString done = tr("Restored the instruction, prompt, settings and seed of %1").arg(name);
    statusBar()->showMessage(problem.isEmpty() ? done : done + QStringLiteral(" \u00b7 ") + problem,
                             problem.isEmpty() ? 8000 : 15000);
  }
  else if (restored == app::EditSession::Restored::PromptOnly)
    statusBar()->showMessage(tr("Restored the prompt of %1 (written by another tool: its settings were left as they are)")
                                 .arg(name), 8000);
  else if (!problem.isEmpty())
    statusBar()->showMessage(tr("Opened %1; its IF-Edit metadata could not be read: %2").arg(name, problem), 15000);
  return true;
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
  const auto carriesPicture = [](const QMimeData* mime) {
    return mime && (!droppedFile(mime).isEmpty() || mime->hasImage());
  };
  switch (event->type()) {
    case QEvent::DragEnter:
    case QEvent::DragMove: {
      auto* drag = static_cast<QDragMoveEvent*>(event);
      if (!carriesPicture(drag->mimeData())) break;  // plain text is dropped into the editor
      drag->acceptProposedAction();
      return true;
    }
    case QEvent::Drop: {
      auto* drop = static_cast<QDropEvent*>(event);
      if (!carriesPicture(drop->mimeData())) break;
      dropEvent(drop);
      return true;
    }
    case QEvent::ShortcutOverride: {
      // The editor claims Ctrl+V for text; with only a picture on the clipboard, Paste (the
      // window's action) takes it.
      const auto* key = static_cast<QKeyEvent*>(event);
      const QMimeData* clip = QApplication::clipboard()->mimeData();
      if (key->matches(QKeySequence::Paste) && clip && clip->hasImage() && !clip->hasText()) {
        event->ignore();
        return true;
      }
      break;
    }
    default: break;
  }
  return QMainWindow::eventFilter(watched, event);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  // The history lives in memory: a running edit, an unrefined evolution or results not exported
  // (minutes of GPU time each) are lost on quitting, so the user is asked first (without a
  // nested event loop: the close is refused and done again on "Quit Anyway").
  const QString risk = session_ && !quitConfirmed_ ? session_->workAtRisk() : QString();
  if (!risk.isEmpty()) {
    event->ignore();
    Q_EMIT messageShown(askBeforeLosing(this, QStringLiteral("quitQuestion"), tr("Quit %1?").arg(app::applicationName()),
                                        tr("Quitting now loses %1.").arg(risk), tr("&Quit Anyway"), [this](bool quit) {
                                          if (!quit) return;
                                          quitConfirmed_ = true;
                                          close();
                                        }));
    return;
  }
  // The session's worker stops within a DiT block.
  if (session_ && session_->isBusy()) session_->cancel();
  QMainWindow::closeEvent(event);
}

void MainWindow::createActions() {
  const auto keys = [](std::initializer_list<QKeySequence> list) { return QList<QKeySequence>(list); };

  QAction* open = createAction(kActionOpen, tr("&Open\u2026"), keys({QKeySequence::Open}));
  connect(open, &QAction::triggered, this, &MainWindow::openImageDialog);
  QAction* paste = createAction(kActionPaste, tr("&Paste Image"), keys({QKeySequence::Paste}));
  connect(paste, &QAction::triggered, this, &MainWindow::pasteImage);
  QAction* clearRecent = createAction(kActionClearRecent, tr("&Clear Recent Files"));
  connect(clearRecent, &QAction::triggered, recent_, &app::RecentFiles::clear);
  QAction* exportImage = createAction(kActionExportImage, tr("&Export Result\u2026"), keys({QKeySequence(Qt::CTRL | Qt::Key_E)}));
  connect(exportImage, &QAction::triggered, this, [this] {
    emitHook(&MainWindow::exportImageRequested, tr("Exporting arrives with the export dialog."));
  });
  QAction* exportEvolution = createAction(kActionExportEvolution, tr("Export E&volution\u2026"),
                                          keys({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E)}));
  connect(exportEvolution, &QAction::triggered, this, [this] {
    emitHook(&MainWindow::exportEvolutionRequested, tr("Exporting arrives with the export dialog."));
  });
  QAction* quit = createAction(kActionQuit, tr("&Quit"), keys({QKeySequence::Quit}));
  quit->setMenuRole(QAction::QuitRole);
  connect(quit, &QAction::triggered, this, &QWidget::close);

  undoAction_ = createAction(kActionUndo, tr("&Undo"), keys({QKeySequence::Undo}));
  connect(undoAction_, &QAction::triggered, this, [this] {
    if (session_ && !session_->isBusy()) session_->undoStack()->undo();
  });
  redoAction_ = createAction(kActionRedo, tr("&Redo"), keys({QKeySequence::Redo}));
  connect(redoAction_, &QAction::triggered, this, [this] {
    if (session_ && !session_->isBusy()) session_->undoStack()->redo();
  });
  QAction* settings = createAction(kActionSettings, tr("&Settings\u2026"), keys({QKeySequence(Qt::CTRL | Qt::Key_Comma)}));
  settings->setMenuRole(QAction::PreferencesRole);
  connect(settings, &QAction::triggered, this, [this] {
    emitHook(&MainWindow::settingsRequested, tr("Settings arrive with the settings dialog."));
  });
  connect(firstRun_, &FirstRunPanel::settingsRequested, settings, &QAction::trigger);

  // Ctrl+Enter means "go on" where the text is: in the instruction it writes the prompt, in the
  // prompt it approves and runs. Each action is bound to its panel (and listed in the menu).
  QAction* run = createAction(kActionRun, tr("&Write Prompt"),
                              keys({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}));
  run->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  instructionBox_->addAction(run);
  connect(run, &QAction::triggered, instructionBox_, &InstructionBox::runRequested);
  QAction* approve = createAction(kActionApprove, tr("&Approve Prompt and Run"),
                                  keys({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}));
  approve->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  reviewPanel_->addAction(approve);
  connect(approve, &QAction::triggered, reviewPanel_, &PromptReviewPanel::approveRequested);
  QAction* regenerate = createAction(kActionRegenerate, tr("Re&generate Prompt"),
                                     keys({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G)}));
  connect(regenerate, &QAction::triggered, reviewPanel_, &PromptReviewPanel::regenerateRequested);
  QAction* useTemplate = createAction(kActionUseTemplate, tr("Use Offline &Template"),
                                      keys({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T)}));
  connect(useTemplate, &QAction::triggered, reviewPanel_, &PromptReviewPanel::useTemplateRequested);
  QAction* useInstruction = createAction(kActionUseInstruction, tr("Run Instruction as &Is"),
                                         keys({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return),
                                               QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Enter)}));
  connect(useInstruction, &QAction::triggered, reviewPanel_, &PromptReviewPanel::useInstructionRequested);
  QAction* refine = createAction(kActionRefine, tr("Re&fine Chosen Frame"), keys({QKeySequence(Qt::CTRL | Qt::Key_R)}));
  connect(refine, &QAction::triggered, this, [this] {
    if (session_ && !session_->requestRefine()) statusBar()->showMessage(session_->lastError(), 8000);
  });
  QAction* cancel = createAction(kActionCancel, tr("&Cancel"), keys({QKeySequence(Qt::Key_Escape)}));
  connect(cancel, &QAction::triggered, this, [this] {
    if (session_) session_->cancel();
  });
  QAction* useAsSource = createAction(kActionUseAsSource, tr("Use Result as S&ource"), keys({QKeySequence(Qt::CTRL | Qt::Key_U)}));
  connect(useAsSource, &QAction::triggered, this, [this] {
    if (session_ && !session_->useResultAsSource()) statusBar()->showMessage(session_->lastError(), 8000);
  });
  QAction* demo = createAction(kActionUseDemo, tr("Use the &Demo Model (random weights)"),
                               keys({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D)}));
  demo->setCheckable(true);
  connect(demo, &QAction::triggered, this, [this] {
    if (session_) session_->useDemoModel();
    updateActions();
  });

  QAction* zoomIn = createAction(kActionZoomIn, tr("Zoom &In"), keys({QKeySequence::ZoomIn}));
  connect(zoomIn, &QAction::triggered, canvas_, &CanvasView::zoomIn);
  QAction* zoomOut = createAction(kActionZoomOut, tr("Zoom &Out"), keys({QKeySequence::ZoomOut}));
  connect(zoomOut, &QAction::triggered, canvas_, &CanvasView::zoomOut);
  QAction* fit = createAction(kActionFit, tr("&Fit in Window"), keys({QKeySequence(Qt::CTRL | Qt::Key_0)}));
  connect(fit, &QAction::triggered, canvas_, &CanvasView::fitToWindow);
  QAction* actual = createAction(kActionActualSize, tr("&Actual Size (100%)"), keys({QKeySequence(Qt::CTRL | Qt::Key_1)}));
  connect(actual, &QAction::triggered, canvas_, &CanvasView::actualSize);
  // Single keys, as in photo editors; typing in a text field still types them.
  QAction* split = createAction(kActionSplitCompare, tr("&Split Before/After"), keys({QKeySequence(Qt::Key_Y)}));
  split->setCheckable(true);
  connect(split, &QAction::toggled, canvas_, &CanvasView::setSplitCompare);
  QAction* before = createAction(kActionShowBefore, tr("Show &Before (toggle)"), keys({QKeySequence(Qt::Key_Backslash)}));
  before->setCheckable(true);
  connect(before, &QAction::toggled, canvas_, &CanvasView::setShowBefore);
  QAction* play = createAction(kActionPlay, tr("&Play/Pause Evolution"), keys({QKeySequence(Qt::Key_K)}));
  connect(play, &QAction::triggered, timeline_, &TimelineView::togglePlay);
  QAction* previous = createAction(kActionPreviousFrame, tr("Pre&vious Frame"), keys({QKeySequence(Qt::Key_Comma)}));
  connect(previous, &QAction::triggered, timeline_, [this] { timeline_->stepFrame(-1); });
  QAction* next = createAction(kActionNextFrame, tr("&Next Frame"), keys({QKeySequence(Qt::Key_Period)}));
  connect(next, &QAction::triggered, timeline_, [this] { timeline_->stepFrame(1); });

  QAction* about = createAction(kActionAbout, tr("&About %1").arg(app::applicationName()), keys({QKeySequence::HelpContents}));
  about->setMenuRole(QAction::AboutRole);
  connect(about, &QAction::triggered, this, &MainWindow::showAbout);
}

QAction* MainWindow::createAction(const char* id, const QString& text, const QList<QKeySequence>& shortcuts) {
  auto* act = new QAction(text, this);
  act->setObjectName(QLatin1String(id));
  act->setShortcuts(shortcuts);
  // Shortcuts work wherever the focus is in this window, the instruction text included.
  act->setShortcutContext(Qt::WindowShortcut);
  if (!shortcuts.isEmpty()) keepToolTipWithShortcut(act);
  actions_.insert(QLatin1String(id), act);
  return act;
}

void MainWindow::emitHook(void (MainWindow::*signal)(), const QString& missing) {
  if (isSignalConnected(QMetaMethod::fromSignal(signal))) Q_EMIT(this->*signal)();
  else statusBar()->showMessage(missing, 6000);
}

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(action(kActionOpen));
  recentMenu_ = file->addMenu(tr("Open &Recent"));
  recentMenu_->setObjectName(QStringLiteral("recentMenu"));
  connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
  connect(recent_, &app::RecentFiles::changed, this, &MainWindow::rebuildRecentMenu);
  rebuildRecentMenu();
  file->addAction(action(kActionPaste));
  file->addSeparator();
  file->addAction(action(kActionExportImage));
  file->addAction(action(kActionExportEvolution));
  file->addSeparator();
  file->addAction(action(kActionQuit));

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  edit->addAction(action(kActionUndo));
  edit->addAction(action(kActionRedo));
  edit->addSeparator();
  edit->addAction(action(kActionRun));
  edit->addAction(action(kActionRegenerate));
  edit->addAction(action(kActionUseTemplate));
  edit->addAction(action(kActionUseInstruction));
  edit->addAction(action(kActionApprove));
  edit->addAction(action(kActionRefine));
  edit->addAction(action(kActionCancel));
  edit->addSeparator();
  edit->addAction(action(kActionUseAsSource));
  edit->addSeparator();
  edit->addAction(action(kActionUseDemo));
  edit->addAction(action(kActionSettings));

  QMenu* view = menuBar()->addMenu(tr("&View"));
  view->addAction(action(kActionZoomIn));
  view->addAction(action(kActionZoomOut));
  view->addSeparator();
  view->addAction(action(kActionFit));
  view->addAction(action(kActionActualSize));
  view->addSeparator();
  view->addAction(action(kActionSplitCompare));
  view->addAction(action(kActionShowBefore));
  view->addSeparator();
  view->addAction(action(kActionPlay));
  view->addAction(action(kActionPreviousFrame));
  view->addAction(action(kActionNextFrame));
  view->addSeparator();
  view->addAction(toolBar_->toggleViewAction());

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(action(kActionAbout));
}

void MainWindow::createToolBar() {
  // The steps an artist takes with the mouse, with their names: open, refine the chosen frame,
  // compare, chain, export. Everything else is in the menus and on the panels.
  toolBar_ = addToolBar(tr("Toolbar"));
  toolBar_->setObjectName(QStringLiteral("mainToolBar"));
  toolBar_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  toolBar_->addAction(action(kActionOpen));
  toolBar_->addSeparator();
  toolBar_->addAction(action(kActionRefine));
  toolBar_->addAction(action(kActionCancel));
  toolBar_->addSeparator();
  toolBar_->addAction(action(kActionSplitCompare));
  toolBar_->addAction(action(kActionUseAsSource));
  toolBar_->addSeparator();
  toolBar_->addAction(action(kActionExportImage));
  for (QAction* a : toolBar_->actions())
    if (!a->isSeparator()) showOnToolbarWithoutMenuMarks(a);
}

void MainWindow::rebuildRecentMenu() {
  recentMenu_->clear();
  const QStringList files = recent_->files();
  for (int i = 0; i < files.size(); ++i) {
    const QString& f = files.at(i);
    QAction* a = recentMenu_->addAction(
        QStringLiteral("&%1 %2").arg(i + 1 < 10 ? QString::number(i + 1) : QStringLiteral("0"),
                                     QFileInfo(f).fileName().replace(QLatin1Char('&'), QLatin1String("&&"))));
    a->setToolTip(QDir::toNativeSeparators(f));
    a->setData(f);
    connect(a, &QAction::triggered, this, [this, f] { openImage(f); });
  }
  if (files.isEmpty()) recentMenu_->addAction(tr("(no recent files)"))->setEnabled(false);
  recentMenu_->addSeparator();
  recentMenu_->addAction(action(kActionClearRecent));
  action(kActionClearRecent)->setEnabled(!files.isEmpty());
}

void MainWindow::createStatusBar() {
  imageInfoLabel_ = new QLabel(this);
  imageInfoLabel_->setObjectName(QStringLiteral("imageInfo"));
  modelStatusLabel_ = new ElidedLabel(this);
  modelStatusLabel_->setObjectName(QStringLiteral("modelStatus"));
  imageInfoLabel_->setContentsMargins(8, 0, 8, 0);
  modelStatusLabel_->setContentsMargins(8, 0, 4, 0);
  auto* separator = new QFrame(this);
  separator->setFrameShape(QFrame::VLine);
  separator->setFrameShadow(QFrame::Sunken);
  imageInfoSeparator_ = separator;
  statusBar()->addPermanentWidget(imageInfoLabel_);
  statusBar()->addPermanentWidget(separator);
  statusBar()->addPermanentWidget(modelStatusLabel_);
  // A message for the moment ("Adjusted: …") is drawn left of the permanent lines: while one
  // shows, the model line (long for the demo, longer in German) yields most of the bar to it,
  // shortened with "…" (its tooltip says all of it).
  connect(statusBar(), &QStatusBar::messageChanged, this, [this](const QString& message) {
    modelStatusLabel_->setMaximumWidth(message.isEmpty() ? QWIDGETSIZE_MAX : std::max(120, statusBar()->width() / 3));
  });
}

void MainWindow::showWarning(const QString& title, const QString& text) {
  // Window-modal but not blocking (open(), not exec()), so nothing waits in a nested event loop and
  // tests can find the box and close it.
  auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
  box->setObjectName(QStringLiteral("warningBox"));
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
  Q_EMIT messageShown(box);
}

void MainWindow::runRequested() { rewritePrompt(&app::EditSession::requestRun); }

void MainWindow::rewritePrompt(bool (app::EditSession::*rewrite)()) {
  if (!session_) return;
  auto start = [this, rewrite] {
    if (session_ && !(session_.data()->*rewrite)()) statusBar()->showMessage(session_->lastError(), 8000);
  };
  if (!session_->canRun() || !session_->rewriteWouldLoseEdits()) {
    start();
    return;
  }
  // The new prompt would replace words the user typed (the editor's undo ends with the rewrite).
  Q_EMIT messageShown(askBeforeLosing(this, QStringLiteral("replacePromptQuestion"), tr("Replace your prompt?"),
                                      tr("The prompt holds your own words, not used by a run yet: a new prompt "
                                         "replaces them."),
                                      tr("&Replace"), [start](bool replace) {
                                        if (replace) start();
                                      },
                                      tr("&Keep My Prompt")));
}

void MainWindow::updateTitle() {
  const QString app = app::applicationName();
  if (session_ && session_->hasSource())
    setWindowTitle(tr("%1 \u2014 %2").arg(session_->sourceName(), app));
  else
    setWindowTitle(app);
}

void MainWindow::updateImageInfo() {
  imageInfoLabel_->setVisible(canvas_->hasImage());
  imageInfoSeparator_->setVisible(canvas_->hasImage());
  if (!canvas_->hasImage()) {
    imageInfoLabel_->clear();
    return;
  }
  const QSize size = canvas_->imageSize();
  const double scale = canvas_->shownScale();
  const QString zoom = QLocale().toString(canvas_->zoom() / scale * 100.0, 'f', 0);
  if (scale < 1.0) {  // engine output at the working size, drawn over the source
    const QSize shown = canvas_->shownImage().size();
    imageInfoLabel_->setText(tr("%1 \u00d7 %2 px over the %3 \u00d7 %4 source  \u00b7  %5%")
                                 .arg(shown.width())
                                 .arg(shown.height())
                                 .arg(size.width())
                                 .arg(size.height())
                                 .arg(zoom));
    return;
  }
  imageInfoLabel_->setText(tr("%1 \u00d7 %2 px  \u00b7  %3%").arg(size.width()).arg(size.height()).arg(zoom));
}

void MainWindow::updateModelStatus() {
  if (!session_) {
    modelStatusLabel_->clear();
    return;
  }
  const QString status = session_->modelStatus();
  // The status names the folder and its problem: the first-run panel changes only with it.
  firstRun_->setFolderProblem(QDir::toNativeSeparators(session_->modelSetup().path), session_->modelProblem());
  modelStatusLabel_->setText(status);
  modelStatusLabel_->setToolTip(status);
  // Random weights are flagged in colour wherever the model is named.
  showAsAlert(modelStatusLabel_, session_->isRandomWeightModel());
}

}  // namespace ifedit::ui
