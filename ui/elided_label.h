#pragma once
// A one-line label that yields its width: when the layout gives it less room than its text
// needs, the text ends in "…" and the tooltip says all of it. A plain QLabel's minimum width is
// its whole text, so a long status line (longer still in German) would widen the window itself.
#include <QLabel>

namespace ifedit::ui {

class ElidedLabel : public QLabel {
  Q_OBJECT
 public:
  explicit ElidedLabel(QWidget* parent = nullptr);

  QSize minimumSizeHint() const override;
  bool isElided() const;  // the text does not fit the label's width now

 protected:
  bool event(QEvent* event) override;
  void paintEvent(QPaintEvent* event) override;
};

}  // namespace ifedit::ui
