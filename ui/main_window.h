#pragma once
// The editor window. Centre: (first-run explanation,) canvas, compare slider, progress, timeline.
// Right: instruction, prompt review, history. Menus carry every action, each created once with an
// id, tr() text and a shortcut. The window forwards intents to the session and shows what the
// session reports; it never talks to the engine.
//
// Hooks for the settings dialog and the export dialog (built elsewhere): the actions
// kActionSettings, kActionExportImage and kActionExportEvolution emit settingsRequested(),
// exportImageRequested() and exportEvolutionRequested(); connect those (or the actions) to the
// dialogs. The session offers what they need (EditSession::setModelSetup/setParameters/
// setVlmEndpoint, resultImage, evolutionFrames, editReport, parametersText).
#include <QHash>
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>
#include <functional>

#include "app/session/edit_session.h"

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QToolBar;

namespace ifedit::app {
class RecentFiles;
}

namespace ifedit::ui {

class CanvasView;
class CompareBar;
class FirstRunPanel;
class HistoryPanel;
class InstructionBox;
class PromptReviewPanel;
class RunProgressPanel;
class TimelineView;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  // Action ids, for menus, tests and user shortcuts.
  static constexpr const char* kActionOpen = "file.open";
  static constexpr const char* kActionPaste = "file.paste";
  static constexpr const char* kActionClearRecent = "file.clear_recent";
  static constexpr const char* kActionExportImage = "file.export_image";          // hook: export dialog
  static constexpr const char* kActionExportEvolution = "file.export_evolution";  // hook: export dialog
  static constexpr const char* kActionQuit = "file.quit";
  static constexpr const char* kActionUndo = "edit.undo";
  static constexpr const char* kActionRedo = "edit.redo";
  static constexpr const char* kActionSettings = "edit.settings";  // hook: settings dialog
  static constexpr const char* kActionRun = "edit.run";            // instruction -> prompt
  static constexpr const char* kActionApprove = "edit.approve";    // prompt -> evolution
  static constexpr const char* kActionRegenerate = "edit.regenerate";
  static constexpr const char* kActionUseTemplate = "edit.use_template";
  static constexpr const char* kActionUseInstruction = "edit.use_instruction";
  static constexpr const char* kActionRefine = "edit.refine";
  static constexpr const char* kActionCancel = "edit.cancel";
  static constexpr const char* kActionUseAsSource = "edit.use_as_source";
  static constexpr const char* kActionUseDemo = "edit.use_demo";
  static constexpr const char* kActionZoomIn = "view.zoom_in";
  static constexpr const char* kActionZoomOut = "view.zoom_out";
  static constexpr const char* kActionFit = "view.fit";
  static constexpr const char* kActionActualSize = "view.actual_size";
  static constexpr const char* kActionSplitCompare = "view.split_compare";
  static constexpr const char* kActionShowBefore = "view.show_before";
  static constexpr const char* kActionPlay = "view.play";
  static constexpr const char* kActionPreviousFrame = "view.previous_frame";
  static constexpr const char* kActionNextFrame = "view.next_frame";
  static constexpr const char* kActionAbout = "help.about";

  explicit MainWindow(app::EditSession* session = nullptr, QWidget* parent = nullptr);
  ~MainWindow() override;

  // Re-binds the window and its views to `session` (not owned), disconnecting the previous one.
  void setSession(app::EditSession* session);
  app::EditSession* session() const { return session_; }

  QAction* action(const char* id) const { return actions_.value(QLatin1String(id)); }
  QList<QAction*> allActions() const { return actions_.values(); }
  CanvasView* canvas() const { return canvas_; }
  InstructionBox* instructionBox() const { return instructionBox_; }
  PromptReviewPanel* promptReview() const { return reviewPanel_; }
  RunProgressPanel* progressPanel() const { return progressPanel_; }
  TimelineView* timeline() const { return timeline_; }
  HistoryPanel* historyPanel() const { return historyPanel_; }
  FirstRunPanel* firstRunPanel() const { return firstRun_; }
  CompareBar* compareBar() const { return compareBar_; }
  QLabel* modelStatusLabel() const { return modelStatusLabel_; }
  QMenu* recentMenu() const { return recentMenu_; }
  QToolBar* toolBar() const { return toolBar_; }

 public Q_SLOTS:
  // File > Open with a known path (also drag and drop, recent files and the command line). A file
  // that cannot be opened leaves the current picture and shows a message box saying why. Over an
  // evolution that is not refined yet it asks first and opens (true) only once the user agrees.
  bool openImage(const QString& path);
  void openImageDialog();
  // Edit > Paste: a picture (or an image file) from the clipboard becomes the source.
  bool pasteImage();
  void showAbout();
  void updateActions();

 Q_SIGNALS:
  // A message box was just shown (window-modal, not blocking), e.g. for a broken file.
  void messageShown(QMessageBox* box);
  // Hooks (see the header comment).
  void settingsRequested();
  void exportImageRequested();
  void exportEvolutionRequested();

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dragMoveEvent(QDragMoveEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void closeEvent(QCloseEvent* event) override;
  // The instruction and prompt editors: a dropped picture opens (instead of its URL being typed),
  // and Ctrl+V with only a picture on the clipboard pastes it as the source.
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void createWidgets();
  void createActions();
  void createMenus();
  void createToolBar();
  void createStatusBar();
  QAction* createAction(const char* id, const QString& text, const QList<QKeySequence>& shortcuts = {});
  void emitHook(void (MainWindow::*signal)(), const QString& missing);
  void showWarning(const QString& title, const QString& text);
  // Runs `change` (which replaces the picture) now, or, over an evolution that is not refined
  // yet (it is in no history, a new picture discards it), once the user agrees: false till then.
  bool whenEvolutionMayGo(const std::function<bool()>& change);
  bool openImageNow(const QString& path);
  bool openDroppedFile(const QString& path);  // opens it and restores the edit it carries
  void runRequested();
  // Replaces the prompt (`rewrite`: the VLM, the template, or the instruction as is), asking
  // first when that would replace words the user typed into it.
  void rewritePrompt(bool (app::EditSession::*rewrite)());
  void rebuildRecentMenu();
  void updateTitle();
  void updateImageInfo();
  void updateModelStatus();
  void watchFocus();

  QPointer<app::EditSession> session_;
  CanvasView* canvas_ = nullptr;
  CompareBar* compareBar_ = nullptr;
  FirstRunPanel* firstRun_ = nullptr;
  RunProgressPanel* progressPanel_ = nullptr;
  TimelineView* timeline_ = nullptr;
  InstructionBox* instructionBox_ = nullptr;
  PromptReviewPanel* reviewPanel_ = nullptr;
  HistoryPanel* historyPanel_ = nullptr;
  QLabel* modelStatusLabel_ = nullptr;
  QLabel* imageInfoLabel_ = nullptr;
  QWidget* imageInfoSeparator_ = nullptr;
  QMenu* recentMenu_ = nullptr;
  QToolBar* toolBar_ = nullptr;
  QAction* undoAction_ = nullptr;
  int previousState_ = 0;  // the session's state before its last change (EditSession::State)
  bool quitConfirmed_ = false;  // "Quit Anyway" was chosen: the next close goes through
  QMetaObject::Connection focusWatch_;  // QApplication::focusChanged, cut before ~QWidget runs
  bool reviewFocusDisplaced_ = false;  // the last focus move was out of a review button disabled
  QAction* redoAction_ = nullptr;
  app::RecentFiles* recent_ = nullptr;
  QHash<QString, QAction*> actions_;
};

}  // namespace ifedit::ui
