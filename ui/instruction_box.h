#pragma once
// Where the user types the edit ("make it night"). Ctrl+Enter or the Run button asks to run; whether
// a run can start is the session's call, and the button shows why not in its tooltip.
#include <QPointer>
#include <QWidget>

#include "app/session/edit_session.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace ifedit::ui {

class InstructionBox : public QWidget {
  Q_OBJECT

 public:
  explicit InstructionBox(QWidget* parent = nullptr);
  ~InstructionBox() override;

  // Re-binds to `session` (disconnecting the previous one): the text follows session->instruction()
  // both ways and the Run button follows session->canRun().
  void setSession(app::EditSession* session);
  app::EditSession* session() const { return session_; }

  QString text() const;
  QPlainTextEdit* editor() const { return editor_; }
  QPushButton* runButton() const { return runButton_; }

 Q_SIGNALS:
  // The user asked to run (Ctrl+Enter in the text, or the Run button).
  void runRequested();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void updateRunButton();
  void pushTextToSession();

  QPointer<app::EditSession> session_;
  QPlainTextEdit* editor_ = nullptr;
  QPushButton* runButton_ = nullptr;
  QLabel* hint_ = nullptr;
};

}  // namespace ifedit::ui
