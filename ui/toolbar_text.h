#pragma once
// A menu command's text as a toolbar button or a tooltip shows it: no mnemonic and no ellipsis. Qt strips only
// "&" and three ASCII dots, so "&Open…" kept its "…", and Chinese menus' "打开(&O)……" showed
// "打开(O)……" on the button.
#include <QString>

class QAction;

namespace ifedit::ui {

QString toolbarText(const QString& menuText);

// Keeps `action`'s icon text (what a text-beside-icon tool button shows) equal to
// toolbarText(text()), also when the text changes later.
void showOnToolbarWithoutMenuMarks(QAction* action);

// Keeps `action`'s tooltip "toolbarText(text()) (shortcut)", also when the text or shortcut changes.
void keepToolTipWithShortcut(QAction* action);

}  // namespace ifedit::ui
