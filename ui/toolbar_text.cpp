#include "ui/toolbar_text.h"

#include <QAction>
#include <QKeySequence>
#include <QRegularExpression>

namespace ifedit::ui {

QString toolbarText(const QString& menuText) {
  QString s = menuText;
  // A mnemonic in brackets after the text (the CJK convention: "打开(&O)", also full-width brackets).
  static const QRegularExpression bracketed(QStringLiteral("\\s*[(\\x{FF08}]&[^&\\s][)\\x{FF09}]"));
  s.remove(bracketed);
  // "&&" is a literal ampersand; any other "&" marks the mnemonic.
  for (qsizetype i = 0; i < s.size(); ++i)
    if (s[i] == QLatin1Char('&')) s.remove(i, 1);  // the next character (a second '&') is skipped
  static const QRegularExpression ellipsis(QStringLiteral("\\s*(?:\\.\\.\\.|\\x{2026}+)\\s*$"));
  s.remove(ellipsis);
  return s.trimmed();
}

void showOnToolbarWithoutMenuMarks(QAction* action) {
  auto update = [action] {
    const QString shown = toolbarText(action->text());
    if (action->iconText() != shown) action->setIconText(shown);  // emits changed(): stops here next time
  };
  update();
  QObject::connect(action, &QAction::changed, action, update);
}

void keepToolTipWithShortcut(QAction* action) {
  auto update = [action] {
    QString tip = toolbarText(action->text());
    if (!action->shortcut().isEmpty())
      tip += QStringLiteral(" (%1)").arg(action->shortcut().toString(QKeySequence::NativeText));
    if (action->toolTip() != tip) action->setToolTip(tip);  // emits changed(): stops here next time
  };
  update();
  QObject::connect(action, &QAction::changed, action, update);
}

}  // namespace ifedit::ui
