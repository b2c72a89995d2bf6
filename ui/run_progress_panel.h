#pragma once
// The progress of the running step: a bar, one line with the stage, step i/N, the active expert
// and the time left, and a Cancel button (Esc). Hidden while nothing runs.
#include <QPointer>
#include <QWidget>

#include "app/session/edit_session.h"

class QLabel;
class QProgressBar;
class QPushButton;

namespace ifedit::ui {

class RunProgressPanel : public QWidget {
  Q_OBJECT
 public:
  explicit RunProgressPanel(QWidget* parent = nullptr);
  ~RunProgressPanel() override;

  void setSession(app::EditSession* session);

  QProgressBar* bar() const { return bar_; }
  QLabel* summaryLabel() const { return summary_; }
  QPushButton* cancelButton() const { return cancel_; }

 Q_SIGNALS:
  void cancelRequested();

 private:
  void refresh();

  QPointer<app::EditSession> session_;
  QProgressBar* bar_ = nullptr;
  QLabel* summary_ = nullptr;
  QPushButton* cancel_ = nullptr;
};

}  // namespace ifedit::ui
