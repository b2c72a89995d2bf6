#include "ui/run_progress_panel.h"

#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

#include "app/session/evolution_timeline.h"
#include "ui/elided_label.h"
#include "ui/session_connections.h"

namespace ifedit::ui {

using State = app::EditSession::State;

RunProgressPanel::RunProgressPanel(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("runProgress"));
  bar_ = new QProgressBar(this);
  bar_->setRange(0, 1000);
  bar_->setTextVisible(false);
  bar_->setFixedWidth(220);
  summary_ = new ElidedLabel(this);
  summary_->setObjectName(QStringLiteral("progressSummary"));
  cancel_ = new QPushButton(tr("Cancel"), this);
  cancel_->setObjectName(QStringLiteral("cancelButton"));
  cancel_->setToolTip(tr("Stop the running step (%1)").arg(QKeySequence(Qt::Key_Escape).toString(QKeySequence::NativeText)));
  cancel_->setFocusPolicy(Qt::NoFocus);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(6, 2, 6, 2);
  layout->addWidget(bar_);
  layout->addWidget(summary_, 1);
  layout->addWidget(cancel_);
  connect(cancel_, &QPushButton::clicked, this, &RunProgressPanel::cancelRequested);
  refresh();
}

RunProgressPanel::~RunProgressPanel() = default;

void RunProgressPanel::setSession(app::EditSession* session) {
  if (session_ == session) return;
  disconnectFromSession(session_, this);
  session_ = session;
  if (session_) {
    connect(session_, &app::EditSession::progressChanged, this, &RunProgressPanel::refresh);
    connect(session_, &app::EditSession::stateChanged, this, &RunProgressPanel::refresh);
    connect(session_, &app::EditSession::promptOriginChanged, this, &RunProgressPanel::refresh);
    connect(session_->timeline(), &app::EvolutionTimeline::framesChanged, this, &RunProgressPanel::refresh);
  }
  refresh();
}

void RunProgressPanel::refresh() {
  const State state = session_ ? session_->state() : State::Empty;
  const bool busy = session_ && session_->isBusy();
  setVisible(busy);
  if (!busy) return;
  if (state == State::Rewriting) {
    bar_->setRange(0, 0);  // how long a VLM takes is unknown: a busy bar
    summary_->setText(session_->promptOrigin());
    return;
  }
  const app::RunProgress& p = session_->progress();
  if (p.indeterminate()) {
    bar_->setRange(0, 0);
  } else {
    bar_->setRange(0, 1000);
    bar_->setValue(int(p.fraction() * 1000));
  }
  QString text = p.summary();
  const auto* t = session_->timeline();
  if (p.stage() == app::RunStage::Decoding && state == State::Evolving && t->frameCount() > 0)
    text += tr(" \u00b7 %1 of %2 frames decoded").arg(t->arrivedFrames()).arg(t->frameCount());
  summary_->setText(text);
}

}  // namespace ifedit::ui
