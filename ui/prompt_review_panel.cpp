#include "ui/prompt_review_panel.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTextCursor>
#include <QTimer>
#include <QVBoxLayout>

#include "ui/session_connections.h"

namespace ifedit::ui {

using State = app::EditSession::State;

PromptReviewPanel::PromptReviewPanel(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("promptReview"));
  origin_ = new QLabel(this);
  origin_->setObjectName(QStringLiteral("promptOrigin"));
  origin_->setWordWrap(true);
  editor_ = new QPlainTextEdit(this);
  editor_->setObjectName(QStringLiteral("promptEdit"));
  editor_->setAccessibleName(tr("Temporal prompt"));
  editor_->setPlaceholderText(tr("The temporal prompt appears here: how the picture evolves into the edit."));
  editor_->setTabChangesFocus(true);

  errorBox_ = new QFrame(this);
  errorBox_->setObjectName(QStringLiteral("promptErrorBox"));
  errorBox_->setFrameShape(QFrame::StyledPanel);
  // Its own text colour with its own background: the light palette's black text was 1.7:1 on it.
  errorBox_->setStyleSheet(QStringLiteral("#promptErrorBox { background: #4a2b27; border-radius: 4px; }"
                                          "#promptErrorBox QLabel { color: #f4e4e1; }"));
  error_ = new QLabel(errorBox_);
  error_->setObjectName(QStringLiteral("promptError"));
  error_->setWordWrap(true);
  error_->setTextFormat(Qt::PlainText);
  useTemplate_ = new QPushButton(tr("Use the Offline &Template"), errorBox_);
  useTemplate_->setObjectName(QStringLiteral("useTemplateButton"));
  auto* errorLayout = new QVBoxLayout(errorBox_);
  errorLayout->setContentsMargins(8, 6, 8, 6);
  errorLayout->addWidget(error_);
  errorLayout->addWidget(useTemplate_, 0, Qt::AlignLeft);
  errorBox_->hide();

  warnings_ = new QLabel(this);
  warnings_->setWordWrap(true);
  warnings_->setEnabled(false);
  warnings_->hide();

  approve_ = new QPushButton(tr("&Approve and Run"), this);
  approve_->setObjectName(QStringLiteral("approveButton"));
  approve_->setToolTip(tr("Evolve the picture with this prompt (Ctrl+Enter in the prompt)"));
  regenerate_ = new QPushButton(tr("Re&generate"), this);
  regenerate_->setObjectName(QStringLiteral("regenerateButton"));
  regenerate_->setToolTip(tr("Let the VLM (or the template) write the prompt again"));
  asIs_ = new QPushButton(tr("Use Instruction as &Is"), this);
  asIs_->setObjectName(QStringLiteral("asIsButton"));
  asIs_->setToolTip(tr("Skip the rewrite: run with the instruction itself as the prompt"));

  // Approve on a row of its own, the two other ways to a prompt below it: in one row (German's
  // are long) they kept the side panels 490 pixels wide, leaving a 1024-pixel screen's picture
  // a third of the window.
  auto* approveRow = new QHBoxLayout;
  approveRow->addWidget(approve_);
  approveRow->addStretch(1);
  auto* otherRow = new QHBoxLayout;
  otherRow->addWidget(regenerate_);
  otherRow->addWidget(asIs_);
  otherRow->addStretch(1);
  auto* buttons = new QVBoxLayout;
  buttons->setContentsMargins(0, 0, 0, 0);
  buttons->addLayout(approveRow);
  buttons->addLayout(otherRow);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);
  layout->addWidget(origin_);
  layout->addWidget(editor_, 1);
  layout->addWidget(errorBox_);
  layout->addWidget(warnings_);
  layout->addLayout(buttons);

  connect(approve_, &QPushButton::clicked, this, &PromptReviewPanel::approveRequested);
  connect(regenerate_, &QPushButton::clicked, this, &PromptReviewPanel::regenerateRequested);
  connect(asIs_, &QPushButton::clicked, this, &PromptReviewPanel::useInstructionRequested);
  connect(useTemplate_, &QPushButton::clicked, this, &PromptReviewPanel::useTemplateRequested);
  // Streamed pieces are shown at most 20 times a second: each one re-lays out the growing
  // paragraph, so a burst of thousands (a buffering proxy) froze the window for seconds.
  streamTimer_ = new QTimer(this);
  streamTimer_->setSingleShot(true);
  streamTimer_->setInterval(50);
  connect(streamTimer_, &QTimer::timeout, this, [this] { showPrompt(pendingPrompt_); });
  connect(editor_, &QPlainTextEdit::textChanged, this, [this] {
    if (updating_ || !session_) return;
    session_->setPrompt(editor_->toPlainText());
  });
  updateFromSession();
}

PromptReviewPanel::~PromptReviewPanel() = default;

void PromptReviewPanel::setSession(app::EditSession* session) {
  if (session_ == session) return;
  disconnectFromSession(session_, this);
  session_ = session;
  if (session_) {
    connect(session_, &app::EditSession::promptChanged, this, &PromptReviewPanel::onPromptChanged);
    connect(session_, &app::EditSession::promptOriginChanged, this, &PromptReviewPanel::updateFromSession);
    connect(session_, &app::EditSession::stateChanged, this, &PromptReviewPanel::updateFromSession);
    connect(session_, &app::EditSession::sourceChanged, this, &PromptReviewPanel::updateFromSession);
    connect(session_, &app::EditSession::modelStatusChanged, this, &PromptReviewPanel::updateFromSession);
    connect(session_, &app::EditSession::instructionChanged, this, &PromptReviewPanel::updateFromSession);
    onPromptChanged(session_->prompt());
  }
  updateFromSession();
}

bool PromptReviewPanel::isErrorShown() const { return !errorBox_->isHidden(); }

void PromptReviewPanel::onPromptChanged(const QString& text) {
  pendingPrompt_ = text;
  if (session_ && session_->state() == app::EditSession::State::Rewriting && !text.isEmpty()) {
    if (!streamTimer_->isActive()) streamTimer_->start();
    return;
  }
  streamTimer_->stop();
  showPrompt(text);
}

void PromptReviewPanel::showPrompt(const QString& text) {
  if (editor_->toPlainText() == text) return;
  updating_ = true;
  const QString current = editor_->toPlainText();
  if (!current.isEmpty() && text.startsWith(current)) {
    // Streaming: append the new text instead of resetting the document.
    QTextCursor c(editor_->document());
    c.movePosition(QTextCursor::End);
    c.insertText(text.mid(current.size()));
    editor_->verticalScrollBar()->setValue(editor_->verticalScrollBar()->maximum());
  } else {
    editor_->setPlainText(text);
  }
  updating_ = false;
}

void PromptReviewPanel::focusReview() {
  if (isErrorShown() && useTemplate_->isEnabled()) {
    useTemplate_->setFocus(Qt::OtherFocusReason);
    return;
  }
  editor_->setFocus(Qt::OtherFocusReason);
  editor_->moveCursor(QTextCursor::End);
}

void PromptReviewPanel::updateFromSession() {
  const app::EditSession* s = session_;
  const State state = s ? s->state() : State::Empty;
  const bool rewriting = state == State::Rewriting;
  if (!rewriting && streamTimer_->isActive()) {  // the last pieces before the stream ended
    streamTimer_->stop();
    showPrompt(pendingPrompt_);
  }
  editor_->setReadOnly(!s || rewriting || state == State::Evolving || state == State::Refining || !s->hasSource());
  // The streamed pieces are not edits of the user's: one Ctrl+Z must not take most of the answer
  // away (turning undo off drops the steps; it starts afresh when the stream ends).
  if (editor_->isUndoRedoEnabled() == rewriting) editor_->setUndoRedoEnabled(!rewriting);

  QString origin = s ? s->promptOrigin() : QString();
  if (rewriting && s && !s->rewriteActivity().isEmpty()) origin += QStringLiteral(" (") + s->rewriteActivity() + QLatin1Char(')');
  if (origin.isEmpty()) origin = tr("Type an instruction and press Ctrl+Enter: the prompt is written here for you to review.");
  origin_->setText(origin);

  const QString error = s ? s->rewriteError() : QString();
  const bool templateFailed = s && s->rewriteErrorFromTemplate();
  errorBox_->setVisible(!error.isEmpty());
  if (!error.isEmpty() && templateFailed)
    error_->setText(tr("The offline template could not write the prompt: %1\nWrite the prompt yourself, run the "
                       "instruction as it is, or reword the instruction.")
                        .arg(error));
  else if (!error.isEmpty())
    error_->setText((s->prompt().trimmed().isEmpty()
                         ? tr("The VLM could not write the prompt: %1\nYou can let the offline template write it, run "
                              "the instruction as it is, or try again.")
                         : tr("The VLM could not write a new prompt: %1\nThe prompt you had is kept below. You can "
                              "approve it, let the offline template write one, or try again."))
                        .arg(error));
  const QStringList warnings = s ? s->rewriteWarnings() : QStringList();
  warnings_->setVisible(!warnings.isEmpty());
  warnings_->setText(warnings.join(QLatin1Char('\n')));

  approve_->setEnabled(s && s->canApprove());
  const bool canRewrite = s && s->canRun();
  regenerate_->setEnabled(canRewrite && state != State::Evolving && state != State::Refining);
  asIs_->setEnabled(canRewrite && !s->instruction().trimmed().isEmpty());
  useTemplate_->setEnabled(canRewrite && !(templateFailed && !error.isEmpty()));  // it would fail the same way
}

}  // namespace ifedit::ui
