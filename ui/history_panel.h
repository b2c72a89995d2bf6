#pragma once
// The edits of this session (thumbnail, instruction, settings); a click revisits one, and "Use as
// Source" continues from the shown result. Random-weight results say so in their line.
#include <QPointer>
#include <QWidget>

#include "app/session/edit_session.h"

class QListWidget;
class QPushButton;

namespace ifedit::ui {

class HistoryPanel : public QWidget {
  Q_OBJECT
 public:
  explicit HistoryPanel(QWidget* parent = nullptr);
  ~HistoryPanel() override;

  void setSession(app::EditSession* session);
  QListWidget* list() const { return list_; }
  QPushButton* useAsSourceButton() const { return useAsSource_; }
  QPushButton* clearButton() const { return clear_; }

 Q_SIGNALS:
  void useAsSourceRequested();
  // A click that could not revisit an edit, and why (an edit is running).
  void refused(const QString& reason);

 private:
  void rebuild();
  void revisit(int row);
  void selectCurrent();

  QPointer<app::EditSession> session_;
  QListWidget* list_ = nullptr;
  QPushButton* useAsSource_ = nullptr;
  QPushButton* clear_ = nullptr;
  bool selecting_ = false;
};

}  // namespace ifedit::ui
