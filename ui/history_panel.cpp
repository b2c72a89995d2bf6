#include "ui/history_panel.h"

#include <QListWidget>
#include <QPushButton>
#include <QStringList>
#include <QVBoxLayout>

#include "app/session/edit_history.h"
#include "app/session/edit_session.h"
#include "ui/question_box.h"
#include "ui/session_connections.h"

namespace ifedit::ui {

HistoryPanel::HistoryPanel(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("historyPanel"));
  list_ = new QListWidget(this);
  list_->setObjectName(QStringLiteral("historyList"));
  list_->setAccessibleName(tr("Edits of this session"));
  list_->setIconSize(QSize(app::EditHistory::kThumbnailSize, app::EditHistory::kThumbnailSize));
  list_->setWordWrap(true);
  list_->setUniformItemSizes(false);
  list_->setSelectionMode(QAbstractItemView::SingleSelection);
  useAsSource_ = new QPushButton(tr("&Use Result as Source"), this);
  useAsSource_->setObjectName(QStringLiteral("useAsSourceButton"));
  useAsSource_->setToolTip(tr("Continue editing from the result on the canvas (chains edits)"));
  clear_ = new QPushButton(tr("C&lear History"), this);
  clear_->setObjectName(QStringLiteral("clearHistoryButton"));
  clear_->setToolTip(tr("Forget the edits listed here (they are kept in memory until then)"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);
  layout->addWidget(list_, 1);
  layout->addWidget(useAsSource_);
  layout->addWidget(clear_);
  connect(clear_, &QPushButton::clicked, this, [this] {
    if (!session_) return;
    const int unexported = session_->history()->unexportedCount();
    if (unexported == 0) {
      session_->clearHistory();
      return;
    }
    askBeforeLosing(this, QStringLiteral("clearHistoryQuestion"), tr("Clear the history?"),
                    tr("%n result(s) in the history were not exported and will be lost.", nullptr, unexported),
                    tr("C&lear"), [this](bool clear) {
                      if (clear && session_) session_->clearHistory();
                    });
  });
  connect(useAsSource_, &QPushButton::clicked, this, &HistoryPanel::useAsSourceRequested);
  // itemClicked, not currentRowChanged: clicking the selected entry again revisits it too.
  connect(list_, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
    if (!session_ || selecting_) return;
    const int row = list_->row(item);
    // An evolution joins the history when it is refined: until then, leaving it discards it. The
    // edit brings back its own instruction and prompt, over words typed into them.
    const bool leavesEvolution = session_->state() == app::EditSession::State::Picking;
    const bool replacesWords = !session_->isBusy() && session_->revisitWouldLoseWords();
    if (leavesEvolution || replacesWords) {
      QStringList lost;
      if (leavesEvolution)
        lost << tr("This evolution has not been refined, so it is not in the history yet: "
                   "going to another edit discards it.");
      if (replacesWords)
        lost << tr("The instruction or prompt holds your own words, not used by a run yet: the edit's own "
                   "replace them.");
      askBeforeLosing(this, leavesEvolution ? QStringLiteral("leaveEvolutionQuestion") : QStringLiteral("replaceWordsQuestion"),
                      leavesEvolution ? tr("Leave this evolution?") : tr("Replace your words?"), lost.join(QLatin1Char(' ')),
                      leavesEvolution ? tr("&Discard and Go") : tr("&Go to the Edit"), [this, row](bool go) {
                        if (go) revisit(row);
                        else selectCurrent();
                      });
      return;
    }
    revisit(row);
  });
  rebuild();
}

HistoryPanel::~HistoryPanel() = default;

void HistoryPanel::setSession(app::EditSession* session) {
  if (session_ == session) return;
  disconnectFromSession(session_, this);
  session_ = session;
  if (session_) {
    connect(session_->history(), &app::EditHistory::entryAdded, this, &HistoryPanel::rebuild);
    connect(session_->history(), &app::EditHistory::cleared, this, &HistoryPanel::rebuild);
    connect(session_, &app::EditSession::stateChanged, this, &HistoryPanel::selectCurrent);
    connect(session_, &app::EditSession::resultChanged, this, &HistoryPanel::selectCurrent);
  }
  rebuild();
}

void HistoryPanel::rebuild() {
  list_->clear();
  if (session_) {
    const auto* h = session_->history();
    for (int i = 0; i < h->count(); ++i) {
      const app::HistoryEntry& e = h->at(i);
      auto* item = new QListWidgetItem(QIcon(QPixmap::fromImage(e.thumbnail)),
                                       e.title() + QLatin1Char('\n') + e.settingsSummary(), list_);
      item->setToolTip(tr("<b>%1</b><br>Source: %2<br>%3: %4<br>%5")
                           .arg(e.instruction.toHtmlEscaped(), e.sourceName.toHtmlEscaped(),
                                app::EditSession::promptSourceText(e.promptSource, e.promptModel).toHtmlEscaped(),
                                e.prompt.toHtmlEscaped(), e.settingsSummary().toHtmlEscaped()));
    }
  }
  selectCurrent();
}

void HistoryPanel::revisit(int row) {
  if (!session_ || session_->revisit(row)) return;
  selectCurrent();
  // While an edit runs the click changes nothing: the window says why.
  if (session_->isBusy()) Q_EMIT refused(session_->lastError());
}

void HistoryPanel::selectCurrent() {
  selecting_ = true;
  const int current = session_ ? session_->currentHistoryIndex() : -1;
  list_->setCurrentRow(current);
  if (current < 0) list_->clearSelection();
  selecting_ = false;
  useAsSource_->setEnabled(session_ && session_->state() == app::EditSession::State::Done && session_->hasResult());
  clear_->setEnabled(session_ && session_->history()->count() > 0 && !session_->isBusy());
}

}  // namespace ifedit::ui
