#pragma once
// How the editor marks a line the user must not miss (an error in a dialog, the demo model in the
// status line): white on a dark red of its own, so it reads in the dark, the light and the
// platform's palette alike. A red text colour alone cannot: what reads on a dark window (4.5:1)
// fades on a light one.
class QLabel;

namespace ifedit::ui {

void showAsAlert(QLabel* label, bool alert = true);

}  // namespace ifedit::ui
