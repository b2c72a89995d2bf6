#pragma once
// The main window comes back as the user left it: size and position, panels, toolbar.
#include <QSize>

class QMainWindow;
class QWidget;

namespace ifedit::app {
class AppSettings;
}

namespace ifedit::ui {

// Applies the stored geometry and dock/toolbar state to `window` (before it is shown). Nothing
// stored, or a state from an older layout, leaves the window as built. Returns whether a stored
// layout was applied.
bool restoreWindowLayout(QMainWindow& window, const app::AppSettings& settings);

// `wanted`, shrunk to fit `share` of the available area of the widget's screen: a window sized
// or saved on a larger screen still shows its status bar and timeline.
QSize fittedToScreen(const QWidget* widget, QSize wanted, double share = 0.9);

// Stores the window's geometry and dock/toolbar state.
void saveWindowLayout(const QMainWindow& window, app::AppSettings& settings);

}  // namespace ifedit::ui
