#include "ui/instruction_box.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/session/edit_session.h"
#include "ui/session_connections.h"

namespace ifedit::ui {

InstructionBox::InstructionBox(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("instructionBox"));
  editor_ = new QPlainTextEdit(this);
  editor_->setObjectName(QStringLiteral("instructionEdit"));
  editor_->setAccessibleName(tr("Instruction"));
  editor_->setPlaceholderText(
      tr("Describe the edit, e.g. \u201cmake it night, with the street lamps lit\u201d"));
  editor_->setTabChangesFocus(true);
  editor_->installEventFilter(this);
  // Three lines of text, the rest of the height belongs to the picture.
  const int lineHeight = editor_->fontMetrics().lineSpacing();
  editor_->setMinimumHeight(lineHeight * 2 + 12);
  editor_->setMaximumHeight(lineHeight * 5 + 12);
  editor_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);

  runButton_ = new QPushButton(tr("&Run"), this);
  runButton_->setObjectName(QStringLiteral("runButton"));
  runButton_->setDefault(false);
  runButton_->setAutoDefault(false);

  hint_ = new QLabel(tr("Ctrl+Enter runs"), this);
  hint_->setObjectName(QStringLiteral("runHint"));
  // Smaller, in the text colour: drawn disabled it was grey on grey (1.6:1), hard to read.
  QFont small = hint_->font();
  small.setPointSizeF(small.pointSizeF() * 0.9);
  hint_->setFont(small);

  auto* side = new QVBoxLayout;
  side->addWidget(runButton_);
  side->addWidget(hint_);
  side->addStretch(1);

  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);
  layout->addWidget(editor_, 1);
  layout->addLayout(side);

  connect(runButton_, &QPushButton::clicked, this, &InstructionBox::runRequested);
  connect(editor_, &QPlainTextEdit::textChanged, this, &InstructionBox::pushTextToSession);
  updateRunButton();
}

InstructionBox::~InstructionBox() = default;

void InstructionBox::setSession(app::EditSession* session) {
  if (session_ == session) return;
  disconnectFromSession(session_, this);
  session_ = session;
  if (session_) {
    connect(session_, &app::EditSession::instructionChanged, this, [this](const QString& text) {
      if (editor_->toPlainText() != text) editor_->setPlainText(text);
      updateRunButton();
    });
    connect(session_, &app::EditSession::stateChanged, this, &InstructionBox::updateRunButton);
    connect(session_, &app::EditSession::sourceChanged, this, &InstructionBox::updateRunButton);
    connect(session_, &app::EditSession::modelStatusChanged, this, &InstructionBox::updateRunButton);
    if (editor_->toPlainText() != session_->instruction()) editor_->setPlainText(session_->instruction());
  }
  updateRunButton();
}

QString InstructionBox::text() const { return editor_->toPlainText(); }

bool InstructionBox::eventFilter(QObject* watched, QEvent* event) {
  if (watched == editor_ && event->type() == QEvent::KeyPress) {
    const auto* key = static_cast<QKeyEvent*>(event);
    const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
    // Ctrl+Enter only: Ctrl+Shift+Enter is the window's "Run Instruction as Is".
    if (enter && (key->modifiers() & ~Qt::KeypadModifier) == Qt::ControlModifier) {
      Q_EMIT runRequested();
      return true;  // no newline
    }
  }
  return QWidget::eventFilter(watched, event);
}

void InstructionBox::updateRunButton() {
  const bool can = session_ && session_->canRun();
  runButton_->setEnabled(can);
  runButton_->setToolTip(can ? tr("Run the edit (Ctrl+Enter)")
                             : (session_ ? session_->runBlockedReason() : tr("No session.")));
}

void InstructionBox::pushTextToSession() {
  if (session_) session_->setInstruction(editor_->toPlainText());
  updateRunButton();
}

}  // namespace ifedit::ui
