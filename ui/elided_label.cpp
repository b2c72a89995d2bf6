#include "ui/elided_label.h"

#include <QHelpEvent>
#include <QPainter>
#include <QStyle>
#include <QToolTip>

namespace ifedit::ui {

ElidedLabel::ElidedLabel(QWidget* parent) : QLabel(parent) {
  setTextFormat(Qt::PlainText);
  setWordWrap(false);
}

QSize ElidedLabel::minimumSizeHint() const {
  const QFontMetrics fm(font());
  return QSize(fm.horizontalAdvance(QStringLiteral("\u2026")) + 2 * margin(), QLabel::minimumSizeHint().height());
}

bool ElidedLabel::isElided() const {
  return fontMetrics().horizontalAdvance(text()) > contentsRect().width() - 2 * margin();
}

bool ElidedLabel::event(QEvent* event) {
  // The whole text when it is cut (a tooltip set on the label itself wins).
  if (event->type() == QEvent::ToolTip && toolTip().isEmpty()) {
    auto* help = static_cast<QHelpEvent*>(event);
    if (isElided()) QToolTip::showText(help->globalPos(), text(), this);
    else QToolTip::hideText();
    return true;
  }
  return QLabel::event(event);
}

void ElidedLabel::paintEvent(QPaintEvent*) {
  QPainter p(this);
  drawFrame(&p);  // and a style sheet's background (the demo model's alert colours)
  const QRect area = contentsRect().adjusted(margin(), margin(), -margin(), -margin());
  const QString shown = fontMetrics().elidedText(text(), Qt::ElideRight, area.width());
  style()->drawItemText(&p, area, int(alignment()) | Qt::TextSingleLine, palette(), isEnabled(), shown, foregroundRole());
}

}  // namespace ifedit::ui
