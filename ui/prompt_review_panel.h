#pragma once
// Step 1 of IF-Edit as the user sees it (DESIGN.md §1.1): the temporal prompt streams in while the
// VLM writes it; then the user edits it, approves it (Ctrl+Enter, runs the evolution), lets it be
// written again, or runs the instruction as it is. The panel says who wrote the text (the VLM and
// its model, the offline template, or the user) and, when the VLM could not be reached, why —
// with a button that lets the offline template write it instead.
#include <QPointer>
#include <QWidget>

#include "app/session/edit_session.h"

class QFrame;
class QLabel;
class QPlainTextEdit;
class QTimer;
class QPushButton;

namespace ifedit::ui {

class PromptReviewPanel : public QWidget {
  Q_OBJECT
 public:
  explicit PromptReviewPanel(QWidget* parent = nullptr);
  ~PromptReviewPanel() override;

  void setSession(app::EditSession* session);
  app::EditSession* session() const { return session_; }

  QPlainTextEdit* editor() const { return editor_; }
  QLabel* originLabel() const { return origin_; }
  QLabel* errorLabel() const { return error_; }
  QPushButton* approveButton() const { return approve_; }
  QPushButton* regenerateButton() const { return regenerate_; }
  QPushButton* asIsButton() const { return asIs_; }
  QPushButton* templateButton() const { return useTemplate_; }
  bool isErrorShown() const;
  // Puts the keyboard focus where reviewing starts: the prompt (cursor at its end, so Ctrl+Enter
  // approves), or, when the VLM failed, the button that lets the offline template write it.
  void focusReview();

 Q_SIGNALS:
  void approveRequested();
  void regenerateRequested();
  void useInstructionRequested();
  void useTemplateRequested();

 private:
  void updateFromSession();
  void onPromptChanged(const QString& text);
  void showPrompt(const QString& text);

  QPointer<app::EditSession> session_;
  QLabel* origin_ = nullptr;
  QPlainTextEdit* editor_ = nullptr;
  QFrame* errorBox_ = nullptr;
  QLabel* error_ = nullptr;
  QLabel* warnings_ = nullptr;
  QPushButton* approve_ = nullptr;
  QPushButton* regenerate_ = nullptr;
  QPushButton* asIs_ = nullptr;
  QPushButton* useTemplate_ = nullptr;
  bool updating_ = false;  // the editor is being set from the session, not typed into
  QTimer* streamTimer_ = nullptr;
  QString pendingPrompt_;  // the latest prompt text, shown when the stream timer fires
};

}  // namespace ifedit::ui
