#pragma once
// The editor window: canvas in the middle, instruction box docked below, menus and a status line.
// It forwards the user's intents to the session and shows what the session reports.
#include <QHash>
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>

#include "app/session/edit_session.h"

class QAction;
class QLabel;

namespace ifedit::ui {

class CanvasView;
class InstructionBox;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  // Action ids, for menus, tests and (later) user shortcuts.
  static constexpr const char* kActionOpen = "file.open";
  static constexpr const char* kActionQuit = "file.quit";
  static constexpr const char* kActionZoomIn = "view.zoom_in";
  static constexpr const char* kActionZoomOut = "view.zoom_out";
  static constexpr const char* kActionFit = "view.fit";
  static constexpr const char* kActionActualSize = "view.actual_size";
  static constexpr const char* kActionAbout = "help.about";

  explicit MainWindow(app::EditSession* session = nullptr, QWidget* parent = nullptr);
  ~MainWindow() override;

  // Re-binds the window and its views to `session` (not owned), disconnecting the previous one.
  void setSession(app::EditSession* session);
  app::EditSession* session() const { return session_; }

  QAction* action(const char* id) const { return actions_.value(QLatin1String(id)); }
  CanvasView* canvas() const { return canvas_; }
  InstructionBox* instructionBox() const { return instructionBox_; }
  QLabel* modelStatusLabel() const { return modelStatusLabel_; }

 public Q_SLOTS:
  // File > Open with a known path (also drag and drop and the command line). A file that cannot be
  // opened leaves the current picture and shows a message box saying why.
  bool openImage(const QString& path);
  void openImageDialog();
  void showAbout();
  void updateActions();

 Q_SIGNALS:
  // A message box was just shown (window-modal, not blocking), e.g. for a broken file.
  void messageShown(QMessageBox* box);

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dragMoveEvent(QDragMoveEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void createActions();
  void createMenus();
  void createStatusBar();
  QAction* createAction(const char* id, const QString& text, const QKeySequence& shortcut);
  void showWarning(const QString& title, const QString& text);
  void runRequested();
  void updateTitle();
  void updateImageInfo();
  void updateModelStatus();

  QPointer<app::EditSession> session_;
  CanvasView* canvas_ = nullptr;
  InstructionBox* instructionBox_ = nullptr;
  QLabel* modelStatusLabel_ = nullptr;
  QLabel* imageInfoLabel_ = nullptr;
  QWidget* imageInfoSeparator_ = nullptr;
  QHash<QString, QAction*> actions_;
};

}  // namespace ifedit::ui
