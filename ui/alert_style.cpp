#include "ui/alert_style.h"

#include <QLabel>

namespace ifedit::ui {

void showAsAlert(QLabel* label, bool alert) {
  // The canvas's "random-weight output" badge colour; white on it is 6.6:1.
  label->setStyleSheet(alert ? QStringLiteral("QLabel { color: #ffffff; background: #a93226; border-radius: 3px; "
                                              "padding: 2px 6px; }")
                             : QString());
}

}  // namespace ifedit::ui
